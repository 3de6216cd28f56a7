"""Digital signatures: the signer's PAdES signature at signing, the committee's seal over the
numbered document at issue, and verification (the command, the upload page, the QR code's page).
"""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from baocao.documents import keys, signing, structure, verification
from baocao.documents.models import Document
from baocao.drafting import workflow

from .conftest import sent

PASSWORD = "Khoa-ky-2026"


@pytest.fixture
def signed_setup(settings, users, tree, recipients):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                         organisation="UBND quận Tây Hồ", password=PASSWORD.encode())
    committee = tree["committee"]
    keys.new_demo_key(committee=committee, common_name="UBND QUẬN TÂY HỒ",
                         organisation="UBND quận Tây Hồ",
                         password=keys.seal_password(committee))
    return users


def at_sign(draft):
    draft.step = draft.regime.steps.get(code="sign")
    draft.save()
    return draft


def issued(draft, users, recipients):
    workflow.act(at_sign(draft), "sign", users["office_head"], password=PASSWORD)
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    return Document.objects.get(draft=draft)


def test_signing_needs_the_keys_password(signed_setup, monthly_draft, users):
    draft = at_sign(monthly_draft)
    for password in (None, "sai-mat-khau"):
        with pytest.raises(ValidationError):
            workflow.act(draft, "sign", users["office_head"], password=password)
        draft.refresh_from_db()
        assert draft.state == "open" and not draft.signed_pdf


def test_a_signer_without_a_key_is_refused(signed_setup, quarterly_round, users):
    from baocao.drafting import building

    sent(*quarterly_round.submissions.all())  # the units sent: no gate
    draft = at_sign(building.draft_from_round(quarterly_round, users["planning_compiler"]))
    with pytest.raises(ValidationError):
        workflow.act(draft, "sign", users["vice_chair"], password="x")
    draft.refresh_from_db()
    assert draft.state == "open"


def test_the_issued_pdf_is_signed_sealed_and_verifies(signed_setup, monthly_draft, users,
                                                      recipients, tmp_path, capsys):
    document = issued(monthly_draft, users, recipients)
    assert document.pdf and document.pdf_sha256 == signing.sha256(bytes(document.pdf))
    verdict = verification.verify(bytes(document.pdf))
    assert verdict.ok, verdict.problems
    assert [s.field for s in verdict.signatures] == [signing.SIGNER_FIELD, signing.SEAL_FIELD]
    first, seal = verdict.signatures
    assert "Người office_head" in first.signer and first.modification == "FORM_FILLING"
    assert first.changes == "chỉ điền số và ngày sau khi ký"
    assert "UBND QUẬN TÂY HỒ" in seal.signer and verdict.document == document
    assert seal.changes == "không bị thay đổi sau khi ký"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(bytes(document.pdf)))
    fields = {name: f.get("/V") for name, f in reader.get_fields().items()}
    assert fields[signing.NUMBER_FIELD] == f"Số: {document.reference}"
    assert fields[signing.DATE_FIELD].endswith(f"năm {document.issued_on.year}")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert f"Mã tra cứu: {document.code}" in " ".join(text.split())
    path = tmp_path / "issued.pdf"
    path.write_bytes(bytes(document.pdf))
    call_command("document", "verify", str(path))
    assert "HỢP LỆ" in capsys.readouterr().out


def test_one_byte_changed_fails(signed_setup, monthly_draft, users, recipients, tmp_path):
    document = issued(monthly_draft, users, recipients)
    data = bytearray(document.pdf)
    data[len(data) // 3] ^= 0x01
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(data))
    assert not verification.verify(bytes(data)).ok
    with pytest.raises(CommandError):
        call_command("document", "verify", str(path))


def test_a_key_outside_the_authority_fails(signed_setup, monthly_draft, users, tmp_path):
    from cryptography.hazmat.primitives.asymmetric import rsa

    from baocao.documents.models import SigningKey

    other_ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.datetime.now(datetime.UTC)
    name = keys._name("CA ngoài", "Không phải baocao")
    other_ca = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(other_ca_key.public_key()).serial_number(1)
                .not_valid_before(now - timedelta(days=1))
                .not_valid_after(now + timedelta(days=30))
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .sign(other_ca_key, hashes.SHA256()))
    data, cert = keys.new_pkcs12("Người giả mạo", "Không phải UBND", b"pw",
                                 authority=(other_ca_key, other_ca))
    stranger = SigningKey(pkcs12=data, certificate="", subject="x", fingerprint="x",
                          not_after=timezone.now())
    monthly_draft.verification_code = "TESTCODE12"
    report = structure.of_draft(monthly_draft, final=True)
    pdf = signing.sign_report(report, stranger, b"pw", signer_name="Người giả mạo",
                              position="?")
    verdict = verification.verify(pdf)
    assert not verdict.ok and not verdict.signatures[0].trusted
    path = tmp_path / "stranger.pdf"
    path.write_bytes(pdf)
    with pytest.raises(CommandError):
        call_command("document", "verify", str(path))


