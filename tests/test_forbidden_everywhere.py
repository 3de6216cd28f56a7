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
                    # the user's own API tokens; the API's documentation and schema
                    "api_tokens", "api_docs", "api-1:openapi-json",
                    # public: anyone may check a PDF against the register
                    "documents:verify",
                    # quality: the units the user sees; the user's own suggestions; a new one
                    "quality:home", "quality:suggestion_list", "quality:suggestion_new",
                    # public (no sign-in): a citizen's suggestion and its tracking
                    "public:suggest", "public:track",
                    # public: the health check, no sign-in and nothing of anyone
                    # (tests/test_view_healthz.py)
                    "healthz",
                    # public: the site's icon (tests/test_quiet_output.py)
                    "favicon"}
# Open to whoever holds the secret in the address (a recipient's copy, a document's QR code, the
# signer's agent, a survey's public link): test_the_addresses_with_a_secret_open_only_with_the_
# real_one.
OPEN_WITH_THE_SECRET = {"documents:copy", "documents:copy_file", "documents:verify_code",
                        "drafting:remote_agent", "public:survey", "public:survey_thanks",
                        "public:survey_qr"}
# The API answers 401 to a session (it takes tokens only): walked with a token below.
SKIP_PREFIXES = ("admin:", "api-1:", "dhis2_")


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
    quality = quality_entries_of(tree["ward"], users)
    survey = {"token": quality.pop("survey_token")}
    return {**quality, **records_of(catalogue["form"], tree, users), "public:survey": survey,
            "public:survey_thanks": survey, "public:survey_qr": survey,
            "code": tree["ward"].code, "form_code": catalogue["form"].code, "number": 2,
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
            "drafting:remote", "drafting:remote_cancel", "quality:unit", "quality:capa",
            "quality:capa_act", "quality:audit", "quality:survey", "quality:suggestion",
            "quality:suggestion_act", "quality:report_draft", "quality:review_list",
            "records:dossier", "records:item", "records:file", "records:hold_lift",
            "records:transfer", "records:disposal", "records:due", "records:retention"} <= set(
        checked)


def quality_entries_of(unit, users) -> dict:
    """One real entry of every quality register, survey, audit and suggestion of `unit`."""
    from django.utils import timezone

    from baocao.quality import builtin, registers, suggestions, surveys

    builtin.load_current()
    today = timezone.localdate()
    reporter, iso = users["reporter"], users["iso_secretary"]
    objective = registers.create_objective(unit=unit, year=today.year, title="o", measure="m",
                                           comparison="at_least", target="1", actor=reporter)
    error = registers.record_document_error(unit=unit, document_title="1/BC", error="e",
                                            found_by="f", found_on=today, actor=reporter)
    capa = registers.open_capa(unit=unit, kind="corrective", problem="p", action="a",
                               responsible=reporter, due_date=today, actor=reporter)
    problem = registers.record_problem(unit=unit, occurred_on=today, kind="late",
                                       description="d", actor=reporter)
    incident = registers.record_incident(unit=unit, equipment="e", occurred_at=timezone.now(),
                                         effect="x", actor=reporter)
    complaint = registers.record_complaint(unit=unit, received_on=today, subject="s",
                                           explanation_due=today, actor=reporter)
    audit = registers.plan_audit(committee=unit.committee(), title="a", planned_on=today,
                                 scope="s", units=[unit], auditors=[iso], actor=iso)
    survey = surveys.create_survey(unit=unit, title="s", actor=iso)
    suggestion = suggestions.submit(unit=unit, title="t", body="b", actor=reporter)
    return {"objective_id": objective.pk, "error_id": error.pk, "capa_id": capa.pk,
            "problem_id": problem.pk, "incident_id": incident.pk,
            "complaint_id": complaint.pk, "audit_id": audit.pk, "survey_id": survey.pk,
            "suggestion_id": suggestion.pk, "survey_token": survey.token}


