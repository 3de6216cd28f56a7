"""`baocao import indicators FILE.csv` and `baocao import targets FILE.csv`: all or nothing,
errors by line number, in Vietnamese."""

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.audit.log import record, save_and_record
from baocao.core.registry import ImportResult
from baocao.lib.csvfile import CsvError, line_error, read_rows
from baocao.lib.numbers import MAX_TEXT
from baocao.organisation.models import OrgUnit

from .indicators import CODE_PATTERN, bound_problem, check_formula, formula_graph
from .models import (
    Aggregation,
    Comparison,
    Direction,
    Family,
    Indicator,
    Sector,
    Target,
    TargetKind,
    TimeAggregation,
    ValueType,
)

INDICATOR_HEADER = ["code", "name", "sector", "family", "unit_of_measure", "value_type",
                    "decimals", "aggregation", "time_aggregation", "direction", "formula"]
INDICATOR_OPTIONAL = ("minimum", "maximum", "comparison")  # absent: left as they are
TARGET_HEADER = ["indicator", "unit", "year", "value"]
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def _choice(problems, line, column, value, choices, default):
    if not value:
        return default
    allowed = [c.value for c in choices]
    if value not in allowed:
        problems.append((line, _("%(column)s \"%(value)s\" is not one of %(allowed)s.")
                         % {"column": column, "value": value, "allowed": ", ".join(allowed)}))
    return value


def _finish(result, problems):
    result.errors = [line_error(line, message) for line, message in sorted(problems)]
    return result


def import_indicators(source, *, dry_run: bool = False, filename: str = "") -> ImportResult:
    result = ImportResult()
    try:
        rows = read_rows(source, required=INDICATOR_HEADER, optional=INDICATOR_OPTIONAL)
    except CsvError as error:
        result.errors.append(str(error))
        return result
    sectors = {s.code: s for s in Sector.objects.all()}
    problems: list[tuple[int, str]] = []
    wanted: dict[str, dict] = {}
    lines: dict[str, int] = {}
    for row in rows:
        if "__too_many__" in row.values:
            problems.append((row.line, _("more cells than header columns.")))
            continue
        before = len(problems)
        code, name = row["code"], row["name"]
        if not re.match(CODE_PATTERN, code):
            problems.append((row.line, _(
                "the code \"%(code)s\" must start with a letter and have only letters, digits, "
                "'_' and '.' (at most 50).") % {"code": code}))
        elif code in wanted:
            problems.append((row.line, _("the code \"%(code)s\" is already on line %(line)d.")
                             % {"code": code, "line": lines[code]}))
        if not name:
            problems.append((row.line, _("the name is empty.")))
        sector = sectors.get(row["sector"])
        if sector is None:
            problems.append((row.line, _("the sector \"%(sector)s\" is unknown; known: %(known)s.")
                             % {"sector": row["sector"], "known": ", ".join(sorted(sectors))}))
        family = _choice(problems, row.line, "family", row["family"], Family,
                         sector.family if sector else "")
        value_type = _choice(problems, row.line, "value_type", row["value_type"], ValueType,
                             ValueType.NUMBER)
        aggregation = _choice(problems, row.line, "aggregation", row["aggregation"],
                              Aggregation, Aggregation.SUM)
        time_aggregation = _choice(problems, row.line, "time_aggregation",
                                   row["time_aggregation"], TimeAggregation,
                                   TimeAggregation.SUM)
        direction = _choice(problems, row.line, "direction", row["direction"], Direction,
                            Direction.HIGHER)
        decimals = row["decimals"] or "0"
        if not decimals.isdigit() or int(decimals) > 6:
            problems.append((row.line, _("decimals \"%(value)s\" must be a whole number from 0 "
                                         "to 6.") % {"value": decimals}))
            decimals = "0"
        optional = {}
        for column in ("minimum", "maximum"):
            if column in row.values:
                optional[column] = _bound(problems, row.line, column, row[column])
        if "comparison" in row.values:
            optional["comparison"] = _choice(problems, row.line, "comparison",
                                             row["comparison"], Comparison, Comparison.AUTO)
        if len(problems) == before:
            bounds = bound_problem(optional.get("minimum"), optional.get("maximum"))
            if bounds:
                problems.append((row.line, f"{bounds[0]}: {bounds[1]}"))
        if len(problems) > before:
            continue
        wanted[code] = {
            "name": name, "sector": sector, "family": family,
            "unit_of_measure": row["unit_of_measure"], "value_type": value_type,
            "decimals": int(decimals), "aggregation": aggregation,
            "time_aggregation": time_aggregation, "direction": direction,
            "formula": row["formula"], **optional,
        }
        lines[code] = row.line

    known = set(Indicator.objects.values_list("code", flat=True)) | set(wanted)
    graph = formula_graph(Indicator.objects.all(),
                          {code: data["formula"] for code, data in wanted.items()})
    for code, data in wanted.items():
        problem = check_formula(code, data["formula"], known, graph)
        if problem:
            problems.append((lines[code], problem))
    if problems:
        return _finish(result, problems)

    existing = {i.code: i for i in Indicator.objects.all()}
    with transaction.atomic():
        for code, data in wanted.items():
            indicator = existing.get(code) or Indicator(code=code)
            for field, value in data.items():
                setattr(indicator, field, value)
            result.count(save_and_record(indicator, via="import", file=filename,
                                         line=lines[code]))
        if result.created or result.updated:
            record("indicator.import", details=result.summary(filename))
        if dry_run:
            transaction.set_rollback(True)
    return result