def test_the_verification_pages(signed_setup, monthly_draft, users, recipients, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = issued(monthly_draft, users, recipients)
    page = client.get(reverse("documents:verify_code", args=[document.code.lower()]))
    assert page.status_code == 200 and document.pdf_sha256 in page.content.decode()
    upload = SimpleUploadedFile("bc.pdf", bytes(document.pdf), content_type="application/pdf")
    result = client.post(reverse("documents:verify"), {"file": upload}).content.decode()
    assert "alert-success" in result and "01/BC-UBND" in result
    # in plain Vietnamese: who, their position, the authority, what changed after signing
    assert "Chữ ký số của người có thẩm quyền" in result and "Chữ ký số của cơ quan" in result
    assert "Người office_head" in result and "Chánh Văn phòng" in result
    assert "chỉ điền số và ngày sau khi ký" in result and "không bị thay đổi sau khi ký" in result
    assert "Tổ chức chứng thực thử nghiệm" in result and "tổ chức chứng thực tin cậy" in result
    for term in ("FORM_FILLING", "NONE", "ChuKyNguoiKy", "ChuKyCoQuan", "CN=", "Common Name"):
        assert term not in result, term
    bad = SimpleUploadedFile("x.pdf", b"not a pdf")
    assert client.post(reverse("documents:verify"), {"file": bad}).status_code == 400
    served = client.get(reverse("documents:copy_file", args=[document.distributions.first()
                                                             .token, "pdf"]))
    assert served.content == bytes(document.pdf)


def test_signing_and_issuing_through_the_pages(signed_setup, monthly_draft, client_for):
    draft = at_sign(monthly_draft)
    url = reverse("drafting:act", args=[draft.pk, "sign"])
    page = client_for("office_head").get(reverse("drafting:draft", args=[draft.pk]))
    assert 'name="password"' in page.content.decode()
    wrong = client_for("office_head").post(url, {"password": "sai", "step": draft.step_id})
    assert wrong.status_code == 400 and "Sai mật khẩu" in wrong.content.decode()
    assert "CN=" not in page.content.decode()  # the certificate in plain words
    assert "chứng thư số của Người office_head" in page.content.decode()
    client_for("office_head").post(url, {"password": PASSWORD, "step": draft.step_id})
    draft.refresh_from_db()
    assert draft.state == "signed" and draft.signed_pdf
    page = client_for("office_head").get(reverse("drafting:draft", args=[draft.pk]))
    assert ">Đã ký</span>" in page.content.decode() and "DỰ THẢO v" not in page.content.decode()
    issue = reverse("drafting:act", args=[draft.pk, "issue"])
    client_for("clerk").post(issue, {"issued_on": timezone.localdate().isoformat(),
                                     "filing_line": "Lưu: VT, VP.", "step": draft.step_id})
    draft.refresh_from_db()
    assert draft.state == "issued" and verification.verify(bytes(draft.document.pdf)).ok
    # the badge follows the step; the document's page says who signed and who issued
    page = client_for("office_head").get(reverse("drafting:draft", args=[draft.pk]))
    assert "Đã ban hành 01/BC-UBND" in page.content.decode()
    page = client_for("office_head").get(reverse("documents:document", args=[draft.document.pk]))
    html = page.content.decode()
    assert "Người ký: Người office_head" in html and "Chánh Văn phòng" in html
    assert "Văn thư Người clerk cấp số, phát hành ngày" in html
    assert "PDF (đã ký số)" in html and "file.pdf?unsigned=1" in html


# --- keys added by the administrator ------------------------------------------------------------

def key_file(name: str, password: bytes) -> io.BytesIO:
    data, _cert = keys.new_pkcs12(name, "UBND quận Tây Hồ", password)
    upload = io.BytesIO(data)
    upload.name = "khoa.p12"
    return upload


def test_the_administrator_adds_a_signers_key_file(settings, client_for, users):
    from baocao.documents.models import SigningKey

    admin = client_for("admin")
    url = reverse("admin:documents_signingkey_add")
    assert admin.get(url).status_code == 200
    wrong = admin.post(url, {"user": users["office_head"].pk, "backend": "pkcs12",
                             "key_file": key_file("Người office_head", b"dung"),
                             "password": "sai"})
    assert wrong.status_code == 200 and "Mật khẩu không mở được tệp khóa" in wrong.content.decode()
    assert not SigningKey.objects.exists()
    done = admin.post(url, {"user": users["office_head"].pk, "backend": "pkcs12",
                            "key_file": key_file("Người office_head", b"dung"),
                            "password": "dung"})
    assert done.status_code == 302
    key = SigningKey.objects.get()
    assert key.user == users["office_head"] and "office_head" in key.subject
    assert b"dung" not in bytes(key.pkcs12) and "dung" not in str(key.__dict__)
    from baocao.audit.models import Event

    assert Event.objects.filter(action__contains="signingkey").exists()
    # and the signer signs with it, typing the password
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    with pytest.raises(ValidationError):
        signing._signer(key, b"sai")
    assert signing._signer(key, b"dung") is not None


def test_a_committee_seal_is_kept_under_the_servers_seal_password(client_for, tree):
    from baocao.documents.models import SigningKey

    admin = client_for("admin")
    response = admin.post(reverse("admin:documents_signingkey_add"), {
        "committee": tree["committee"].pk, "backend": "pkcs12",
        "key_file": key_file("UBND QUẬN TÂY HỒ", b"cua-nha-cung-cap"),
        "password": "cua-nha-cung-cap"})
    assert response.status_code == 302
    key = SigningKey.objects.get(committee=tree["committee"])
    assert signing._signer(key, keys.seal_password(tree["committee"])) is not None


def test_the_administrator_adds_a_tokens_certificate(client_for, users):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from baocao.documents.models import SigningKey

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = keys.certify(private.public_key(), "Người leader", "UBND quận Tây Hồ")
    admin = client_for("admin")
    url = reverse("admin:documents_signingkey_add")
    not_a_cert = io.BytesIO(b"khong phai chung thu")
    not_a_cert.name = "x.cer"
    bad = admin.post(url, {"user": users["leader"].pk, "backend": "agent",
                           "certificate_file": not_a_cert})
    assert bad.status_code == 200 and "không phải chứng thư số" in bad.content.decode()
    der = io.BytesIO(cert.public_bytes(serialization.Encoding.DER))
    der.name = "leader.cer"
    assert admin.post(url, {"user": users["leader"].pk, "backend": "agent",
                            "certificate_file": der}).status_code == 302
    key = SigningKey.objects.get(user=users["leader"])
    assert key.backend == "agent" and key.fingerprint == keys.fingerprint(cert)
    assert not key.pkcs12
    # Both a signer and a committee, or neither: refused at the field
    both = admin.post(url, {"backend": "agent", "certificate_file": der})
    assert both.status_code == 200 and SigningKey.objects.count() == 1


def test_only_the_administrator_adds_keys(client_for):
    url = reverse("admin:documents_signingkey_add")
    for who in ("office_head", "clerk", "leader"):
        response = client_for(who).get(url)
        assert response.status_code in (302, 403)


def test_certificates_ending_within_a_month_are_on_the_administrators_list(users, tree):
    from baocao.core import registry
    from baocao.documents.models import SigningKey

    key = keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                               organisation="UBND quận Tây Hồ", password=b"x")
    assert not [i for i in registry.todo_for(users["admin"]) if "chứng thư" in i.title.lower()]
    SigningKey.objects.filter(pk=key.pk).update(not_after=timezone.now() + timedelta(days=10))
    items = [i for i in registry.todo_for(users["admin"]) if "chứng thư" in i.title.lower()]
    assert len(items) == 1 and "Người office_head" in items[0].title
    assert items[0].url == reverse("admin:documents_signingkey_change", args=[key.pk])
    # The signer is told too, with a link to their keys
    own = [i for i in registry.todo_for(users["office_head"]) if "chứng thư" in i.title.lower()]
    assert len(own) == 1 and own[0].url == reverse("documents:my_keys")
    assert not [i for i in registry.todo_for(users["clerk"]) if "chứng thư" in i.title.lower()]


def test_a_signer_sees_their_own_keys(users, client_for, client):
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                         organisation="UBND quận Tây Hồ", password=b"x")
    keys.new_demo_key(user=users["leader"], common_name="Người leader",
                         organisation="UBND quận Tây Hồ", password=b"x")
    page = client_for("office_head").get(reverse("documents:my_keys")).content.decode()
    assert "Người office_head" in page and "Người leader" not in page
    assert "Tệp khóa PKCS#12" in page and "đang dùng" in page
    empty = client_for("clerk").get(reverse("documents:my_keys")).content.decode()
    assert "Bạn chưa có khóa ký số" in empty
    assert client.get(reverse("documents:my_keys")).status_code == 302  # signed in only
