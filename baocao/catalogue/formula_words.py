"""A derived indicator's formula in words, its indicators named from the catalogue (beside
formulas.py, which the models use and which therefore reads no model)."""

from .formulas import FormulaError, codes, in_words, parse
from .models import Indicator


def words_of(indicator, known: dict[str, str] | None = None) -> str:
    """"= Chi đầu tư ÷ Tổng chi × 100" for the formula `100 * NS05 / NS04`.  `known`: names by
    code already read (a page's indicators); the others are read."""
    if not indicator.formula:
        return ""
    try:
        used = codes(parse(indicator.formula))
    except FormulaError:
        return indicator.formula
    known = known or {}
    names = {code: known[code] for code in used if code in known}
    if len(names) < len(set(used)):
        names |= dict(Indicator.objects.filter(code__in=set(used) - set(names))
                      .values_list("code", "name"))
    return in_words(indicator.formula, names)
