"""Values in and out in DHIS2's dataValueSets forms, with codes as identifiers.

CSV header: dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,
lastupdated,comment,followup.  JSON: {"dataValues": [{"dataElement", "period", "orgUnit",
"categoryOptionCombo", "attributeOptionCombo", "value", "storedBy", "lastUpdated", "comment",
"followup"}]}.  The category option combo names the form column: `default` (or empty) for the
actual value, `full_year_estimate`, `next_year_target`, or `note` (a row's note, as text).
"""

import io
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.catalogue.models import Indicator
from baocao.catalogue.periods import Period, PeriodError
from baocao.consolidation import rollups
from baocao.core.registry import ImportResult
from baocao.lib import spreadsheet
from baocao.lib.csvfile import CsvError, line_error, read_rows
from baocao.organisation.models import OrgUnit

from . import validation
from .models import DataValue, Submission

CSV_HEADER = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo",
              "value", "storedby", "lastupdated", "comment", "followup"]
JSON_KEYS = {"dataElement": "dataelement", "period": "period", "orgUnit": "orgunit",
             "categoryOptionCombo": "categoryoptioncombo",
             "attributeOptionCombo": "attributeoptioncombo", "value": "value",
             "storedBy": "storedby", "lastUpdated": "lastupdated", "comment": "comment",
             "followup": "followup"}
DEFAULT_COMBOS = {"", "default", "HllvX50cXC0"}
COLUMNS = {"full_year_estimate", "next_year_target", "note"}


@dataclass
class _Row:
    line: int
    values: dict

    def __getitem__(self, key):
        return str(self.values.get(key) or "").strip()


def _rows(source, filename: str) -> list[_Row]:
    """CSV or JSON rows (JSON items are numbered from 1 as "lines")."""
    if hasattr(source, "read"):
        raw = source.read()
    else:
        with open(source, "rb") as handle:
            raw = handle.read()
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    if filename.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CsvError(
                _("The JSON file cannot be read: %(error)s") % {"error": error}
            ) from None
        items = data.get("dataValues", []) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise CsvError(_("The JSON file has no \"dataValues\" list."))
        return [_Row(n, {JSON_KEYS.get(k, k): v for k, v in item.items()})
                for n, item in enumerate(items, start=1) if isinstance(item, dict)]
    # A text our export neutralised ('=…) reads back as it was (spreadsheet.restore).
    return [_Row(r.line, {k: spreadsheet.restore(v) if isinstance(v, str) else v
                          for k, v in r.values.items()}) for r in read_rows(
        io.StringIO(text), required=["dataelement", "period", "orgunit", "value"],
        optional=tuple(c for c in CSV_HEADER if c not in
                       ("dataelement", "period", "orgunit", "value")))]


def import_values(source, *, dry_run: bool = False, filename: str = "") -> ImportResult:
    result = ImportResult()
    try:
        rows = _rows(source, filename or str(source))
    except CsvError as error:
        result.errors.append(str(error))
        return result
    indicators = {i.code: i for i in Indicator.objects.all()}
    units = {u.code: u for u in OrgUnit.objects.all()}
    fills = _who_fills()
    problems, wanted = [], {}
    for row in rows:
        if "__too_many__" in row.values:
            problems.append((row.line, _("more cells than header columns.")))
            continue
        before = len(problems)
        indicator, unit = indicators.get(row["dataelement"]), units.get(row["orgunit"])
        if indicator is None:
            problems.append((row.line, _("the indicator \"%(code)s\" is unknown.")
                             % {"code": row["dataelement"]}))
        elif indicator.is_derived:
            problems.append((row.line, _("%(code)s is computed by a formula; its values are not "
                                         "imported.") % {"code": indicator.code}))
        if unit is None:
            problems.append((row.line, _("the unit \"%(code)s\" is unknown.")
                             % {"code": row["orgunit"]}))
        try:
            period = Period.parse(row["period"])
        except PeriodError as error:
            problems.append((row.line, str(error)))
            period = None
        combo = row["categoryoptioncombo"]
        column = "actual" if combo in DEFAULT_COMBOS else combo
        if column != "actual" and column not in COLUMNS:
            problems.append((row.line, _("the category option combo \"%(combo)s\" is unknown.")
                             % {"combo": combo}))
        value, text = None, ""
        if column == "note":
            text = row["value"]
        elif row["value"] != "" and indicator is not None:
            try:
                value = Decimal(row["value"])
            except InvalidOperation:
                problems.append((row.line, _("the value \"%(value)s\" is not a number.")
                                 % {"value": row["value"]}))
            else:
                problems.extend((row.line, p.message)
                                for p in validation.check_value(indicator, value))
        if len(problems) == before:
            refusal = fills(unit, indicator)
            if refusal:
                problems.append((row.line, refusal))
        if len(problems) > before:
            continue
        key = (indicator.pk, unit.pk, str(period), "actual" if column == "note" else column)
        entry = wanted.setdefault(key, {"line": row.line, "period": period, "comment": "",
                                        "storedby": row["storedby"]})
        if column == "note":
            entry["text"] = text
        else:
            entry["value"] = value
            entry["comment"] = row["comment"]
            entry["followup"] = row["followup"].lower() == "true"
    if problems:
        result.errors = [line_error(line, message) for line, message in sorted(problems)]
        return result

    existing = {}
    periods = {key[2] for key in wanted}
    for v in DataValue.objects.filter(period__in=periods):
        existing[(v.indicator_id, v.unit_id, v.period, v.column)] = v
    submissions = {(s.unit_id, s.round.period): s for s in Submission.objects.filter(
        round__period__in=periods).select_related("round")}
    now = timezone.now()
    with transaction.atomic(), rollups.batch():
        for key, entry in wanted.items():
            current = existing.get(key)
            new = {k: entry[k] for k in ("value", "text") if k in entry}
            if "value" in entry:
                new["comment"] = entry["comment"]
            if current is not None and all(getattr(current, k) == v for k, v in new.items()):
                result.unchanged += 1
                continue
            period = entry["period"]
            value = current or DataValue.for_period(
                period, indicator_id=key[0], unit_id=key[1], column=key[3],
                submission=submissions.get((key[1], key[2])))
            for field, v in new.items():
                setattr(value, field, v)
            value.revision = (current.revision + 1) if current else 1
            value.stored_by = entry["storedby"] or "import"
            value.updated_at, value.followup = now, entry.get("followup", False)
            value.official = True  # imported values are data already accepted (DESIGN §8)
            value.save()
            if current is None:
                result.created += 1
            else:
                result.updated += 1
        if result.created or result.updated:
            record("datavalue.import", details=result.summary(filename))
        if dry_run:
            transaction.set_rollback(True)
    return result


