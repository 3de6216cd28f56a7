"""The public survey (no sign-in): one answer per visit, a rate limit per address, nothing
personal kept (no address, no session, no time of day), bad input named in Vietnamese, CSRF."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from baocao.audit.models import Event
from baocao.quality import surveys
from baocao.quality.models import SurveyRating, SurveyResponse

ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(tree, users, quality_form):
    return surveys.create_survey(unit=tree["department"], title="Sự hài lòng về y tế",
                                 service="Cấp giấy phép", actor=users["iso_secretary"])


def page(client, survey):
    response = client.get(reverse("public:survey", args=[survey.token]), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    html = response.content.decode()
    visit = re.search(r'name="visit" value="([^"]+)"', html).group(1)
    return html, visit


def answers(survey, overall="5", **extra):
    data = {}
    for question in surveys.questions():
        data[f"q{question.pk}"] = overall if question.is_overall else "4"
    data.update(extra)
    return data


def post(client, survey, data, address=ADDRESS):
    return client.post(reverse("public:survey", args=[survey.token]), data, REMOTE_ADDR=address)


def test_an_answer_is_stored_without_anything_of_who_answered(survey):
    client = Client()
    html, visit = page(client, survey)
    assert "Ẩn danh" in html and "Sự hài lòng về y tế" in html
    response = post(client, survey, answers(survey, "4", visit=visit, comment="Nhanh gọn"))
    assert response.status_code == 302 and response.url.endswith("/thanks/")
    answer = SurveyResponse.objects.get()
    assert answer.satisfied and answer.overall == 4 and answer.comment == "Nhanh gọn"
    assert SurveyRating.objects.count() == len(surveys.questions())
    columns = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not columns & {"ip", "address", "user", "session", "created_at", "user_agent"}
    event = Event.objects.get(action="surveyresponse.create")
    assert event.ip is None and event.actor is None
    dump = " ".join(str(v) for row in SurveyResponse.objects.values() for v in row.values())
    dump += " ".join(str(e.details) + str(e.ip) for e in Event.objects.all())
    assert ADDRESS not in dump and visit not in dump
    assert not Session.objects.exists()


def test_one_visit_gives_one_answer(survey):
    client = Client()
    _html, visit = page(client, survey)
    post(client, survey, answers(survey, visit=visit))
    again = post(client, survey, answers(survey, "1", visit=visit))
    assert again.status_code == 302 and SurveyResponse.objects.count() == 1
    _html, second = page(client, survey)  # a new visit may answer again
    post(client, survey, answers(survey, "2", visit=second))
    assert list(SurveyResponse.objects.order_by("pk").values_list("overall", flat=True)) == [5, 2]


def test_the_rate_limit_per_address(survey, settings):
    settings.BAOCAO_PUBLIC_ANSWERS_PER_HOUR = 2
    client = Client()
    for _n in range(2):
        _html, visit = page(client, survey)
        assert post(client, survey, answers(survey, visit=visit)).status_code == 302
    _html, visit = page(client, survey)
    refused = post(client, survey, answers(survey, visit=visit))
    assert refused.status_code == 429 and "quá nhiều phiếu" in refused.content.decode()
    assert SurveyResponse.objects.count() == 2
    assert post(client, survey, answers(survey, visit=visit), "198.51.100.5").status_code == 302


@pytest.mark.parametrize(("change", "message"), [
    ({"overall": ""}, "Xin ông/bà trả lời câu hỏi này."),
    ({"overall": "9"}, "Hãy chọn"),
    ({"comment": "x" * 1001}, "1000"),
    ({"visit": "giả-mạo"}, "không hợp lệ"),
])
def test_bad_input_is_named_and_stores_nothing(survey, change, message):
    client = Client()
    _html, visit = page(client, survey)
    data = answers(survey, change.get("overall", "5"), visit=change.get("visit", visit),
                   comment=change.get("comment", ""))
    if change.get("overall") == "":
        data = {k: v for k, v in data.items()
                if k != f"q{next(q for q in surveys.questions() if q.is_overall).pk}"}
    response = post(client, survey, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_takes_no_answer(survey, users):
    client = Client()
    _html, visit = page(client, survey)
    surveys.set_survey_open(survey, False, users["iso_secretary"])
    response = post(client, survey, answers(survey, visit=visit))
    assert "đã kết thúc" in response.content.decode() and not SurveyResponse.objects.exists()


def test_it_refuses_a_post_without_the_csrf_token(survey):
    client = Client(enforce_csrf_checks=True)
    _html, visit = page(client, survey)
    assert post(client, survey, answers(survey, visit=visit)).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_an_unknown_survey_is_not_found(quality_form):
    assert Client().get(reverse("public:survey", args=["khong-co"])).status_code == 404


def test_its_qr_code_is_an_svg_of_its_link(survey):
    response = Client().get(reverse("public:survey_qr", args=[survey.token]))
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content
