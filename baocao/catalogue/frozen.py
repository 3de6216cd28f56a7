"""A form version that is no longer a draft never changes (LockedVersionMixin): its tables, rows,
sections and rules, and who fills each, are read once per process and kept under the version's
id and creation time.  What the catalogue may still change, the indicators (names, bounds,
formulas) and their sectors, is read again, once per request (`lib/memo.py`).

Every page of a round reads its version: the home page's progress, the entry page, a cell's
save.  Before this, each read the version's rows with their indicators, sectors and units
(some twice), about 400 model instances and six queries for the demo's form."""

import functools

from django.db.models.signals import m2m_changed, post_delete, post_save

from baocao.lib import rows
from baocao.lib.memo import recall, remember

from .models import FormRow, FormSection, FormTable, FormVersion, Indicator, ValidationRule

_kept: dict[tuple, dict] = {}


def attnames(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _read(version: FormVersion) -> dict:
    """The version's parts as plain values (the querysets' own order)."""
    rows = FormRow.objects.filter(table__version=version)
    sections = FormSection.objects.filter(version=version)
    row_units: dict[int, set] = {}
    for row_id, unit_id in FormRow.units.through.objects.filter(
            formrow__table__version=version).values_list("formrow_id", "orgunit_id"):
        row_units.setdefault(row_id, set()).add(unit_id)
    section_units: dict[int, set] = {}
    for section_id, unit_id in FormSection.units.through.objects.filter(
            formsection__version=version).values_list("formsection_id", "orgunit_id"):
        section_units.setdefault(section_id, set()).add(unit_id)
    return {
        "tables": list(FormTable.objects.filter(version=version).values_list(
            *attnames(FormTable))),
        "rows": list(rows.values_list(*attnames(FormRow))),
        "row_units": {k: frozenset(v) for k, v in row_units.items()},
        "sections": list(sections.values_list(*attnames(FormSection))),
        "section_units": {k: frozenset(v) for k, v in section_units.items()},
        "rules": list(ValidationRule.objects.filter(version=version).values_list(
            *attnames(ValidationRule))),
    }


def parts(version: FormVersion) -> dict | None:
    """The version's kept parts, or None for a draft (read it from the database as it is)."""
    if version.pk is None or version.state == FormVersion.State.DRAFT:
        return None
    key = (version.pk, version.created_at)
    found = _kept.get(key)
    if found is None:
        found = _kept[key] = _read(version)
    return found


def forget(**kwargs) -> None:
    """Any write to a version or its parts (only drafts change; a test database reuses ids)."""
    _kept.clear()


def _instances(model, values, db) -> list:
    names = attnames(model)
    made = []
    for row in values:
        obj = model.from_db(db, names, row)
        for name, value in zip(names, row, strict=True):
            if isinstance(value, list):  # a JSON list (columns, unit kinds): each its own
                setattr(obj, name, list(value))
        made.append(obj)
    return made


def _per_request(function):
    """`function(version, kept)` once per request for a version no longer a draft (its kept
    parts given); None for a draft.  Callers share what it returns and must not change it."""
    key = f"catalogue.frozen.{function.__name__}"

    @functools.wraps(function)
    def wrapper(version: FormVersion):
        def read():
            kept = parts(version)
            return None if kept is None else function(version, kept)
        return remember((key, version.pk), read)

    wrapper.memo_key = key
    return wrapper


def column(model, name: str) -> int:
    """Where the field `name` stands in the kept values of `model`'s rows."""
    return attnames(model).index(name)


_ROW = {n: column(FormRow, n) for n in ("id", "table_id", "indicator_id", "unit_kinds")}


def row_fills(kept: dict, row: tuple, unit) -> bool:
    """FilledByMixin.fills for a kept row: every unit when it names neither kinds nor units."""
    kinds, named = row[_ROW["unit_kinds"]] or [], kept["row_units"].get(row[_ROW["id"]], ())
    return not kinds and not named or unit.kind in kinds or unit.pk in named


@_per_request
def indicators(version: FormVersion, kept) -> dict[int, Indicator]:
    """The indicators of the version's rows and rules, read once per request (their sectors
    only if asked: no page of a submission shows them)."""
    row = column(FormRow, "indicator_id")
    left, right = column(ValidationRule, "left_id"), column(ValidationRule, "right_id")
    ids = {r[row] for r in kept["rows"] if r[row] is not None}
    ids |= {r[left] for r in kept["rules"]} | {r[right] for r in kept["rules"]}
    if not ids:
        return {}
    found = rows.fetch(  # every page of a submission asks: not through the ORM (lib/rows.py)
        rows.select(Indicator, "i") + f"WHERE i.id IN ({rows.marks(ids)})", sorted(ids),
        Indicator)
    return {i.pk: i for (i,) in found}


def typed_indicators(version: FormVersion, unit, is_typed) -> set[int] | None:
    """The ids of the indicators the unit types in the version (`is_typed(code, formula)`),
    from the kept rows and, for the indicators, what this request has read already or their
    code and formula alone; None for a draft."""
    kept = parts(version)
    if kept is None:
        return None
    at = _ROW["indicator_id"]
    ids = {row[at] for row in kept["rows"] if row[at] is not None and row_fills(kept, row, unit)}
    read = recall((indicators.memo_key, version.pk))
    facts = [(i.pk, i.code, i.formula) for i in read.values()] if read is not None else \
        Indicator.objects.filter(pk__in=ids).order_by().values_list("pk", "code", "formula")
    return {pk for pk, code, formula in facts if pk in ids and is_typed(code, formula)}


@_per_request
def tables_and_rows(version: FormVersion, kept):
    """[(table, [row…])] in order, each row's table and indicator set and its units known
    (`FilledByMixin.fills` reads no more)."""
    db = FormRow.objects.db
    by_id = indicators(version)
    tables = _instances(FormTable, kept["tables"], db)
    by_table: dict[int, list] = {t.pk: [] for t in tables}
    table_of = {t.pk: t for t in tables}
    for row in _instances(FormRow, kept["rows"], db):
        row.table = table_of[row.table_id]
        row.indicator = by_id[row.indicator_id] if row.indicator_id else None
        row.filled_unit_ids = kept["row_units"].get(row.pk, frozenset())
        by_table[row.table_id].append(row)
    for table in tables:
        table.version = version
    return [(t, by_table[t.pk]) for t in tables]


def indicator_rows(version: FormVersion) -> list | None:
    """tables_and_rows' rows that hold an indicator (no heading), in order; None for a draft."""
    kept = tables_and_rows(version)
    return None if kept is None else [r for _t, rows in kept for r in rows if r.indicator_id]


@_per_request
def sections(version: FormVersion, kept):
    """The version's narrative sections, their units known."""
    made = _instances(FormSection, kept["sections"], FormSection.objects.db)
    for section in made:
        section.version = version
        section.filled_unit_ids = kept["section_units"].get(section.pk, frozenset())
    return made


@_per_request
def rules(version: FormVersion, kept):
    """The version's rules between cells, their indicators set."""
    by_id = indicators(version)
    made = _instances(ValidationRule, kept["rules"], ValidationRule.objects.db)
    for rule in made:
        rule.version = version
        rule.left, rule.right = by_id[rule.left_id], by_id[rule.right_id]
    return made


for _model in (FormVersion, FormTable, FormRow, FormSection, ValidationRule):
    post_save.connect(forget, sender=_model, dispatch_uid=f"catalogue.frozen.{_model.__name__}")
    post_delete.connect(forget, sender=_model,
                        dispatch_uid=f"catalogue.frozen.{_model.__name__}.delete")
for _through in (FormRow.units.through, FormSection.units.through):
    m2m_changed.connect(forget, sender=_through, dispatch_uid=f"catalogue.frozen.{_through}")