def _bound(problems, line, column, text) -> Decimal | None:
    """An indicator's smallest or largest value from the file (empty: none)."""
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError:
        problems.append((line, _("%(column)s \"%(value)s\" is not a number (write 1234.5 or "
                                 "1234,5, without thousands separators).")
                         % {"column": column, "value": text}))
        return None


def parse_number(text: str) -> Decimal:
    """1234.5 or 1234,5 (one decimal mark, no thousands separators); raises ValueError."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if len(cleaned) > MAX_TEXT or not _NUMBER.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None


def import_targets(source, *, dry_run: bool = False, filename: str = "") -> ImportResult:
    result = ImportResult()
    try:
        rows = read_rows(source, required=TARGET_HEADER, optional=("kind",))
    except CsvError as error:
        result.errors.append(str(error))
        return result
    indicators = {i.code: i for i in Indicator.objects.all()}
    units = {u.code: u for u in OrgUnit.objects.all()}
    problems: list[tuple[int, str]] = []
    wanted: dict[tuple, tuple[int, Decimal]] = {}
    for row in rows:
        if "__too_many__" in row.values:
            problems.append((row.line, _("more cells than header columns.")))
            continue
        before = len(problems)
        indicator, unit = indicators.get(row["indicator"]), units.get(row["unit"])
        if indicator is None:
            problems.append((row.line, _("the indicator \"%(code)s\" is unknown.")
                             % {"code": row["indicator"]}))
        if unit is None:
            problems.append((row.line, _("the unit \"%(code)s\" is unknown.")
                             % {"code": row["unit"]}))
        year = row["year"]
        if not (year.isdigit() and 1900 <= int(year) <= 2999):
            problems.append((row.line, _("the year \"%(year)s\" is not a year.") % {"year": year}))
        try:
            value = parse_number(row["value"])
        except ValueError:
            problems.append((row.line, _(
                "the value \"%(value)s\" is not a number (write 1234.5 or 1234,5, without "
                "thousands separators).") % {"value": row["value"]}))
        else:
            if indicator is not None:
                problems.extend((row.line, _("the value \"%(value)s\" %(problem)s")
                                 % {"value": row["value"], "problem": problem})
                                for problem in indicator.value_problems(value))
        kind = _choice(problems, row.line, "kind", row["kind"], TargetKind, TargetKind.PLAN)
        if len(problems) > before:
            continue
        key = (indicator.code, unit.code, int(year), kind)
        if key in wanted:
            problems.append((row.line, _("this target is already on line %(line)d.")
                             % {"line": wanted[key][0]}))
            continue
        wanted[key] = (row.line, value)
    if problems:
        return _finish(result, problems)

    existing = {
        (t.indicator.code, t.unit.code, t.year, t.kind): t
        for t in Target.objects.select_related("indicator", "unit").filter(
            year__in={key[2] for key in wanted})
    }
    with transaction.atomic():
        for key, (line, value) in wanted.items():
            target = existing.get(key)
            if target is None:
                target = Target(indicator=indicators[key[0]], unit=units[key[1]], year=key[2],
                                kind=key[3])
            elif target.value == value:
                result.unchanged += 1
                continue
            target.value = value
            result.count(save_and_record(target, via="import", file=filename, line=line))
        if result.created or result.updated:
            record("target.import", details=result.summary(filename))
        if dry_run:
            transaction.set_rollback(True)
    return result

