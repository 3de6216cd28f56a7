"""Signing with a USB token that stays with the signer: the signing page, the agent's address
(what to sign as JSON, the signature value back), the checks on the value, and what refuses it.
A software RSA key plays the token here; tests/test_documents_pkcs11.py does it with SoftHSM2
and the reference agent script."""

import base64
import io
import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from baocao.audit.models import Event
from baocao.documents import keys, verification
from baocao.documents.models import Document, SigningKey
from baocao.drafting import editing, remote, workflow
from baocao.drafting.models import Draft, RemoteSignature


def token_key(user, kind="rsa"):
    """The signer's key, "on their token": the server keeps only the certificate."""
    private = (rsa.generate_private_key(public_exponent=65537, key_size=2048) if kind == "rsa"
               else ec.generate_private_key(ec.SECP256R1()))
    cert = keys.certify(private.public_key(), user.display_name, "UBND quận Tây Hồ")
    SigningKey.objects.create(
        user=user, backend=SigningKey.Backend.AGENT,
        certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
        subject=cert.subject.rfc4514_string(), fingerprint=keys.fingerprint(cert),
        not_after=cert.not_valid_after_utc)
    return private


def agent_signs(private, request: dict) -> bytes:
    to_sign = base64.b64decode(request["to_sign"])
    if request["signature_algorithm"] == "sha256_ecdsa":
        return private.sign(to_sign, ec.ECDSA(hashes.SHA256()))
    return private.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())


@pytest.fixture
def setup(settings, users, tree, recipients, monthly_draft):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    committee = tree["committee"]
    keys.new_demo_key(committee=committee, common_name="UBND QUẬN TÂY HỒ",
                         organisation="UBND quận Tây Hồ",
                         password=keys.seal_password(committee))
    monthly_draft.step = monthly_draft.regime.steps.get(code="sign")
    monthly_draft.save()
    return token_key(users["office_head"])


def past_its_time(found: RemoteSignature) -> None:
    RemoteSignature.objects.filter(pk=found.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))


def started(client, draft) -> RemoteSignature:
    response = client.post(reverse("drafting:remote_start", args=[draft.pk]),
                           {"step": draft.step_id})
    found = RemoteSignature.objects.get(draft=draft)
    assert response.status_code == 302
    assert response["Location"] == reverse("drafting:remote", args=[found.token])
    return found


