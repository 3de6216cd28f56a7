"""The checks every value goes through, from the browser and from the Excel upload alike:
required cells, type and decimals, ranges, rules between cells (data of the form version), and
outliers against the unit's own history.  Errors block sending; warnings need an explanation."""

import re
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from baocao.catalogue import frozen
from baocao.catalogue.models import FormRow, ValidationRule
from baocao.catalogue.periods import Period
from baocao.lib.numbers import format_vn, parse_vn_number

from .models import DataValue

ERROR, WARNING = "error", "warning"
OUTLIER_HISTORY = 12
OUTLIER_MIN_HISTORY = 4


@dataclass
class Problem:
    level: str  # error | warning
    code: str  # indicator code ("" for a narrative section)
    column: str
    message: str
    where: str = ""  # filled by the caller: a row label on screen, Sheet!B7 in Excel

    @property
    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def parse_cell(indicator, raw, column: str = "actual") -> tuple[Decimal | None, list[Problem]]:
    """A typed value (the browser's, an Excel cell's): empty → None; otherwise a number of the
    indicator's type, decimals and range, below the common bound (lib/numbers.py).  A value
    with an error is returned as None: it must not be stored."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    try:
        value = parse_vn_number(raw)
    except ValueError:
        shown = str(raw) if len(str(raw)) <= 40 else str(raw)[:40] + "…"
        return None, [Problem(ERROR, indicator.code, column, _(
            "\"%(raw)s\" is not a number. Write e.g. 1.234,5 or 1234,5.") % {"raw": shown})]
    problems = check_value(indicator, value, column)
    return (None if any(p.level == ERROR for p in problems) else value), problems


def check_value(indicator, value: Decimal, column: str = "actual") -> list[Problem]:
    """The indicator's own rules for one value (Indicator.value_problems: the common bound,
    type, decimals, smallest and largest value)."""
    return [Problem(ERROR, indicator.code, column, message)
            for message in indicator.value_problems(value)]


def history(unit, period: Period, indicator_ids) -> dict[int, list[Decimal]]:
    """The unit's own values of the last OUTLIER_HISTORY periods of the same kind."""
    rows = DataValue.objects.filter(
        unit=unit, indicator_id__in=indicator_ids, column="actual", period_kind=period.kind,
        period_end__lt=period.start, value__isnull=False,
    ).order_by("indicator_id", "-period_start").values_list("indicator_id", "value")
    result: dict[int, list[Decimal]] = {}
    for indicator_id, value in rows:
        kept = result.setdefault(indicator_id, [])
        if len(kept) < OUTLIER_HISTORY:
            kept.append(value)
    return result


def is_outlier(value: Decimal, past: list[Decimal]) -> bool:
    """Far outside the unit's own history: beyond four robust deviations of the median (and at
    least half the median away, so that small, steady counts do not trip it)."""
    if len(past) < OUTLIER_MIN_HISTORY:
        return False
    median = statistics.median(past)
    mad = statistics.median([abs(v - median) for v in past])
    threshold = max(Decimal(4) * Decimal("1.4826") * mad, abs(median) / 2, Decimal(1))
    return abs(value - median) > threshold


def rule_problems(rules, values: dict[int, Decimal | None], comments: dict[int, str],
                  indicator_id: int | None = None) -> list[Problem]:
    """The broken rules between cells (only those touching `indicator_id` when given); a warning
    already explained in the comment of its left cell is no longer a problem."""
    problems = []
    for rule in rules:
        if indicator_id is not None and indicator_id not in (rule.left_id, rule.right_id):
            continue
        left, right = values.get(rule.left_id), values.get(rule.right_id)
        if left is None or right is None or rule.holds(left, right):
            continue
        if rule.severity == rule.Severity.WARNING and comments.get(rule.left_id, "").strip():
            continue
        message = rule.message or _(
            "%(left)s (%(lv)s) must be %(op)s %(right)s (%(rv)s).") % {
            "left": rule.left.name, "lv": format_vn(left, rule.left.decimals),
            "op": rule.get_operator_display(), "right": rule.right.name,
            "rv": format_vn(right, rule.right.decimals)}
        problems.append(Problem(rule.severity, rule.left.code, "actual", message))
    return problems


def outlier_problems(indicator, value: Decimal | None, past: list[Decimal],
                     comment: str) -> list[Problem]:
    """A warning when the value is far from the unit's own history and not yet explained (not
    for figures the system computes: they are counted, not typed)."""
    from baocao.core import registry

    if value is None or comment.strip() or registry.is_computed(indicator) \
            or not is_outlier(value, past):
        return []
    return [Problem(WARNING, indicator.code, "actual", _(
        "%(value)s is far from this unit's last %(n)d periods (usually about "
        "%(usual)s); explain it in the comment.") % {
        "value": format_vn(value, indicator.decimals), "n": len(past),
        "usual": format_vn(statistics.median(past), indicator.decimals)})]


def check_submission(submission, values: dict[int, Decimal | None],
                     comments: dict[int, str], texts: dict[int, str], *, rows=None,
                     rules=None, past=None, sections=None) -> list[Problem]:
    """Every problem of a whole submission (indicator id → value / explanation; section id →
    text), as sending would see it.  A page that has already read the form's rows, its rules,
    the unit's history (indicator id → past values) or the sections passes them in."""
    version = submission.round.form_version
    period = submission.round.period_obj
    if rows is None:
        rows = frozen.indicator_rows(version)
    if rows is None:
        rows = FormRow.objects.filter(table__version=version, indicator__isnull=False) \
            .select_related("indicator", "table").prefetch_related("units")
    rows = [row for row in rows if row.fills(submission.unit)]
    problems: list[Problem] = []
    for row in rows:
        indicator = row.indicator
        if indicator.is_derived:
            continue
        value = values.get(indicator.pk)
        if value is None:
            if row.required:
                problems.append(Problem(ERROR, indicator.code, "actual", _("is required.")))
            continue
        problems.extend(check_value(indicator, value))
    by_id = {row.indicator_id: row.indicator for row in rows}
    if rules is None:
        rules = frozen.rules(version)
    if rules is None:
        rules = ValidationRule.objects.filter(version=version).select_related("left", "right")
    problems.extend(rule_problems(rules, values, comments))
    if past is None:
        past = history(submission.unit, period, [i for i in values if i in by_id])
    for indicator_id, value in values.items():
        if indicator_id in by_id:
            problems.extend(outlier_problems(by_id[indicator_id], value,
                                             past.get(indicator_id, []),
                                             comments.get(indicator_id, "")))
    if sections is None:
        sections = frozen.sections(version)
    if sections is None:
        sections = version.sections.prefetch_related("units")
    for section in sections:
        if not section.fills(submission.unit):
            continue
        if section.required and not _plain(texts.get(section.pk, "")):
            problems.append(Problem(ERROR, "", f"section:{section.pk}",
                                    _("the section \"%(title)s\" is empty.")
                                    % {"title": section.title}))
    return problems


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>|&nbsp;|\s", "", html or "")


def is_blank(html: str) -> bool:
    """A narrative text with nothing in it but tags and spaces."""
    return not _plain(html)

