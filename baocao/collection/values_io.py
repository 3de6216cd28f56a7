"""Values in and out in DHIS2's data value set forms (CSV, JSON, DXF2 XML, ADX), read by the one
tolerant reader (`value_sets.read`) whatever the way in: `baocao import values`,
`POST /api/dataValueSets`, `POST /api/dataValues`.

Identifiers: units, indicators and forms by their code or their UID (`id_scheme` AUTO: the code
first, then the UID; or exactly UID, CODE or NAME).  The category option combo names the form
column (`COMBOS`): DHIS2's `default` (UID HllvX50cXC0) for the actual value,
`full_year_estimate`, `next_year_target`, or `note` (a row's note, as text), each by code, UID or
name.  An attribute option combo other than the default, and categories given by name, are
refused with the row named: baocao keeps no such dimension, and never merges two values into one.

Imported values are official as they come (data already accepted, DESIGN §8).  An import is all
or nothing unless `atomic=False` (DHIS2's `atomicMode=NONE`), where the rows in conflict are
ignored and the others written.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.catalogue.models import Column, Indicator, ReportForm
from baocao.catalogue.periods import NINE_MONTHS, Period, PeriodError
from baocao.consolidation import rollups
from baocao.core.registry import ImportResult
from baocao.lib.numbers import parse_plain_number
from baocao.organisation.models import OrgUnit

from . import validation, value_sets
from .models import DataValue, Submission

# (column, UID, code, name): the category option combos baocao answers /api/categoryOptionCombos
# with.  The default one keeps DHIS2's own UID, so that DHIS2 files name it as they always do.
COMBOS = [
    ("actual", "HllvX50cXC0", "default", gettext_lazy("default")),
    ("full_year_estimate", "FyEstimate0", "full_year_estimate", Column.FULL_YEAR_ESTIMATE.label),
    ("next_year_target", "NyTarget000", "next_year_target", Column.NEXT_YEAR_TARGET.label),
    ("note", "RowNote0000", "note", Column.NOTE.label),
]
COMBO_UID = {column: uid for column, uid, _code, _name in COMBOS}
DEFAULT_AOC = {"", "default", "HllvX50cXC0"}
SCHEMES = ("AUTO", "UID", "CODE", "NAME")
STRATEGIES = ("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE", "NEW_AND_UPDATES", "NEW",
              "UPDATES", "DELETES")
# the old names DHIS2 still reads
_OLD_STRATEGIES = {"NEW_AND_UPDATES": "CREATE_AND_UPDATE", "NEW": "CREATE", "UPDATES": "UPDATE",
                   "DELETES": "DELETE"}


@dataclass
class Options:
    id_scheme: str = "AUTO"
    data_element_id_scheme: str = ""
    org_unit_id_scheme: str = ""
    category_option_combo_id_scheme: str = ""
    data_set_id_scheme: str = ""
    dry_run: bool = False
    strategy: str = "CREATE_AND_UPDATE"
    atomic: bool = True
    data_set: str = ""
    actor: object = None  # who imports (stored_by, the audit event)
    # may_write(unit) -> bool: the units the importer may write (None: every unit, the CLI)
    may_write: object = None
    via: str = "command"

    def scheme(self, which: str) -> str:
        chosen = getattr(self, f"{which}_id_scheme") or self.id_scheme or "AUTO"
        return chosen.upper()


@dataclass
class Conflict:
    entry: value_sets.Entry | None
    property: str
    object: str
    message: str
    code: str = "E7600"

    def text(self) -> str:
        return f"{self.entry.where}: {self.message}" if self.entry else self.message


@dataclass
class Outcome:
    """What an import did: DHIS2's import count, and each conflict with its row."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    ignored: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int = 0
    written: bool = False
    dry_run: bool = False
    format: str = ""

    @property
    def status(self) -> str:
        if not self.conflicts:
            return "SUCCESS"
        return "WARNING" if (self.created or self.updated or self.deleted or self.unchanged) \
            else "ERROR"


