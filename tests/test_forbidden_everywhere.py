"""A ward's reporter cannot open anything of another ward, nor the committee's own pages.

This walks every URL the application has (outside the Django admin, tested on its own), so a new
view is covered as soon as it exists: it must be listed below as open to any signed-in user, or
it must refuse the reporter of another ward.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages every signed-in user may open: they show only the user's own things.
OPEN_TO_ANY_USER = {"home", "password_change", "password_change_done", "set_language",
                    "organisation:unit_list", "login", "logout",
                    # the catalogue is reference data; lists show only what the user may see
                    "catalogue:indicator_list", "catalogue:form_list", "catalogue:regime_list",
                    "catalogue:regime_detail",
                    # lists of the user's own unit's reports
                    "collection:round_list", "collection:notification_list",
                    "notification_list",
                    # open on the user's own unit; another unit by ?unit= is refused
                    # (tests/test_view_consolidation.py)
                    "consolidation:table", "consolidation:narratives",
                    # the user's own drafts and those they are asked to comment on
                    "drafting:draft_list",
                    # the user's own signing keys, and their own second factor
                    "documents:my_keys", "second_factor", "second_factor_enrol",
                    # public: anyone may check a PDF against the register
                    "documents:verify"}
# Open to whoever holds the secret in the address (a recipient's copy, a document's QR code, the
# signer's agent): test_the_addresses_with_a_secret_open_only_with_the_real_one.
OPEN_WITH_THE_SECRET = {"documents:copy", "documents:copy_file", "documents:verify_code",
                        "drafting:remote_agent"}
SKIP_PREFIXES = ("admin:",)


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def url_for_other_ward(name, pattern, objects):
    """Fill every URL argument with objects of the ward the user is not in (`objects[name]`
    gives the arguments of one URL where they differ from the shared ones)."""
    from django.urls import reverse

    kwargs = {}
    for key in pattern.pattern.converters:
        value = objects.get(name, {}).get(key, objects.get(key))
        if value is None:
            raise AssertionError(f"{name}: teach this test how to fill <{key}>")
        kwargs[key] = value
    return reverse(name, kwargs=kwargs)


def pending_remote_signature(draft, user):
    """A signing request of `user` (their token's agent has not answered yet)."""
    from datetime import timedelta

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from django.utils import timezone

    from baocao.documents import keys
    from baocao.documents.models import SigningKey
    from baocao.drafting.models import RemoteSignature

    cert = keys.certify(ec.generate_private_key(ec.SECP256R1()).public_key(),
                        user.display_name, "UBND quận Tây Hồ")
    key = SigningKey.objects.create(
        user=user, backend=SigningKey.Backend.AGENT, subject="CN=x",
        certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
        fingerprint=keys.fingerprint(cert), not_after=timezone.now() + timedelta(days=30))
    return RemoteSignature.objects.create(
        draft=draft, user=user, key=key, step=draft.step, version=1, verification_code="X",
        token="t0ken-of-the-office-head", to_sign=b"x", prepared_pdf=b"%PDF-",
        expires_at=timezone.now() + timedelta(minutes=15))


@pytest.fixture
def everything(client_for, tree, catalogue, users, collection, monthly_draft, recipients):
    """One of each object the URLs name, of TAYHO-BUOI (the ward the user is not in) or of the
    committee: an issued document with its copies, a comment, an attachment, a signing request
    of the office head."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from baocao.collection import submissions
    from baocao.documents.models import Document
    from baocao.drafting import workflow
    from tests.conftest import pdf_bytes

    draft = monthly_draft
    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(draft, "consult", users["compiler"], users=[users["leader"]], units=[],
                 deadline=timezone.localdate() + timedelta(days=2))
    comment = workflow.answer(workflow.open_consultation_of(draft), users["leader"], body="x")
    workflow.resolve_comment(comment, users["compiler"], "accepted")
    workflow.act(draft, "resolve", users["compiler"])
    workflow.act(draft, "sign", users["office_head"])
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    document = Document.objects.get()
    attachment = submissions.add_attachment(
        collection["submission"], SimpleUploadedFile("a.pdf", pdf_bytes()), users["reporter"])
    remote = pending_remote_signature(draft, users["office_head"])
    copy = document.distributions.first()
    return {"code": tree["ward"].code, "form_code": catalogue["form"].code, "number": 2,
            "round_id": collection["round"].pk, "submission_id": collection["submission"].pk,
            "section_id": collection["results"].pk, "action": "approve",
            "attachment_id": attachment.pk, "draft_id": monthly_draft.pk,
            "comment_id": comment.pk, "document_id": document.pk, "token": remote.token,
            "fmt": "pdf",
            "documents:verify_code": {"code": document.code},
            "documents:copy": {"token": copy.token},
            "documents:copy_file": {"token": copy.token}}


def test_every_view_refuses_the_reporter_of_another_ward(client_for, everything):
    client = client_for("other_reporter")
    checked = []
    for name, pattern in all_url_names():
        if name.startswith(SKIP_PREFIXES) or name in OPEN_TO_ANY_USER | OPEN_WITH_THE_SECRET:
            continue
        url = url_for_other_ward(name, pattern, everything)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404, 405), \
                f"{name} ({url}) answered {response.status_code}"
        checked.append(name)
    assert {"organisation:unit_detail", "audit:event_list", "catalogue:form_version",
            "catalogue:form_version_approve", "collection:submission",
            "collection:submission_cell", "collection:attachment",
            "collection:round_detail", "drafting:draft", "drafting:act", "drafting:section",
            "drafting:comments", "documents:register", "documents:document",
            "drafting:remote", "drafting:remote_cancel"} <= set(checked)


def test_the_addresses_with_a_secret_open_only_with_the_real_one(client, everything):
    """Without signing in: the real secret opens the page, a made-up one is refused."""
    for name, pattern in all_url_names():
        if name not in OPEN_WITH_THE_SECRET:
            continue
        real = url_for_other_ward(name, pattern, everything)
        made_up = url_for_other_ward(name, pattern, {
            **everything, name: {key: "made-up-secret" for key in pattern.pattern.converters
                                 if key != "fmt"}})
        assert client.get(real).status_code == 200, name
        assert client.get(made_up).status_code == 404, name


@pytest.mark.parametrize("name", sorted(OPEN_TO_ANY_USER - {"login", "logout", "set_language"}))
def test_the_open_pages_show_nothing_of_another_ward(client_for, tree, catalogue, name):
    from django.urls import reverse

    kwargs = {"regime_code": "monthly"} if name == "catalogue:regime_detail" else {}
    html = client_for("other_reporter").get(reverse(name, kwargs=kwargs)).content.decode()
    assert "Phường Bưởi" not in html and "TAYHO-BUOI" not in html and "BC-T" not in html
