"""Rules for indicators that the admin page and the import share (called by Indicator.clean and
the import, with the model they work on: this module imports no model)."""

from django.utils.translation import gettext as _

from baocao.lib.numbers import number_problems

from . import formulas

CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9_.]{0,49}$"


def formula_graph(indicators, overrides: dict[str, str] | None = None) -> dict[str, set[str]]:
    """code → codes its formula uses, for every indicator of the queryset `indicators`, with
    `overrides` (code → formula)."""
    graph = {}
    formulas_by_code = dict(indicators.exclude(formula="").values_list("code", "formula"))
    formulas_by_code.update(overrides or {})
    for code, text in formulas_by_code.items():
        if text and text.strip():
            try:
                graph[code] = formulas.codes(formulas.parse(text))
            except formulas.FormulaError:
                graph[code] = set()
    return graph


def check_formula(code: str, text: str, known_codes: set[str],
                  graph: dict[str, set[str]]) -> str | None:
    """The Vietnamese reason a formula is refused, or None."""
    if not text.strip():
        return None
    try:
        tree = formulas.parse(text)
    except formulas.FormulaError as error:
        return str(error)
    used = formulas.codes(tree)
    unknown = sorted(used - known_codes)
    if unknown:
        return _("the formula names unknown indicator(s): %(codes)s.") % {
            "codes": ", ".join(unknown)}
    if code in used:
        return _("the formula uses the indicator itself.")
    cycle = formulas.find_cycle({**graph, code: used})
    if cycle and code in cycle:
        return _("the formula makes a cycle: %(cycle)s.") % {"cycle": " → ".join(cycle)}
    return None


def bound_problem(minimum, maximum) -> tuple[str, str] | None:
    """(field, Vietnamese reason) when an indicator's smallest or largest value is refused."""
    for name, bound in (("minimum", minimum), ("maximum", maximum)):
        if bound is not None:
            problems = number_problems(bound, decimals=6)
            if problems:
                return name, problems[0]
    if minimum is not None and maximum is not None and minimum > maximum:
        return "maximum", _("the largest value is below the smallest.")
    return None


def check_indicator(indicator) -> dict[str, str]:
    """Field errors of one indicator about to be saved (used by the admin form)."""
    errors = {}
    bounds = bound_problem(indicator.minimum, indicator.maximum)
    if bounds:
        errors[bounds[0]] = bounds[1][0].upper() + bounds[1][1:]
    if indicator.decimals > 6:
        errors["decimals"] = _("At most 6 decimals.")
    if indicator.value_type == "integer" and indicator.decimals:
        errors["decimals"] = _("A whole number has no decimals.")
    if indicator.formula.strip():
        every = type(indicator).objects.all()
        known = set(every.values_list("code", flat=True)) | {indicator.code}
        graph = formula_graph(every, {indicator.code: indicator.formula})
        problem = check_formula(indicator.code, indicator.formula, known, graph)
        if problem:
            errors["formula"] = problem[0].upper() + problem[1:]
    return errors