class _Resolver:
    """Units, indicators and forms by code, UID or name (AUTO: code, then UID)."""

    def __init__(self, model, scheme: str):
        self.scheme = scheme
        self.objects = list(model.objects.all())
        self.by = {"CODE": {o.code: o for o in self.objects},
                   "UID": {o.uid: o for o in self.objects},
                   "NAME": {o.name: o for o in self.objects}}

    def get(self, ident: str):
        if self.scheme == "AUTO":
            return self.by["CODE"].get(ident) or self.by["UID"].get(ident)
        return self.by.get(self.scheme, {}).get(ident)


def _combo(ident: str, scheme: str) -> str | None:
    for column, uid, code, name in COMBOS:
        if (scheme in ("AUTO", "CODE") and ident == code) or \
                (scheme in ("AUTO", "UID") and ident == uid) or \
                (scheme in ("AUTO", "NAME") and ident.lower() in (str(name).lower(), code)):
            return column
    if ident in ("", "default") or ident == "HllvX50cXC0":
        return "actual"
    return None


def _refusal(entry, prop, obj, message, code="E7600") -> Conflict:
    return Conflict(entry, prop, obj, message, code)


def import_set(value_set: value_sets.ValueSet, options: Options) -> Outcome:
    """Check every entry, then write them all in one transaction (or none, on a conflict in
    atomic mode, and none with dry_run)."""
    outcome = Outcome(notes=list(value_set.notes), total=len(value_set.entries),
                      format=value_set.format)
    for key, value in value_set.schemes.items():
        attribute = {"idscheme": "id_scheme", "dataelementidscheme": "data_element_id_scheme",
                     "orgunitidscheme": "org_unit_id_scheme",
                     "categoryoptioncomboidscheme": "category_option_combo_id_scheme",
                     "datasetidscheme": "data_set_id_scheme"}.get(key)
        if attribute and not getattr(options, attribute) and value in SCHEMES:
            setattr(options, attribute, value)
    if value_set.dry_run:
        options.dry_run = True
    outcome.dry_run = options.dry_run
    strategy = _OLD_STRATEGIES.get(options.strategy.upper(), options.strategy.upper())
    if value_set.completedate:
        outcome.notes.append(_("completeDate is not applied: imported values are official as "
                               "they come; a unit's report is sent with "
                               "/api/completeDataSetRegistrations."))
    indicators = _Resolver(Indicator, options.scheme("data_element"))
    units = _Resolver(OrgUnit, options.scheme("org_unit"))
    combo_scheme = options.scheme("category_option_combo")
    form = None
    data_set = options.data_set or value_set.dataset
    if data_set:
        form = _Resolver(ReportForm, options.scheme("data_set")).get(data_set)
        if form is None:
            outcome.conflicts.append(_refusal(None, "dataSet", data_set, _(
                "the form (data set) \"%(code)s\" is unknown.") % {"code": data_set}, "E7600"))
    form_indicators = _form_indicators(form) if form else None
    fills = _who_fills()
    wanted, bad = {}, set()
    for entry in value_set.entries:
        before = len(outcome.conflicts)
        conflicts = outcome.conflicts
        if entry.too_many_cells:
            conflicts.append(_refusal(entry, "", "", _("more cells than header columns.")))
        indicator = indicators.get(entry.dataelement)
        unit = units.get(entry.orgunit)
        if indicator is None:
            conflicts.append(_refusal(entry, "dataElement", entry.dataelement, _(
                "the indicator \"%(code)s\" is unknown.") % {"code": entry.dataelement},
                "E7610"))
        elif indicator.is_derived:
            conflicts.append(_refusal(entry, "dataElement", indicator.code, _(
                "%(code)s is computed by a formula; its values are not imported.")
                % {"code": indicator.code}, "E7610"))
        elif form_indicators is not None and indicator.pk not in form_indicators:
            conflicts.append(_refusal(entry, "dataElement", indicator.code, _(
                "%(code)s is not in the form %(form)s.") % {"code": indicator.code,
                                                            "form": form.code}, "E7610"))
        if unit is None:
            conflicts.append(_refusal(entry, "orgUnit", entry.orgunit, _(
                "the unit \"%(code)s\" is unknown.") % {"code": entry.orgunit}, "E7612"))
        elif options.may_write is not None and not options.may_write(unit):
            conflicts.append(_refusal(entry, "orgUnit", unit.code, _(
                "you may not write the values of %(unit)s.") % {"unit": unit.code}, "E7617"))
        period = None
        try:
            period = Period.parse(entry.period)
        except PeriodError as error:
            conflicts.append(_refusal(entry, "period", entry.period, str(error), "E7611"))
        column = _combo(entry.categoryoptioncombo, combo_scheme)
        if column is None:
            conflicts.append(_refusal(entry, "categoryOptionCombo", entry.categoryoptioncombo, _(
                "the category option combo \"%(combo)s\" is unknown: baocao's are default, "
                "full_year_estimate, next_year_target and note (see /api/categoryOptionCombos)."
            ) % {"combo": entry.categoryoptioncombo}, "E7613"))
        if entry.attributeoptioncombo not in DEFAULT_AOC:
            conflicts.append(_refusal(entry, "attributeOptionCombo", entry.attributeoptioncombo,
                                      _("the attribute option combo \"%(aoc)s\" is refused: "
                                        "baocao keeps one value per indicator, unit, period and "
                                        "column, and would merge it with the default one.")
                                      % {"aoc": entry.attributeoptioncombo}, "E7615"))
        if entry.dimensions:
            names = ", ".join(f"{k}={v}" for k, v in sorted(entry.dimensions.items()))
            conflicts.append(_refusal(entry, "categoryOptions", names, _(
                "categories given by name (%(names)s) are refused: baocao keeps no "
                "disaggregation, and would merge these values into one.") % {"names": names},
                "E7615"))
        deleting = strategy == "DELETE" or entry.deleted is True
        value, text = None, ""
        raw = entry.value if entry.value is not None else ""
        if column == "note":
            text = (entry.annotation or raw).strip()[:2000]
        elif entry.annotation and not entry.comment:
            entry.comment = entry.annotation
        if column not in (None, "note") and not deleting and raw.strip() != "" and \
                indicator is not None:
            try:
                value = parse_plain_number(raw.strip())
            except ValueError:
                conflicts.append(_refusal(entry, "value", raw, _(
                    "the value \"%(value)s\" is not a number.") % {"value": raw[:40]}, "E7619"))
            else:
                conflicts.extend(_refusal(entry, "value", raw, p.message, "E7619")
                                 for p in validation.check_value(indicator, value, column))
        if len(conflicts) == before and not deleting:
            refusal = fills(unit, indicator)
            if refusal:
                conflicts.append(_refusal(entry, "orgUnit", unit.code, refusal, "E7617"))
        if len(conflicts) > before:
            bad.add(entry.index)
            continue
        key = (indicator.pk, unit.pk, str(period), "actual" if column == "note" else column)
        item = wanted.setdefault(key, {"entries": [], "period": period, "fields": {}})
        item["entries"].append(entry)
        fields = item["fields"]
        new = {"delete": True} if deleting else (
            {"text": text} if column == "note" else {
                "value": value, "comment": entry.comment,
                "followup": bool(entry.followup)})
        clash = [k for k, v in new.items() if k in fields and fields[k] != v and k != "comment"]
        if clash:
            first = item["entries"][0]
            conflicts.append(_refusal(entry, "value", raw, _(
                "%(first)s gives the same indicator, unit, period and column another value; "
                "nothing is merged silently.") % {"first": first.where}, "E7619"))
            bad.add(entry.index)
            continue
        fields.update(new)
        fields["storedby"] = entry.storedby
    if outcome.conflicts and options.atomic:
        outcome.ignored = outcome.total
        return outcome
    outcome.ignored = len(bad)
    _write(wanted, options, outcome, strategy)
    return outcome


