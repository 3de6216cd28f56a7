"""The sentences: one test per rule."""

from decimal import Decimal

import pytest

from baocao.catalogue.models import Indicator, Sector
from baocao.catalogue.periods import parse
from baocao.consolidation.engine import Figures
from baocao.consolidation.sentences import classify, sector_summaries, sentence

D = Decimal


@pytest.fixture
def budget(builtins):
    return Indicator(code="NS01", name="Thu ngân sách", sector=Sector.objects.get(code="budget"),
                     family="socio_economic", unit_of_measure="tỷ đồng", decimals=1)


@pytest.fixture
def crimes(builtins):
    return Indicator(code="AN01", name="Số vụ phạm tội", sector=Sector.objects.get(
        code="security"), family="security_defence", unit_of_measure="vụ",
        value_type="integer", direction="lower")


def fig(indicator, period="2026-10", **values):
    return Figures(indicator, None, parse(period), {k: (D(str(v)) if v is not None else None)
                                                    for k, v in values.items()})


def test_the_committees_sentence(budget):
    f = fig(budget, "2026-9M", year_to_date="380.456", percent_of_target="92.34",
            year_to_date_last_year="338.5")
    assert sentence(f, estimated=True) == (
        "Thu ngân sách 9 tháng ước đạt 380,5 tỷ đồng, bằng 92,3% kế hoạch năm, "
        "tăng 12,4% so với cùng kỳ.")


def test_a_month_says_the_month_and_the_cumulative_figure(budget):
    f = fig(budget, actual="368.1", year_to_date="3412.7", percent_of_target="81.25")
    assert sentence(f) == ("Thu ngân sách tháng 10 đạt 368,1 tỷ đồng; lũy kế 10 tháng đạt "
                           "3.412,7 tỷ đồng, bằng 81,3% kế hoạch năm.")


def test_lower_is_better_is_said_in_its_unit(crimes):
    f = fig(crimes, "2026-Q3", year_to_date=17, year_to_date_last_year=20)
    assert sentence(f) == "Số vụ phạm tội 9 tháng là 17 vụ, giảm 3 vụ so với cùng kỳ."


def test_a_percentage_changes_by_points(builtins):
    rate = Indicator(code="YT03", name="Tỷ lệ bao phủ bảo hiểm y tế", sector=Sector.objects.get(
        code="health"), unit_of_measure="%", value_type="percent", decimals=1)
    f = fig(rate, "2026-H1", year_to_date="93.4", year_to_date_last_year="92.2")
    assert sentence(f) == ("Tỷ lệ bao phủ bảo hiểm y tế 6 tháng đạt 93,4%, tăng 1,2 điểm phần "
                           "trăm so với cùng kỳ.")


def test_a_stock_is_said_at_the_end_of_the_period(builtins):
    poor = Indicator(code="LD02", name="Số hộ nghèo", sector=Sector.objects.get(
        code="labour_social"), unit_of_measure="hộ", time_aggregation="last",
        direction="lower")
    f = fig(poor, year_to_date=40, year_to_date_last_year=45)
    assert sentence(f) == "Số hộ nghèo đến hết tháng 10 là 40 hộ, giảm 5 hộ so với cùng kỳ."


def test_missing_figures_and_units_are_said(budget):
    assert sentence(fig(budget)) == "Thu ngân sách: chưa có số liệu tháng 10."
    f = fig(budget, "2026-Q1", year_to_date=10)
    f.missing_units = [object(), object()]
    assert sentence(f) == "Thu ngân sách quý I đạt 10,0 tỷ đồng (chưa đủ số liệu của 2 đơn vị)."


def test_behind_above_and_unusual(budget, crimes):
    assert classify(fig(budget, year_to_date=1, percent_of_target=60)) == {"behind"}
    assert classify(fig(budget, year_to_date=1, percent_of_target=80)) == set()  # pace 83,3
    assert classify(fig(budget, year_to_date=1, percent_of_target=101)) == {"above"}
    assert classify(fig(budget, year_to_date=150, year_to_date_last_year=100)) == {"unusual"}
    assert classify(fig(crimes, year_to_date=1, percent_of_target=95)) == {"behind"}


def test_sector_summaries(budget):
    summaries = sector_summaries([fig(budget, year_to_date=1, percent_of_target=60)])
    assert summaries[0].text() == ("Tài chính - Ngân sách: chậm so với kế hoạch: "
                                   "Thu ngân sách (60,0%).")


def test_a_month_without_its_own_value_says_the_cumulative_figure(budget):
    f = fig(budget, actual=None, year_to_date="3412.7")
    assert sentence(f) == "Thu ngân sách 10 tháng đạt 3.412,7 tỷ đồng."