def _who_fills():
    """check(unit, indicator): why `unit` may not report `indicator` (a form the unit fills has
    the indicator's row, for other units only), or "" when it may."""
    from baocao.catalogue.models import FormRow, ReportForm

    rows_by_form: dict[int, list] = {}
    forms_of: dict[int, list[ReportForm]] = {}
    for form in ReportForm.objects.prefetch_related("units"):
        version = form.current_version()
        if version is None:
            continue
        rows_by_form[form.pk] = list(FormRow.objects.filter(
            table__version=version, indicator__isnull=False).prefetch_related("units"))
        for unit in form.units.all():
            forms_of.setdefault(unit.pk, []).append(form)

    def check(unit, indicator) -> str:
        for form in forms_of.get(unit.pk, []):
            rows = [r for r in rows_by_form[form.pk] if r.indicator_id == indicator.pk]
            if rows and not any(r.fills(unit) for r in rows):
                return _("%(unit)s does not report %(code)s in the form %(form)s: the row is "
                         "filled by %(who)s.") % {
                    "unit": unit.code, "code": indicator.code, "form": form.code,
                    "who": rows[0].filled_by_label() or _("other units")}
        return ""

    return check


def export_values(period_text: str, unit_code: str | None = None, fmt: str = "csv", *,
                  include_unsent: bool = False) -> str:
    """The official values of a period (of a unit's subtree, with --unit) as DHIS2 CSV or JSON;
    with `include_unsent`, those of reports not yet sent too."""
    period = Period.parse(period_text)
    values = DataValue.objects.filter(period=str(period)).select_related("indicator", "unit")
    if not include_unsent:
        values = values.filter(official=True)
    if unit_code:
        unit = OrgUnit.objects.get(code=unit_code)
        values = values.filter(unit__path__startswith=unit.path)
    records = []
    for v in values.order_by("unit__path", "indicator__code", "column"):
        base = {"dataelement": v.indicator.code, "period": period.dhis2() or str(period),
                "orgunit": v.unit.code, "attributeoptioncombo": "default",
                "storedby": v.stored_by, "lastupdated": v.updated_at.isoformat(),
                "followup": "true" if v.followup else "false"}
        if v.value is not None or v.comment:
            records.append({**base, "categoryoptioncombo": "default" if v.column == "actual"
                            else v.column, "value": _plain(v.value), "comment": v.comment})
        if v.text:
            records.append({**base, "categoryoptioncombo": "note", "value": v.text,
                            "comment": ""})
    if fmt == "json":
        back = {field: key for key, field in JSON_KEYS.items()}
        return json.dumps({"dataValues": [{back[k]: r[k] for k in CSV_HEADER} for r in records]},
                          ensure_ascii=False, indent=2)
    out = io.StringIO()
    writer = spreadsheet.csv_dict_writer(out, CSV_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _plain(value) -> str:
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text