def _form_indicators(form) -> set[int]:
    from baocao.catalogue.models import FormRow

    version = form.current_version()
    if version is None:
        return set()
    return set(FormRow.objects.filter(table__version=version, indicator__isnull=False)
               .values_list("indicator_id", flat=True))


def _write(wanted: dict, options: Options, outcome: Outcome, strategy: str) -> None:
    periods = {key[2] for key in wanted}
    existing = {}
    for v in DataValue.objects.filter(period__in=periods):
        existing[(v.indicator_id, v.unit_id, v.period, v.column)] = v
    submissions = {(s.unit_id, s.round.period): s for s in Submission.objects.filter(
        round__period__in=periods).select_related("round")}
    now = timezone.now()
    actor_name = options.actor.get_username() if options.actor is not None else ""
    with transaction.atomic():
        with rollups.batch():
            _save(wanted, existing, submissions, now, actor_name, outcome, strategy)
        if outcome.created or outcome.updated or outcome.deleted:
            record("datavalue.import", actor=options.actor, details={
                "via": options.via, "format": outcome.format, "created": outcome.created,
                "updated": outcome.updated, "deleted": outcome.deleted,
                "unchanged": outcome.unchanged, "ignored": outcome.ignored,
                "dry_run": options.dry_run})
        if options.dry_run:
            transaction.set_rollback(True)
        else:
            outcome.written = True


