"""The surveys' pages for staff: the list with this month's counts, a new survey (the quality
roles, or a unit's head for their unit), the standard questions, a survey's results and its
printable QR card; another unit's survey refused."""

from django.urls import reverse

from baocao.quality import surveys
from baocao.quality.models import SatisfactionSurvey, SurveyQuestion


def test_a_head_creates_their_units_survey_and_sees_its_results(client_for, tree, users,
                                                                 quality_form):
    client = client_for("department_head")
    refused = client.post(reverse("quality:survey_list"), {"unit": tree["office"].pk,
                                                           "title": "x"})
    assert refused.status_code == 400 and not SatisfactionSurvey.objects.exists()
    response = client.post(reverse("quality:survey_list"), {
        "unit": tree["department"].pk, "title": "Hài lòng về y tế", "service": "Cấp phép"})
    assert response.status_code == 302
    survey = SatisfactionSurvey.objects.get()
    overall = next(q for q in surveys.questions() if q.is_overall)
    for value in (5, 4, 1):
        surveys.answer(survey, {overall.pk: value}, "Góp ý" if value == 1 else "",
                       surveys.visit_code(survey))
    html = client.get(reverse("quality:survey", args=[survey.pk])).content.decode()
    assert "3 phiếu" in html and "66,7%" in html and "Góp ý" in html
    card = client.get(reverse("quality:survey_print", args=[survey.pk])).content.decode()
    assert survey.token in card and "Ẩn danh" in card
    assert client.post(reverse("quality:survey_act", args=[survey.pk, "close"])).status_code \
        == 302
    survey.refresh_from_db()
    assert not survey.active


def test_the_committee_edits_the_standard_questions(client_for, users, quality_form):
    client = client_for("iso_secretary")
    client.post(reverse("quality:survey_questions"), {"text": "Phí, lệ phí được niêm yết rõ"})
    added = SurveyQuestion.objects.get(text="Phí, lệ phí được niêm yết rõ")
    client.post(reverse("quality:survey_questions"), {"retire": added.pk})
    added.refresh_from_db()
    assert not added.active
    overall = SurveyQuestion.objects.get(is_overall=True)
    response = client.post(reverse("quality:survey_questions"), {"retire": overall.pk},
                           follow=True)
    assert "Không thể bỏ câu hỏi" in response.content.decode()
    assert client_for("department_head").post(reverse("quality:survey_questions"), {
        "text": "x"}).status_code == 403


def test_another_units_survey_is_refused(client_for, tree, users, quality_form):
    survey = surveys.create_survey(unit=tree["department"], title="Y tế",
                                   actor=users["iso_secretary"])
    for who in ("other_reporter", "reporter"):
        client = client_for(who)
        assert client.get(reverse("quality:survey", args=[survey.pk])).status_code == 403
        assert client.get(reverse("quality:survey_print", args=[survey.pk])).status_code == 403
        assert client.post(reverse("quality:survey_act", args=[survey.pk, "close"])) \
            .status_code == 403
        assert client.get(reverse("quality:survey_list")).status_code == 403
    assert client_for("department_reporter").post(
        reverse("quality:survey_act", args=[survey.pk, "close"])).status_code == 403
