"""Gates with reasons, not silence: building, submitting, signing and issuing a draft whose
figures leave out units that have not sent name them and go on only with a reason, kept in the
log and the audit event; the issued appendix says whose figures are missing.  And a unit's
report with an error cannot be approved or sent, with the reason said."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baocao.audit.models import Event
from baocao.collection import submissions
from baocao.documents.models import Document
from baocao.drafting import building, workflow
from baocao.drafting.models import Draft, StepLog
from baocao.outbox.models import Notification

from .conftest import fill, sent

WHY = "Phường Nhật Tân chưa gửi dù đã nhắc; tổng hợp để kịp giao ban."


@pytest.fixture
def half_sent(collection, users):
    """Our ward sent its report; the other ward has not."""
    fill(collection["submission"], users["reporter"], YT01="1000", YT02="900")
    submissions.save_text(collection["submission"], collection["results"],
                          "<p>Phường Bưởi đã hoàn thành.</p>", users["reporter"])
    fill(collection["other"], users["other_reporter"], YT01="5000")
    submissions.save_text(collection["other"], collection["results"],
                          "<p>Nhật Tân chưa gửi.</p>", users["other_reporter"])
    sent(collection["submission"])
    return collection


def test_building_names_the_units_that_have_not_sent_and_asks_why(half_sent, users):
    with pytest.raises(ValidationError) as refused:
        building.draft_from_round(half_sent["round"], users["compiler"])
    assert "Phường Nhật Tân" in refused.value.message_dict["unsent_reason"][0]
    assert not Draft.objects.exists()
    draft = building.draft_from_round(half_sent["round"], users["compiler"], unsent_reason=WHY)
    assert draft.not_counted == [{"code": "TAYHO-NHATTAN", "name": "Phường Nhật Tân"}]
    text = " ".join(draft.sections.values_list("html", flat=True))
    assert "Phường Bưởi đã hoàn thành" in text and "Nhật Tân chưa gửi" not in text
    assert "1.000" in text and "5.000" not in text  # only the sent report's figures
    appendix = draft.sections.filter(kind="appendix").first().html
    assert "chưa tính số liệu của 1 đơn vị chưa gửi báo cáo: Phường Nhật Tân" in appendix
    log = StepLog.objects.get(draft=draft, action="create")
    assert log.reason == WHY and log.details["not_counted"] == ["TAYHO-NHATTAN"]
    assert Event.objects.get(action="draft.create").details["unsent_reason"] == WHY


def test_submit_sign_and_issue_ask_the_reason_too(half_sent, users, recipients):
    draft = building.draft_from_round(half_sent["round"], users["compiler"], unsent_reason=WHY)
    with pytest.raises(ValidationError) as refused:
        workflow.submit(draft, users["compiler"])
    assert "unsent_reason" in refused.value.message_dict
    assert Draft.objects.get(pk=draft.pk).step.code == "draft"  # nothing moved
    workflow.submit(draft, users["compiler"], unsent_reason=WHY)
    assert StepLog.objects.filter(draft=draft, action="submit").get().details[
        "unsent_reason"] == WHY
    draft = Draft.objects.get(pk=draft.pk)
    draft.step = draft.regime.steps.get(code="sign")
    draft.save()
    with pytest.raises(ValidationError, match="Phường Nhật Tân"):
        workflow.sign(draft, users["office_head"])
    workflow.sign(draft, users["office_head"], unsent_reason=WHY)
    with pytest.raises(ValidationError, match="Phường Nhật Tân"):
        workflow.issue(Draft.objects.get(pk=draft.pk), users["clerk"], recipients=recipients)
    workflow.issue(Draft.objects.get(pk=draft.pk), users["clerk"], recipients=recipients,
                   unsent_reason=WHY)
    document = Document.objects.get()
    appendix = [s["html"] for s in document.content if s.get("kind") == "appendix"]
    assert "Phường Nhật Tân" in appendix[0]
    assert Event.objects.filter(action="draft.issue",
                                details__unsent_reason=WHY).exists()


def test_no_gate_when_every_unit_sent(monthly_draft, users):
    assert monthly_draft.not_counted == []
    workflow.submit(monthly_draft, users["compiler"])  # no reason needed


def test_the_build_page_asks_for_the_reason(half_sent, client_for):
    client = client_for("compiler")
    url = reverse("drafting:draft_create", args=[half_sent["round"].pk])
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 400 and "Phường Nhật Tân" in html
    assert 'name="unsent_reason"' in html and not Draft.objects.exists()
    assert "is-invalid" not in html  # a question first, not an error
    html = client.post(url, {"unsent_reason": "  "}).content.decode()
    assert "is-invalid" in html and "hãy nêu lý do" in html and not Draft.objects.exists()
    response = client.post(url, {"unsent_reason": WHY})
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "drafting:draft", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Phường Nhật Tân" in page and 'name="unsent_reason"' in page  # the submit gate
    response = client.post(reverse("drafting:act", args=[draft.pk, "submit"]),
                           {"step": draft.step_id})
    assert response.status_code == 400 and "nêu lý do" in response.content.decode()


def test_an_error_blocks_approval_and_says_so(collection, users, client_for):
    fill(collection["submission"], users["reporter"], YT01="100", YT02="900")  # YT02 > YT01
    with pytest.raises(ValidationError) as refused:
        submissions.approve(collection["submission"], users["head"])
    assert refused.value.messages[0].startswith("Chưa duyệt được")
    response = client_for("head").post(reverse("collection:submission_action", args=[
        collection["submission"].pk, "approve"]), follow=True)
    assert "Chưa duyệt được" in response.content.decode()
    collection["submission"].refresh_from_db()
    assert collection["submission"].state == "draft"


def test_the_reporter_puts_the_report_to_the_head(collection, users, client_for):
    page = reverse("collection:submission", args=[collection["submission"].pk])
    assert "Trình lãnh đạo duyệt" in client_for("reporter").get(page).content.decode()
    assert "Trình lãnh đạo duyệt" not in client_for("head").get(page).content.decode()
    with pytest.raises(ValidationError, match="Chưa trình được"):  # required rows empty
        submissions.ask_approval(collection["submission"], users["reporter"])
    fill(collection["submission"], users["reporter"], YT01="1000", YT02="900")
    submissions.save_text(collection["submission"], collection["results"], "<p>Xong.</p>",
                          users["reporter"])
    response = client_for("reporter").post(reverse("collection:submission_action", args=[
        collection["submission"].pk, "ask_approval"]))
    assert response.status_code == 302
    told = Notification.objects.filter(user=users["head"]).first()  # the newest
    assert "trình đồng chí duyệt" in told.title and told.url == page
    assert Event.objects.filter(action="submission.ask_approval").exists()
    assert "Đã trình lãnh đạo lúc" in client_for("reporter").get(page).content.decode()


def test_only_the_units_people_put_it_to_the_head(collection, client_for):
    response = client_for("other_reporter").post(reverse(
        "collection:submission_action", args=[collection["submission"].pk, "ask_approval"]))
    assert response.status_code == 403
