"""The sentences: one test per rule."""

from decimal import Decimal

import pytest

from baocao.catalogue.models import Indicator, Sector
from baocao.catalogue.periods import parse
from baocao.consolidation.engine import Figures
from baocao.consolidation.sentences import classify, comparison, sector_summaries, sentence

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
        code="labour_social"), unit_of_measure="hộ", value_type="integer",
        time_aggregation="last", direction="lower")
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


# --- the change on last year: rounding, and how each kind of indicator is compared -----------

@pytest.fixture
def rate(builtins):
    return Indicator(code="YT03", name="Tỷ lệ bao phủ bảo hiểm y tế", sector=Sector.objects.get(
        code="health"), unit_of_measure="%", value_type="percent", decimals=1)


def test_no_change_is_said_as_such(budget, rate, crimes):
    for indicator, value in ((budget, "380.5"), (rate, "93.4"), (crimes, 17)):
        f = fig(indicator, "2026-9M", year_to_date=value, year_to_date_last_year=value)
        assert sentence(f).endswith(", bằng cùng kỳ năm trước."), indicator.code


def test_a_change_of_points_that_rounds_to_zero_is_not_a_decrease(rate):
    f = fig(rate, "2026-H1", year_to_date="93.38", year_to_date_last_year="93.42")
    assert sentence(f) == "Tỷ lệ bao phủ bảo hiểm y tế 6 tháng đạt 93,4%, tương đương cùng kỳ."
    f = fig(rate, "2026-H1", year_to_date="93.46", year_to_date_last_year="93.40")
    assert sentence(f).endswith("tăng 0,1 điểm phần trăm so với cùng kỳ.")


def test_a_change_in_percent_that_rounds_to_zero_is_not_a_decrease(budget):
    f = fig(budget, "2026-9M", year_to_date="1000.0", year_to_date_last_year="1000.3")
    assert sentence(f) == "Thu ngân sách 9 tháng đạt 1.000,0 tỷ đồng, tương đương cùng kỳ."


def test_a_difference_that_rounds_to_zero_in_the_unit_is_not_a_decrease(crimes):
    f = fig(crimes, "2026-9M", year_to_date="17.2", year_to_date_last_year="17.4")
    assert sentence(f) == "Số vụ phạm tội 9 tháng là 17 vụ, tương đương cùng kỳ."


def test_money_where_lower_is_better_is_compared_in_percent(builtins):
    spending = Indicator(code="NS06", name="Chi thường xuyên", sector=Sector.objects.get(
        code="budget"), unit_of_measure="tỷ đồng", decimals=1, direction="lower")
    f = fig(spending, "2026-9M", year_to_date="90", year_to_date_last_year="100")
    assert sentence(f) == "Chi thường xuyên 9 tháng là 90,0 tỷ đồng, giảm 10,0% so với cùng kỳ."


def test_a_count_where_higher_is_better_is_compared_in_percent(builtins):
    firms = Indicator(code="KT02", name="Doanh nghiệp thành lập mới", sector=Sector.objects.get(
        code="economy"), unit_of_measure="doanh nghiệp", value_type="integer")
    f = fig(firms, "2026-9M", year_to_date=120, year_to_date_last_year=100)
    assert sentence(f) == ("Doanh nghiệp thành lập mới 9 tháng đạt 120 doanh nghiệp, "
                           "tăng 20,0% so với cùng kỳ.")


def test_nothing_last_year_is_compared_by_the_difference(budget):
    f = fig(budget, "2026-9M", year_to_date="12", year_to_date_last_year="0")
    assert sentence(f).endswith("tăng 12,0 tỷ đồng so với cùng kỳ.")


@pytest.mark.parametrize(("which", "expected"), [
    ("difference", "tăng 42,0 tỷ đồng so với cùng kỳ"),
    ("percent", "tăng 12,4% so với cùng kỳ"),
    ("points", "tăng 42,0 điểm phần trăm so với cùng kỳ"),
])
def test_the_catalogue_decides_how_an_indicator_is_compared(budget, which, expected):
    budget.comparison = which
    f = fig(budget, "2026-9M", year_to_date="380.5", year_to_date_last_year="338.5")
    assert comparison(f) == expected


def test_the_catalogue_can_say_crimes_in_percent(crimes):
    crimes.comparison = "percent"
    f = fig(crimes, "2026-Q3", year_to_date=17, year_to_date_last_year=20)
    assert comparison(f) == "giảm 15,0% so với cùng kỳ"
