"""Numbers as Vietnamese civil servants write and read them: `1.234.567,5`.

Input accepts `1.234,5` (dots group thousands, the comma is the decimal mark), `1234,5`,
`1234.5` (a single dot not followed by exactly three digits is a decimal point) and spaces as
thousands separators.  `1.234` is one thousand two hundred and thirty-four.

Every number a person or a file gives goes through `number_problems` before it is stored: no
figure of a report reaches 10^15 (a province's budget in đồng is about 10^14), and SQLite keeps
only 15 significant digits.  The bound lives here, once, for the browser, the Excel upload and
every import.
"""

import decimal
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

LIMIT = Decimal(10) ** 15  # a number's absolute value stays below this
MAX_TEXT = 60  # characters of a typed number (with its separators)
# Wide enough to quantize anything a database can give back (SQLite's REAL reaches 1.8e308).
WIDE = decimal.Context(prec=400, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[])

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA = re.compile(r"^-?\d+(,\d+)?$")
_DOT = re.compile(r"^-?\d+\.\d+$")
_PLAIN = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d{1,4})?$")


def _finite(value: Decimal, text) -> Decimal:
    if not value.is_finite():
        raise ValueError(text)
    return value


def parse_vn_number(text) -> Decimal:
    """Raises ValueError for anything that is not a (finite) number."""
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        try:
            return _finite(Decimal(str(text)), text)
        except InvalidOperation:
            raise ValueError(text) from None
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if len(cleaned) > MAX_TEXT:
        raise ValueError(text)
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    elif not _DOT.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


def parse_plain_number(text) -> Decimal:
    """A number as files write it: `1234.5`, `1234,5`, `-3`, `1.5E3` (no thousands
    separators).  Raises ValueError for anything else, NaN and infinity included."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if len(cleaned) > MAX_TEXT or not _PLAIN.match(cleaned):
        raise ValueError(text)
    try:
        return _finite(Decimal(cleaned.replace(",", ".")), text)
    except InvalidOperation:
        raise ValueError(text) from None


def decimals_of(value: Decimal) -> int:
    """How many decimals the number has once trailing zeros are dropped (12.50 → 1)."""
    exponent = value.normalize(WIDE).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number_problems(value: Decimal, *, decimals: int = 6, whole: bool = False,
                    minimum: Decimal | None = None,
                    maximum: Decimal | None = None) -> list[str]:
    """Why a number cannot be stored, in Vietnamese (empty when it can): not finite, 10^15 or
    more in absolute value, a fraction where a whole number is wanted, more than `decimals`
    decimals, below `minimum` or above `maximum`."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return [_("is not a number.")]
    if abs(value) >= LIMIT:
        return [_("is too large: a figure stays below %(limit)s in absolute value.")
                % {"limit": format_vn(LIMIT)}]
    problems = []
    if whole and value != value.to_integral_value():
        problems.append(_("must be a whole number."))
    elif decimals_of(value) > decimals:
        problems.append(_("at most %(n)d decimal(s).") % {"n": decimals})
    if minimum is not None and value < minimum:
        problems.append(_("cannot be negative.") if minimum == 0 else
                        _("must be at least %(minimum)s.") % {"minimum": format_vn(
                            minimum, decimals_of(minimum))})
    if maximum is not None and value > maximum:
        problems.append(_("must be at most %(maximum)s.") % {"maximum": format_vn(
            maximum, decimals_of(maximum))})
    return problems


def format_vn(value, decimals: int = 0) -> str:
    """1234567.5 → '1.234.567,5'; None → ''.  Any stored number prints, however large."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP, context=WIDE)
    if not rounded.is_finite():
        return str(value)
    sign = "-" if rounded < 0 else ""
    whole, _sep, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def from_database(value, places: Decimal) -> Decimal | None:
    """A number as a database aggregate gives it (a float on SQLite, a Decimal elsewhere) as a
    Decimal of `places`; None for nothing, or for what is not a finite number."""
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not number.is_finite():
        return None
    return number if isinstance(value, Decimal) else number.quantize(places, context=WIDE)


class TolerantDecimalField(models.DecimalField):
    """A DecimalField whose stored values always read back.

    SQLite does not hold a column to its digits, and Django's SQLite converter quantizes every
    value it reads in a context of `max_digits` digits: a value with more integer digits than
    the column allows (10^18 in a (24, 6) column, written past the checks) raised
    InvalidOperation on every page that read its row.  Here the context is wide, so such a
    value reads back as it is (and the checks then name it); what is not a finite number reads
    as None.  The column itself is unchanged."""

    @cached_property
    def context(self):
        return WIDE

    def to_python(self, value):
        if isinstance(value, float):  # the float's shortest form, not its binary expansion
            value = repr(value)
        return super().to_python(value)

    def from_db_value(self, value, expression, connection):
        if isinstance(value, Decimal) and not value.is_finite():
            return None
        return value