def _save(wanted, existing, submissions, now, actor_name, outcome, strategy) -> None:
    for key, item in wanted.items():
        fields = item["fields"]
        current = existing.get(key)
        count = len(item["entries"])
        if fields.get("delete"):
            if current is None:
                outcome.ignored += count
            else:
                current.delete()
                outcome.deleted += 1
            continue
        if (strategy == "CREATE" and current is not None) or \
                (strategy == "UPDATE" and current is None):
            outcome.ignored += count
            continue
        new = {k: fields[k] for k in ("value", "text", "comment") if k in fields}
        followup = fields.get("followup", current.followup if current else False)
        if current is not None and current.official and current.followup == followup and \
                all(getattr(current, k) == v for k, v in new.items()):
            outcome.unchanged += 1
            continue
        value = current or DataValue.for_period(
            item["period"], indicator_id=key[0], unit_id=key[1], column=key[3],
            submission=submissions.get((key[1], key[2])))
        for name, v in new.items():
            setattr(value, name, v)
        value.revision = (current.revision + 1) if current else 1
        value.stored_by = (fields.get("storedby") or actor_name or "import")[:150]
        value.updated_at, value.followup = now, followup
        value.official = True  # imported values are data already accepted (DESIGN §8)
        value.save()
        if current is None:
            outcome.created += 1
        else:
            outcome.updated += 1


def import_values(source, *, dry_run: bool = False, filename: str = "",
                  id_scheme: str = "AUTO") -> ImportResult:
    """`baocao import values FILE`: all or nothing, errors by line."""
    result = ImportResult()
    try:
        if hasattr(source, "read"):
            raw = source.read()
        else:
            with open(source, "rb") as handle:
                raw = handle.read()
        value_set = value_sets.read(raw, filename=filename or str(source))
    except (value_sets.ReadError, OSError) as error:
        result.errors.append(str(error))
        return result
    outcome = import_set(value_set, Options(id_scheme=id_scheme, dry_run=dry_run))
    result.notes = outcome.notes
    if outcome.conflicts:
        result.errors = [c.text() for c in sorted(
            outcome.conflicts, key=lambda c: c.entry.index if c.entry else -1)]
        return result
    result.created, result.updated = outcome.created, outcome.updated
    result.unchanged = outcome.unchanged + outcome.deleted
    return result


