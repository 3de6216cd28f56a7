"""A form version that is no longer a draft never changes (LockedVersionMixin): its tables, rows,
sections and rules, and who fills each, are read once per process and kept under the version's
id and creation time.  What the catalogue may still change, the indicators (names, bounds,
formulas) and their sectors, is read again, once per request (`lib/memo.py`).

Every page of a round reads its version: the home page's progress, the entry page, a cell's
save.  Before this, each read the version's rows with their indicators, sectors and units
(some twice), about 400 model instances and six queries for the demo's form."""

from django.db.models.signals import m2m_changed, post_delete, post_save

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


def indicators(version: FormVersion) -> dict[int, Indicator]:
    """The indicators of the version's rows and rules, read once per request (their sectors
    only if asked: no page of a submission shows them)."""
    def read():
        kept = parts(version)
        if kept is None:
            return None
        ids = {r[2] for r in kept["rows"] if r[2] is not None}
        index = attnames(ValidationRule)
        left, right = index.index("left_id"), index.index("right_id")
        ids |= {r[left] for r in kept["rules"]} | {r[right] for r in kept["rules"]}
        return {i.pk: i for i in Indicator.objects.filter(pk__in=ids).order_by()}

    return remember(("catalogue.frozen.indicators", version.pk), read)


def typed_indicators(version: FormVersion, unit, is_typed) -> set[int] | None:
    """The ids of the indicators the unit types in the version (`is_typed(code, formula)`),
    from the kept rows and, for the indicators, what this request has read already or their
    code and formula alone; None for a draft."""
    kept = parts(version)
    if kept is None:
        return None
    names = attnames(FormRow)
    at = {n: names.index(n) for n in ("id", "indicator_id", "unit_kinds")}
    ids = set()
    for row in kept["rows"]:
        kinds, named = row[at["unit_kinds"]] or [], kept["row_units"].get(row[at["id"]], ())
        if row[at["indicator_id"]] is not None and (
                not kinds and not named or unit.kind in kinds or unit.pk in named):
            ids.add(row[at["indicator_id"]])
    read = recall(("catalogue.frozen.indicators", version.pk))
    facts = [(i.pk, i.code, i.formula) for i in read.values()] if read is not None else \
        Indicator.objects.filter(pk__in=ids).order_by().values_list("pk", "code", "formula")
    return {pk for pk, code, formula in facts if pk in ids and is_typed(code, formula)}


def tables_and_rows(version: FormVersion):
    """[(table, [row…])] of a version no longer a draft, in order, each row's table and
    indicator set and its units known (`FilledByMixin.fills` reads no more); None for a draft.
    Once per request: callers share the lists and must not change them."""
    def read():
        kept = parts(version)
        if kept is None:
            return None
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

    return remember(("catalogue.frozen.rows", version.pk), read)


def sections(version: FormVersion):
    """The version's narrative sections, their units known; None for a draft."""
    def read():
        kept = parts(version)
        if kept is None:
            return None
        made = _instances(FormSection, kept["sections"], FormSection.objects.db)
        for section in made:
            section.version = version
            section.filled_unit_ids = kept["section_units"].get(section.pk, frozenset())
        return made

    return remember(("catalogue.frozen.sections", version.pk), read)


def rules(version: FormVersion):
    """The version's rules between cells, their indicators set; None for a draft."""
    def read():
        kept = parts(version)
        if kept is None:
            return None
        by_id = indicators(version)
        made = _instances(ValidationRule, kept["rules"], ValidationRule.objects.db)
        for rule in made:
            rule.version = version
            rule.left, rule.right = by_id[rule.left_id], by_id[rule.right_id]
        return made

    return remember(("catalogue.frozen.rules", version.pk), read)


for _model in (FormVersion, FormTable, FormRow, FormSection, ValidationRule):
    post_save.connect(forget, sender=_model, dispatch_uid=f"catalogue.frozen.{_model.__name__}")
    post_delete.connect(forget, sender=_model,
                        dispatch_uid=f"catalogue.frozen.{_model.__name__}.delete")
for _through in (FormRow.units.through, FormSection.units.through):
    m2m_changed.connect(forget, sender=_through, dispatch_uid=f"catalogue.frozen.{_through}")
