from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.catalogue import formulas


def value(text, **values):
    return formulas.evaluate(formulas.parse(text), {k: Decimal(v) for k, v in values.items()})


def test_it_computes_a_rate():
    assert value("100 * YT02 / YT01", YT01="200", YT02="150") == Decimal(75)


def test_precedence_parentheses_and_unary_minus():
    assert value("1 + 2 * 3") == 7
    assert value("(1 + 2) * 3") == 9
    assert value("-A + 10", A="4") == 6
    assert value("A − B", A="5", B="2") == 3
    assert value("A × B ÷ 4", A="6", B="2") == 3
    assert value("2,5 * 2") == 5


def test_a_zero_or_missing_denominator_gives_none():
    assert value("A / B", A="1", B="0") is None
    assert formulas.evaluate(formulas.parse("A / B"), {"A": Decimal(1)}) is None


def test_it_lists_the_codes_used():
    assert formulas.codes(formulas.parse("100 * (NS05 + NS06) / NS04")) == {"NS04", "NS05", "NS06"}


@pytest.mark.parametrize("text", [
    "", "1 +", "(1 + 2", "1 + * 2", "A B", "__import__('os').system('x')", "A ** 2", "A; B",
    "1 2",
])
def test_bad_formulas_are_refused_in_vietnamese(text):
    with pytest.raises(formulas.FormulaError) as error:
        formulas.parse(text)
    assert str(error.value)


def test_it_finds_cycles():
    assert formulas.find_cycle({"A": {"B"}, "B": {"C"}, "C": set()}) is None
    cycle = formulas.find_cycle({"A": {"B"}, "B": {"C"}, "C": {"A"}})
    assert cycle[0] == cycle[-1] and set(cycle) == {"A", "B", "C"}


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3),
       st.decimals(min_value=-10**9, max_value=10**9, places=3))
def test_arithmetic_matches_decimal(a, b):
    tree = formulas.parse("(X + Y) * 2 - X")
    assert formulas.evaluate(tree, {"X": a, "Y": b}) == (a + b) * 2 - a


NAMES = {"NS05": "Chi đầu tư", "NS04": "Tổng chi", "A": "Số hộ", "B": "Số hộ nghèo",
         "C": "Số hộ thoát nghèo"}


def test_a_formula_reads_in_words_with_the_constant_last():
    from baocao.catalogue.formulas import in_words

    assert in_words("100 * NS05 / NS04", NAMES) == "Chi đầu tư ÷ Tổng chi × 100"
    assert in_words("NS05 / NS04 * 100", NAMES) == "Chi đầu tư ÷ Tổng chi × 100"
    assert in_words("100 * (B - C) / A", NAMES) == "(Số hộ nghèo − Số hộ thoát nghèo) ÷ Số hộ × 100"
    assert in_words("0.5 * A", NAMES) == "Số hộ × 0,5"
    assert in_words("100 / A", NAMES) == "100 ÷ Số hộ"


def test_a_formula_in_words_keeps_the_parentheses_it_needs():
    from baocao.catalogue.formulas import in_words

    assert in_words("A - (B + C)", NAMES) == "Số hộ − (Số hộ nghèo + Số hộ thoát nghèo)"
    assert in_words("A - B + C", NAMES) == "Số hộ − Số hộ nghèo + Số hộ thoát nghèo"
    assert in_words("A / (B * C)", NAMES) == "Số hộ ÷ (Số hộ nghèo × Số hộ thoát nghèo)"
    assert in_words("(A + B) * C", NAMES) == "(Số hộ + Số hộ nghèo) × Số hộ thoát nghèo"
    assert in_words("-(A + B)", NAMES) == "−(Số hộ + Số hộ nghèo)"
    assert in_words("X1 + A", NAMES) == "X1 + Số hộ"  # a code with no name stays a code
    assert in_words("A +", NAMES) == "A +"  # what does not parse is shown as it is


def test_a_derived_indicator_is_named_from_the_catalogue(catalogue):
    from baocao.catalogue.formula_words import words_of
    from baocao.catalogue.models import Indicator

    derived = Indicator.objects.exclude(formula="").first()
    words = words_of(derived)
    assert words and not any(code in words for code in
                             Indicator.objects.values_list("code", flat=True))