def _who_fills():
    """check(unit, indicator): why `unit` may not report `indicator` (a form the unit fills has
    the indicator's row, for other units only), or "" when it may."""
    from baocao.catalogue.models import FormRow

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


# --- export ------------------------------------------------------------------------------------

class ExportError(ValueError):
    pass


def dhis2_period(period: Period) -> str:
    """The DHIS2 form of a period; ExportError where DHIS2 has none."""
    form = period.dhis2()
    if form is None:
        raise ExportError(_("DHIS2 has no period for %(period)s.") % {"period": period})
    return form


def periods_to_export(period: Period) -> list[Period]:
    """The periods whose values an export of `period` holds: itself where DHIS2 has its form;
    nine months (or a range of whole months DHIS2 has no name for) as its months."""
    if period.dhis2() is not None:
        return [period]
    months = period.months()
    if period.kind == NINE_MONTHS or (period.start.day == 1 and period.end == Period(
            "month", *months[-1]).end):
        return [Period("month", y, m) for y, m in months]
    raise ExportError(_("DHIS2 has no period for %(period)s, and it is not made of whole months; "
                        "export the months or days it covers.") % {"period": period})


def records(values, id_scheme: str = "CODE", data_set: str = "") -> list[dict]:
    """DHIS2 records of DataValues (with indicator and unit selected)."""
    scheme = id_scheme.upper()

    def ident(obj):
        return {"UID": obj.uid, "NAME": obj.name}.get(scheme, obj.code)

    def combo(column):
        for col, uid, code, name in COMBOS:
            if col == column:
                return {"UID": uid, "NAME": str(name) if col != "actual" else "default"}.get(
                    scheme, code)
        return column

    out = []
    for v in values:
        period = Period.parse(v.period)
        form = period.dhis2()
        if form is None:
            continue
        base = {"dataelement": ident(v.indicator), "period": form, "orgunit": ident(v.unit),
                "attributeoptioncombo": combo("actual"), "storedby": v.stored_by,
                "lastupdated": v.updated_at.isoformat(),
                "followup": "true" if v.followup else "false", "adx_period": period.adx(),
                "dataset": data_set}
        if v.value is not None or v.comment:
            out.append({**base, "categoryoptioncombo": combo(v.column),
                        "value": _plain(v.value), "comment": v.comment})
        if v.text:
            out.append({**base, "categoryoptioncombo": combo("note"), "value": v.text,
                        "comment": "", "annotation": v.text})
    return out


def export_values(period_text: str, unit_code: str | None = None, fmt: str = "csv", *,
                  include_unsent: bool = False, id_scheme: str = "CODE",
                  skipped: list | None = None) -> str:
    """The official values of a period (of a unit's subtree, with --unit) in a DHIS2 format,
    periods in DHIS2's forms (nine months as its months); with `include_unsent`, those of
    reports not yet sent too.  `skipped`, when given, receives a line for each value left out
    because DHIS2 has no period for it (a nine-month report's own values)."""
    period = Period.parse(period_text)
    wanted = periods_to_export(period)
    values = DataValue.objects.filter(period__in=[str(p) for p in wanted]).select_related(
        "indicator", "unit")
    if not include_unsent:
        values = values.filter(official=True)
    if unit_code:
        unit = OrgUnit.objects.get(code=unit_code)
        values = values.filter(unit__path__startswith=unit.path)
    if skipped is not None and wanted != [period]:
        own = DataValue.objects.filter(period=str(period))
        if not include_unsent:
            own = own.filter(official=True)
        if unit_code:
            own = own.filter(unit__path__startswith=unit.path)
        count = own.count()
        if count:
            skipped.append(_("%(n)d value(s) of %(period)s itself are not exported: DHIS2 has "
                             "no such period (its months are).") % {"n": count,
                                                                     "period": period})
    values = values.order_by("period_start", "unit__path", "indicator__code", "column")
    return value_sets.write(records(values, id_scheme), fmt)


def _plain(value) -> str:
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")
