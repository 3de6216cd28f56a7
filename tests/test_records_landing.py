"""Each kind of item lands in its cycle's dossier as it happens, frozen as it stood."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baocao.collection import rounds, submissions
from baocao.records import landing
from baocao.records.models import Dossier, DossierItem

from .conftest import fill, pdf_bytes
from .records_helpers import issue_monthly, load_schedule

K = DossierItem.Kind


@pytest.fixture(autouse=True)
def schedule(db):
    load_schedule()


def kinds(dossier):
    return list(dossier.items.order_by("at", "pk").values_list("kind", flat=True))


def test_opening_a_round_opens_its_dossier_with_the_request_and_form(collection):
    dossier = Dossier.objects.get(round=collection["round"])
    assert dossier.state == "open" and dossier.code == "2026.BC-THANG.2026-10" or \
        dossier.code.startswith("2026.")
    assert {K.FORM_VERSION, K.REQUEST} <= set(kinds(dossier))
    request = dossier.items.get(kind=K.REQUEST)
    assert request.content["subject"] == "Báo cáo tháng 10"
    assert request.sha256 == landing.sha256(landing.canonical(request.content))


def test_the_guidance_lands_as_a_file(collection, users):
    rounds.attach_guidance(collection["round"], SimpleUploadedFile(
        "huong-dan.pdf", pdf_bytes(), content_type="application/pdf"), users["compiler"])
    item = Dossier.objects.get(round=collection["round"]).items.get(kind=K.GUIDANCE)
    assert item.file and item.sha256 == landing.sha256(pdf_bytes())
    assert item.file.read() == pdf_bytes()


def test_a_unit_report_is_frozen_as_sent_and_a_return_lands(collection, users):
    submission = collection["submission"]
    fill(submission, users["reporter"], YT01="1000", YT02="900")
    submissions.save_text(submission, collection["results"], "<p>Hoàn thành.</p>",
                          users["reporter"])
    submissions.ask_approval(submission, users["reporter"])
    submissions.approve(submission, users["head"])
    submissions.send(submission, users["head"])
    dossier = Dossier.objects.get(round=collection["round"])
    item = dossier.items.get(kind=K.UNIT_REPORT)
    values = {v["indicator"]: v["value"] for v in item.content["values"]}
    assert values["YT01"] == "1000" and item.who == users["head"]
    submissions.return_submission(submission, "Sai số liệu YT02", users["clerk"])
    fill(submission, users["reporter"], YT01="5")
    item.refresh_from_db()
    assert {v["indicator"]: v["value"] for v in item.content["values"]}["YT01"] == "1000"
    assert dossier.items.get(kind=K.RETURN).content["reason"] == "Sai số liệu YT02"


def test_every_step_of_the_draft_lands_in_order(monthly_draft, users, recipients):
    issue_monthly(monthly_draft, users, recipients)
    dossier = Dossier.objects.get(round=monthly_draft.round)
    got = kinds(dossier)
    for kind in (K.FIGURES, K.DRAFT_VERSION, K.APPROVAL, K.COMMENT, K.RESOLUTION,
                 K.SIGNATURE, K.DOCUMENT):
        assert kind in got, kind
    assert got.index(K.FIGURES) < got.index(K.DRAFT_VERSION) < got.index(K.SIGNATURE) \
        < got.index(K.DOCUMENT)
    version = dossier.items.get(kind=K.DRAFT_VERSION)
    assert version.media_type == "text/html" and b"<h1>" in version.file.read()
    document = dossier.items.get(kind=K.DOCUMENT)
    monthly_draft.refresh_from_db()
    assert document.number == monthly_draft.document.reference
    assert document.sha256 == landing.sha256(bytes(monthly_draft.document.pdf or b"")) or \
        not monthly_draft.document.pdf


def test_an_ad_hoc_order_opens_its_dossier_with_the_direction(users, tree, builtins):
    from datetime import date

    from baocao.drafting import building

    building.order_ad_hoc(subject="Báo cáo tình hình ngập úng", department=tree["department"],
                          deadline=date(2026, 12, 30), actor=users["leader"],
                          instructions="Báo cáo trước ngày 30/12.")
    dossier = Dossier.objects.get(ad_hoc__subject="Báo cáo tình hình ngập úng")
    item = dossier.items.get(kind=K.DIRECTION)
    assert item.content["instructions"] == "Báo cáo trước ngày 30/12."
    assert dossier.record_kind == "ad_hoc_report" and dossier.unit == tree["department"]
