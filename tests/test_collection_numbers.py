from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.lib.numbers import format_vn, parse_vn_number


@pytest.mark.parametrize(("text", "value"), [
    ("1234", "1234"), ("1.234", "1234"), ("1.234.567,5", "1234567.5"), ("1234,5", "1234.5"),
    ("12.75", "12.75"), ("95,5", "95.5"), ("1 234", "1234"), (" 7 ", "7"), ("-3", "-3"),
])
def test_it_reads_vietnamese_numbers(text, value):
    assert parse_vn_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.23.4", "12a", "1e5", "--1"])
def test_it_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_vn_number(text)


def test_it_prints_vietnamese_numbers():
    assert format_vn(Decimal("1234567.5"), 1) == "1.234.567,5"
    assert format_vn(Decimal("380.456"), 1) == "380,5"
    assert format_vn(0) == "0" and format_vn(None) == ""
    assert format_vn(Decimal("-1234")) == "-1.234"


@given(st.decimals(min_value=0, max_value=10**12, places=2))
def test_printing_then_reading_gives_the_value(value):
    assert parse_vn_number(format_vn(value, 2)) == value
