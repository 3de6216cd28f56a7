"""State changes of report-form versions: a new draft, approval, first use.  Each is one
transaction with its audit event; two people acting at once cannot both win (row locks)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.organisation import access

from . import frozen
from .models import FormRow, FormSection, FormTable, FormVersion, ReportForm, ValidationRule


def new_version(form: ReportForm, actor, note: str = "") -> FormVersion:
    """A new draft version, a copy of the newest one (or empty for a new form)."""
    with transaction.atomic():
        ReportForm.objects.select_for_update().get(pk=form.pk)
        latest = form.versions.order_by("-number").first()
        number = (form.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = FormVersion.objects.create(form=form, number=number, note=note)
        if latest is not None:
            for table in latest.tables.all():
                rows = list(table.rows.prefetch_related("units"))
                table.pk, table.version = None, version
                table.save()
                for r in rows:
                    copy = FormRow.objects.create(
                        table=table, indicator_id=r.indicator_id, heading=r.heading,
                        required=r.required, sort_order=r.sort_order, unit_kinds=r.unit_kinds)
                    copy.units.set(r.units.all())
            for s in latest.sections.prefetch_related("units"):
                copy = FormSection.objects.create(
                    version=version, kind=s.kind, title=s.title, guidance=s.guidance,
                    required=s.required, sort_order=s.sort_order, unit_kinds=s.unit_kinds)
                copy.units.set(s.units.all())
            ValidationRule.objects.bulk_create(
                ValidationRule(version=version, left_id=r.left_id, operator=r.operator,
                               right_id=r.right_id, severity=r.severity, message=r.message)
                for r in latest.rules.all()
            )
        record("formversion.create", version, actor=actor,
               details={"copied_from": latest.number if latest else None, "note": note})
    return version


def approve(version: FormVersion, actor) -> FormVersion:
    if not access.can_approve_form(actor, version.form):
        raise PermissionDenied
    with transaction.atomic():
        version = FormVersion.objects.select_for_update().get(pk=version.pk)
        if version.state != FormVersion.State.DRAFT:
            raise ValidationError(_("Version %(v)s is already %(state)s.")
                                  % {"v": version, "state": version.get_state_display()})
        has_rows = FormRow.objects.filter(table__version=version, indicator__isnull=False)
        if not has_rows.exists() and not version.sections.exists():
            raise ValidationError(_("An empty version cannot be approved."))
        version.state = FormVersion.State.APPROVED
        version.approved_by, version.approved_at = actor, timezone.now()
        version.save(update_fields=["state", "approved_by", "approved_at"])
        record("formversion.approve", version, actor=actor)
    return version


def mark_used(version: FormVersion, actor=None) -> FormVersion:
    """The first round that uses an approved version makes it `used`: it never changes again."""
    with transaction.atomic():
        version = FormVersion.objects.select_for_update().get(pk=version.pk)
        if version.state == FormVersion.State.USED:
            return version
        if version.state != FormVersion.State.APPROVED:
            raise ValidationError(_("Only an approved version can be used."))
        version.state = FormVersion.State.USED
        version.save(update_fields=["state"])
        record("formversion.use", version, actor=actor)
    return version


def preview_rows(version: FormVersion, unit=None):
    """Tables with their rows (indicators loaded), in order, for showing a version; with `unit`,
    only the rows that unit fills (a heading only where rows under it remain, a table only with
    rows).  For a unit, a version no longer a draft is read from what frozen.py keeps (without
    its units' names: `filled_by_label` reads them)."""
    shown = frozen.tables_and_rows(version) if unit is not None else None
    if shown is None:
        tables = list(version.tables.all())
        rows = FormRow.objects.filter(table__version=version).select_related(
            "indicator", "indicator__sector").prefetch_related("units")
        by_table: dict[int, list[FormRow]] = {}
        for row in rows:
            by_table.setdefault(row.table_id, []).append(row)
        shown = [(table, by_table.get(table.pk, [])) for table in tables]
    if unit is None:
        return shown
    result = []
    for table, table_rows in shown:
        kept, heading = [], None
        for row in table_rows:
            if row.is_heading:
                heading = row
            elif row.fills(unit):
                if heading is not None:
                    kept.append(heading)
                    heading = None
                kept.append(row)
        if any(not r.is_heading for r in kept):
            result.append((table, kept))
    return result


def sections_for(version: FormVersion, unit):
    """The narrative sections `unit` writes."""
    kept = frozen.sections(version)
    return [s for s in (version.sections.prefetch_related("units") if kept is None else kept)
            if s.fills(unit)]


def expected_units(form: ReportForm, version: FormVersion, column: str | None = None
                   ) -> dict[int, list]:
    """Per indicator of the version, the form's units that fill its row (with `column`, only
    rows of tables that have that column): who should have reported it."""
    units = list(form.units.all())
    kept = frozen.parts(version)
    if kept is not None:
        return _expected_from(kept, units, column)
    expected: dict[int, list] = {}
    for row in FormRow.objects.filter(table__version=version, indicator__isnull=False) \
            .select_related("table").prefetch_related("units"):
        if column is not None and column not in row.table.columns:
            continue
        expected.setdefault(row.indicator_id, [])
        expected[row.indicator_id] += [u for u in units if row.fills(u)
                                       and u not in expected[row.indicator_id]]
    return expected


def _expected_from(kept: dict, units: list, column: str | None) -> dict[int, list]:
    """expected_units from a version's kept parts: the same lists, in the same order."""
    at_table, at_indicator = frozen.column(FormRow, "table_id"), frozen.column(
        FormRow, "indicator_id")
    at_columns, at_id = frozen.column(FormTable, "columns"), frozen.column(FormTable, "id")
    columns = {t[at_id]: t[at_columns] for t in kept["tables"]}
    expected: dict[int, list] = {}
    seen: dict[int, set] = {}
    for row in kept["rows"]:
        indicator_id = row[at_indicator]
        if indicator_id is None:
            continue
        if column is not None and column not in columns[row[at_table]]:
            continue
        found, known = expected.setdefault(indicator_id, []), seen.setdefault(indicator_id, set())
        for u in units:
            if u.pk not in known and frozen.row_fills(kept, row, u):
                found.append(u)
                known.add(u.pk)
    return expected
