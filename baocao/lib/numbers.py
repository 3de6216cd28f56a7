"""Numbers as Vietnamese civil servants write and read them: `1.234.567,5`.

Input accepts `1.234,5` (dots group thousands, the comma is the decimal mark), `1234,5`,
`1234.5` (a single dot not followed by exactly three digits is a decimal point) and spaces as
thousands separators.  `1.234` is one thousand two hundred and thirty-four.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA = re.compile(r"^-?\d+(,\d+)?$")
_DOT = re.compile(r"^-?\d+\.\d+$")


def parse_vn_number(text) -> Decimal:
    """Raises ValueError for anything that is not a number."""
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return Decimal(str(text))
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
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


def format_vn(value, decimals: int = 0) -> str:
    """1234567.5 → '1.234.567,5'; None → ''."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"
