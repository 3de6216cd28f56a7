"""The BM.07.01 page of a unit: the figures computed from the registers (the same numbers as
`baocao quality stats`), the committee's departments side by side, the period's report."""

import json
import re
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from baocao.collection import rounds, submissions
from baocao.lib.numbers import format_vn
from baocao.quality import registers

from .conftest import last_month


def figures_on_page(html) -> dict[str, str]:
    return dict(re.findall(r'data-code="(QL\d+)">.*?<td class="text-end fw-semibold '
                           r'figure-value">([^<]*)</td>', html, re.S))


def test_the_page_shows_the_same_numbers_as_the_command(client_for, tree, users, quality_form,
                                                         capsys):
    period = last_month()
    for _n in range(3):
        registers.record_problem(unit=tree["department"], occurred_on=period.end, kind="late",
                                 description="x", actor=users["department_reporter"])
    registers.save_workload(unit=tree["department"], period_text=str(period),
                            documents_received=1300, documents_handled=1234, records_filed=7,
                            actor=users["department_reporter"])
    html = client_for("department_head").get(
        reverse("quality:unit", args=[tree["department"].code]) + f"?period={period}"
    ).content.decode()
    shown = figures_on_page(html)
    assert shown["QL12"] == "3" and shown["QL13"] == "1.234" and shown["QL06"] == "—"
    call_command("quality", "stats", "--unit", tree["department"].code, "--period",
                 str(period), "--json")
    data = json.loads(capsys.readouterr().out)
    for figure in data["figures"]:
        value, decimals = figure["value"], 1 if figure["unit_of_measure"] == "%" else 0
        text = "—" if value is None else format_vn(value, decimals)
        assert shown[figure["code"]] == text, figure["code"]
    assert len(shown) == len(data["figures"]) == 20


def test_the_committee_shows_its_departments(client_for, tree, users, quality_form):
    registers.record_problem(unit=tree["department"], occurred_on=last_month().end,
                             kind="late", description="x", actor=users["department_reporter"])
    html = client_for("leader").get(reverse("quality:unit", args=["TAYHO"]) +
                                    f"?period={last_month()}").content.decode()
    assert "Theo từng phòng" in html and "Phòng Y tế" in html
    assert figures_on_page(html)["QL12"] == "1"


def test_a_sent_report_offers_its_document_to_the_departments_reporter(client_for, tree,
                                                                        users, quality_form):
    today = timezone.localdate()
    rnd = rounds.open_round(form=quality_form, period_text=str(last_month()),
                            units=[tree["department"]], due_date=today + timedelta(days=2),
                            paper_due_date=today + timedelta(days=4), subject="BM",
                            actor=users["compiler"])
    submission = rnd.submissions.get()
    url = reverse("quality:unit", args=[tree["department"].code]) + f"?period={last_month()}"
    assert "Lập dự thảo văn bản" not in client_for("department_reporter").get(url).content.decode()
    for section in rnd.form_version.sections.all():
        submissions.save_text(submission, section, "<p>nội dung</p>", users["department_head"])
    submissions.approve(submission, users["department_head"])
    submissions.send(submission, users["department_head"])
    assert "Lập dự thảo văn bản" in client_for("department_reporter").get(url).content.decode()
    response = client_for("department_reporter").post(
        reverse("quality:report_draft", args=[submission.pk]))
    assert response.status_code == 302 and "/drafts/" in response.url
    again = client_for("department_reporter").post(
        reverse("quality:report_draft", args=[submission.pk]), follow=True)
    assert "đã được lập dự thảo" in again.content.decode()


def test_a_bad_period_falls_back_to_last_month(client_for, tree, quality_form):
    html = client_for("department_head").get(
        reverse("quality:unit", args=[tree["department"].code]) + "?period=tháng-mười"
    ).content.decode()
    assert last_month().label() in html


def test_another_units_page_is_refused(client_for, tree, quality_form):
    for who, code in (("other_reporter", tree["department"].code),
                      ("department_reporter", "TAYHO"), ("reporter", tree["department"].code)):
        assert client_for(who).get(reverse("quality:unit", args=[code])).status_code == 403
    assert client_for("reporter").get(reverse("quality:unit", args=["NOPE"])).status_code == 404