def test_the_agent_signs_through_its_address_and_the_report_is_issued(
        setup, monthly_draft, users, client_for, client, recipients):
    head = client_for("office_head")
    page = head.get(reverse("drafting:draft", args=[monthly_draft.pk]))
    assert "bằng USB token của tôi" in page.content.decode()
    found = started(head, monthly_draft)
    text = head.get(reverse("drafting:remote", args=[found.token])).content.decode()
    address = reverse("drafting:remote_agent", args=[found.token])
    assert address in text and "Chờ phần mềm ký" in text
    request = client.get(address).json()  # the agent has no session: the address is enough
    assert request["format"] == "baocao-remote-signature/1" and request["state"] == "pending"
    assert request["signature_algorithm"] == "sha256_rsa"
    assert request["answer_to"].endswith(address)
    # A value the certificate's key did not make is refused and changes nothing
    forged = client.post(address, json.dumps({"signature": base64.b64encode(bytes(256))
                                              .decode()}), content_type="application/json")
    assert forged.status_code == 400 and "không khớp" in forged.json()["error"]
    found.refresh_from_db()
    monthly_draft.refresh_from_db()
    assert found.attempts == 1 and found.state == "pending"
    assert monthly_draft.state == Draft.State.OPEN and not monthly_draft.signed_pdf
    value = agent_signs(setup, request)
    done = client.post(address, json.dumps({"signature": base64.b64encode(value).decode()}),
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "completed"
    monthly_draft.refresh_from_db()
    found.refresh_from_db()
    assert monthly_draft.state == Draft.State.SIGNED and monthly_draft.step.code == "issue"
    assert found.state == "completed" and not bytes(found.prepared_pdf)
    assert monthly_draft.verification_code == found.verification_code
    check = verification.verify(bytes(monthly_draft.signed_pdf)).signatures[0]
    assert check.intact and check.valid and check.trusted and "office_head" in check.signer
    assert monthly_draft.log.get(action="sign").details["remote"] == found.pk
    assert Event.objects.filter(action="draft.remote_sign_start").exists()
    assert Event.objects.filter(action="draft.remote_sign_completed").exists()
    # The clerk issues it as any other signed report: the seal beside the token's signature
    workflow.act(monthly_draft, "issue", users["clerk"], recipients=recipients)
    verdict = verification.verify(bytes(Document.objects.get(draft=monthly_draft).pdf))
    assert verdict.ok, verdict.problems
    # The address answers no more
    again = client.post(address, json.dumps({"signature": base64.b64encode(value).decode()}),
                        content_type="application/json")
    assert again.status_code == 400 and again.json()["state"] == "completed"


def test_the_answer_file_given_back_on_the_page(setup, monthly_draft, client_for, client):
    head = client_for("office_head")
    found = started(head, monthly_draft)
    download = client.get(reverse("drafting:remote_agent", args=[found.token]) + "?download=1")
    assert "attachment" in download["Content-Disposition"]
    value = agent_signs(setup, json.loads(download.content))
    page = reverse("drafting:remote", args=[found.token])
    bad = head.post(page, {"signature": "không phải base64"})
    assert bad.status_code == 400 and "base64" in bad.content.decode()
    answer = io.BytesIO(json.dumps({"signature": base64.b64encode(value).decode()}).encode())
    answer.name = "tra-loi.json"
    response = head.post(page, {"answer_file": answer})
    assert response.status_code == 302
    monthly_draft.refresh_from_db()
    assert monthly_draft.state == Draft.State.SIGNED


def test_an_ecdsa_token_signs_too(setup, monthly_draft, users):
    SigningKey.objects.filter(user=users["office_head"]).delete()
    private = token_key(users["office_head"], kind="ec")
    found = remote.start(monthly_draft, users["office_head"])
    request = remote.payload(found)
    assert request["signature_algorithm"] == "sha256_ecdsa"
    remote.complete(found, agent_signs(private, request))
    monthly_draft.refresh_from_db()
    assert verification.verify(bytes(monthly_draft.signed_pdf)).signatures[0].valid


def test_a_draft_changed_meanwhile_is_not_signed(setup, monthly_draft, users):
    found = remote.start(monthly_draft, users["office_head"])
    value = agent_signs(setup, remote.payload(found))
    # Returned for a change and brought back to the signer: a new version at the same step
    section = monthly_draft.sections.filter(kind="text").first()
    review = monthly_draft.regime.steps.get(code="review")
    Draft.objects.filter(pk=monthly_draft.pk).update(step=review)
    editing.save_section(section, section.html + "<p>Thêm một câu.</p>", users["office_head"],
                         revision=section.revision)
    Draft.objects.filter(pk=monthly_draft.pk).update(step=found.step)
    with pytest.raises(ValidationError, match="phiên bản"):
        remote.complete(found, value)
    found.refresh_from_db()
    monthly_draft.refresh_from_db()
    assert found.state == "cancelled" and monthly_draft.state == Draft.State.OPEN
    # Moved on to another step meanwhile
    again = remote.start(monthly_draft, users["office_head"])
    value = agent_signs(setup, remote.payload(again))
    Draft.objects.filter(pk=monthly_draft.pk).update(step=review)
    with pytest.raises(ValidationError, match="Look again|Hãy xem lại"):
        remote.complete(again, value)
    again.refresh_from_db()
    assert again.state == "cancelled"


def test_an_expired_request_is_refused(setup, monthly_draft, users, client_for):
    found = remote.start(monthly_draft, users["office_head"])
    value = agent_signs(setup, remote.payload(found))
    past_its_time(found)
    # Before the daily job closes it, the page already says it expired (not "waiting")
    page = client_for("office_head").get(reverse("drafting:remote", args=[found.token]))
    assert "(Đã hết hạn)" in page.content.decode()
    with pytest.raises(ValidationError, match="không còn mở"):
        remote.complete(found, value)
    found.refresh_from_db()
    assert found.state == "expired"


def test_the_daily_job_closes_requests_no_agent_answered(setup, monthly_draft, users):
    from baocao.drafting.tasks import consultations_daily

    found = remote.start(monthly_draft, users["office_head"])
    assert remote.expire() == 0
    past_its_time(found)
    consultations_daily.call_local()
    found.refresh_from_db()
    assert found.state == "expired" and not bytes(found.prepared_pdf)
    assert Event.objects.filter(action="draft.remote_sign_expired").exists()


def test_five_wrong_answers_close_the_request(setup, monthly_draft, users):
    found = remote.start(monthly_draft, users["office_head"])
    for _ in range(remote.MAX_ATTEMPTS):
        with pytest.raises(ValidationError):
            remote.complete(found, b"\x01" * 256)
    found.refresh_from_db()
    assert found.state == "cancelled" and found.attempts == remote.MAX_ATTEMPTS


def test_a_new_request_cancels_the_older_one(setup, monthly_draft, users, client_for):
    first = remote.start(monthly_draft, users["office_head"])
    second = remote.start(monthly_draft, users["office_head"])
    first.refresh_from_db()
    assert first.state == "cancelled" and second.state == "pending"
    assert Event.objects.filter(action="draft.remote_sign_cancelled").exists()
    head = client_for("office_head")
    head.post(reverse("drafting:remote_cancel", args=[second.token]))
    second.refresh_from_db()
    assert second.state == "cancelled"


def test_who_may_not(setup, monthly_draft, users, client_for, client):
    # Someone who does not sign at this step starts nothing
    response = client_for("clerk").post(reverse("drafting:remote_start",
                                                args=[monthly_draft.pk]))
    assert response.status_code in (302, 403) and not RemoteSignature.objects.exists()
    found = remote.start(monthly_draft, users["office_head"])
    # The signing page is the signer's own
    assert client_for("clerk").get(reverse("drafting:remote", args=[found.token])
                                   ).status_code == 403
    assert client.get(reverse("drafting:remote", args=[found.token])).status_code == 302
    assert client_for("clerk").post(reverse("drafting:remote_cancel", args=[found.token])
                                    ).status_code == 403
    # An unknown address, an oversized answer
    assert client.get(reverse("drafting:remote_agent", args=["khong-co"])).status_code == 404
    big = client.post(reverse("drafting:remote_agent", args=[found.token]), "x" * 70000,
                      content_type="application/json")
    assert big.status_code == 413
    # Signing with a password is refused for a key on a token
    with pytest.raises(ValidationError, match="USB"):
        workflow.act(monthly_draft, "sign", users["office_head"], password="x")


def test_a_key_file_signs_with_its_password_not_through_an_agent(setup, monthly_draft, users):
    SigningKey.objects.filter(user=users["office_head"]).delete()
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                         organisation="UBND quận Tây Hồ", password=b"mat-khau")
    with pytest.raises(ValidationError, match="mật khẩu"):
        remote.start(monthly_draft, users["office_head"])
    assert not RemoteSignature.objects.exists()


def test_no_token_signing_where_digital_signatures_are_off(setup, monthly_draft, users,
                                                            settings):
    settings.BAOCAO_DIGITAL_SIGNATURES = False
    with pytest.raises(ValidationError):
        remote.start(monthly_draft, users["office_head"])
    assert not RemoteSignature.objects.exists()