def records_of(form, tree, users) -> dict:
    """A dossier of each records page: one transferred and disposed of (with its item), one
    under a legal hold."""
    from django.utils import timezone

    from baocao.catalogue.periods import Period
    from baocao.records import custody, retention
    from baocao.records.demo import _paper_dossier
    from tests.records_helpers import load_schedule

    load_schedule()
    clerk, year = users["clerk"], timezone.localdate().year
    old = _paper_dossier(form, tree["office"], clerk, Period("month", year - 7, 11), 1)
    held = _paper_dossier(form, tree["office"], clerk, Period("month", year - 7, 12), 2)
    item = old.items.first()
    transfer = custody.transfer([old], clerk, number="1/BB", received_by="Lưu trữ",
                                transferred_on=timezone.localdate())
    disposal = custody.dispose([old], clerk, number="1/QĐ", decided_by="Chủ tịch",
                               decided_on=timezone.localdate())
    hold = retention.place_hold(held, clerk, "Thanh tra")
    return {"dossier_id": old.pk, "item_id": item.pk, "hold_id": hold.pk,
            "transfer_id": transfer.pk, "disposal_id": disposal.pk}


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


@pytest.mark.parametrize("name", sorted(OPEN_TO_ANY_USER - {"login", "logout", "set_language",
                                                             "favicon"}))  # an image
def test_the_open_pages_show_nothing_of_another_ward(client_for, tree, catalogue, name):
    from django.urls import reverse

    kwargs = {"regime_code": "monthly"} if name == "catalogue:regime_detail" else {}
    html = client_for("other_reporter").get(reverse(name, kwargs=kwargs)).content.decode()
    assert "Phường Bưởi" not in html and "TAYHO-BUOI" not in html and "BC-T" not in html


# The API's lists show only what the caller may see (tested in tests/test_api_v1.py); these
# name one object and must refuse the reporter of another ward.
API_LISTS = {"api-1:list_units", "api-1:list_indicators", "api-1:list_targets",
             "api-1:list_forms", "api-1:list_rounds", "api-1:list_drafts",
             "api-1:get_indicator", "api-1:get_consolidation", "api-1:openapi-json",
             "dhis2_system_info", "dhis2_me", "dhis2_organisation_units", "dhis2_data_elements",
             "dhis2_data_sets", "dhis2_category_option_combos", "api-1:list_submissions"}


def test_every_api_operation_refuses_the_reporter_of_another_ward(client, users, everything,
                                                                  dhis2_uids):
    """With the other ward's reporter's token: each operation naming a thing of TAYHO-BUOI is
    refused (403 or 404), and writes change nothing."""
    from baocao.collection.models import DataValue
    from baocao.organisation import tokens

    secret = tokens.create(users["other_reporter"], "t", "write", 7)[1]
    header = {"HTTP_AUTHORIZATION": f"ApiToken {secret}"}
    objects = {**everything, "code": "TAYHO-BUOI", "indicator_code": "YT01",
               "api-1:get_indicator": {"code": "YT01"}}
    before = list(DataValue.objects.values_list("pk", "value", "official"))
    checked = []
    for name, pattern in all_url_names():
        if not name.startswith(("api-1:", "dhis2_")) or name in API_LISTS:
            continue
        url = url_for_other_ward(name, pattern, objects)
        if name in ("dhis2_data_value_sets", "dhis2_data_values"):
            url += "?period=202610&orgUnit=WardBuoi001&de=YtDanSo0001&pe=202610&ou=WardBuoi001"
        for method in ("get", "post", "put", "delete"):
            body = {"data": '{"indicator": "YT01", "value": "1"}',
                    "content_type": "application/json"} if method == "put" else {}
            response = getattr(client, method)(url, **body, **header)
            assert response.status_code in (403, 404, 405, 409), \
                f"{name} {method} ({url}) answered {response.status_code}"
        checked.append(name)
    assert list(DataValue.objects.values_list("pk", "value", "official")) == before
    assert {"api-1:get_unit", "api-1:get_submission", "api-1:put_value", "api-1:get_draft",
            "api-1:get_document", "api-1:get_document_pdf", "dhis2_data_value_sets",
            "dhis2_data_values", "dhis2_complete_registrations"} <= set(checked)
