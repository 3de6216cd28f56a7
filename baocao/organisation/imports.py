"""`baocao import units FILE.csv`: header `code,name,kind,parent_code` (optionally
`active_from,active_to`).  Creates or updates; all or nothing."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.audit.log import record, save_and_record
from baocao.core.registry import ImportResult
from baocao.lib.csvfile import CsvError, line_error, parse_date, read_rows

from .models import Kind, OrgUnit

HEADER = ["code", "name", "kind", "parent_code"]
OPTIONAL = ("active_from", "active_to")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
UNIT_FIELDS = ["code", "name", "kind", "parent", "active_from", "active_to"]


def import_units(source, *, dry_run: bool = False, filename: str = "") -> ImportResult:
    result = ImportResult()
    try:
        rows = read_rows(source, required=HEADER, optional=OPTIONAL)
    except CsvError as error:
        result.errors.append(str(error))
        return result

    problems: list[tuple[int, str]] = []
    existing = {u.code: u for u in OrgUnit.objects.select_related("parent")}
    wanted: dict[str, dict] = {}
    lines: dict[str, int] = {}
    kinds = {k.value for k in Kind}
    for row in rows:
        if "__too_many__" in row.values:
            problems.append((row.line, _("more cells than header columns.")))
            continue
        errors = []
        code, name, kind, parent_code = row["code"], row["name"], row["kind"], row["parent_code"]
        if not code:
            errors.append(_("the code is empty."))
        elif not CODE_PATTERN.match(code):
            errors.append(
                _("the code \"%(code)s\" may only have letters, digits, '.', '_' and '-' "
                  "(at most 50).") % {"code": code}
            )
        elif code in wanted:
            errors.append(
                _("the code \"%(code)s\" is already on line %(line)d.")
                % {"code": code, "line": lines[code]}
            )
        if not name:
            errors.append(_("the name is empty."))
        elif len(name) > 255:
            errors.append(_("the name is longer than 255 characters."))
        if kind not in kinds:
            errors.append(
                _("the kind \"%(kind)s\" is not one of %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(sorted(kinds))}
            )
        dates = {}
        for column in OPTIONAL:
            text = row[column]
            try:
                dates[column] = parse_date(text) if text else None
            except ValueError:
                errors.append(
                    _("%(column)s \"%(value)s\" is not a date (YYYY-MM-DD or DD/MM/YYYY).")
                    % {"column": column, "value": text}
                )
        if dates.get("active_from") and dates.get("active_to"):
            if dates["active_to"] < dates["active_from"]:
                errors.append(_("active_to is before active_from."))
        if parent_code and parent_code == code:
            errors.append(_("a unit cannot be its own parent."))
        if errors:
            problems.extend((row.line, e) for e in errors)
            continue
        wanted[code] = {"name": name, "kind": kind, "parent_code": parent_code or None, **dates}
        lines[code] = row.line

    # Parents: in the file or already known; and no cycles in the tree that would result.
    parent_of = {code: (u.parent.code if u.parent else None) for code, u in existing.items()}
    parent_of.update({code: data["parent_code"] for code, data in wanted.items()})
    for code, data in wanted.items():
        parent_code = data["parent_code"]
        if parent_code and parent_code not in parent_of:
            problems.append((
                lines[code],
                _("the parent unit \"%(parent)s\" is neither in the file nor in the system.")
                % {"parent": parent_code},
            ))
            continue
        seen, current = {code}, parent_code
        while current:
            if current in seen:
                problems.append((
                    lines[code],
                    _("the parent \"%(parent)s\" would put the unit under itself.")
                    % {"parent": parent_code},
                ))
                break
            seen.add(current)
            current = parent_of.get(current)
    if problems:
        result.errors = [line_error(line, message) for line, message in sorted(problems)]
        return result

    def depth(code: str) -> int:
        n, current = 0, parent_of.get(code)
        while current:
            n, current = n + 1, parent_of.get(current)
        return n

    with transaction.atomic():
        for code in sorted(wanted, key=lambda c: (depth(c), lines[c])):
            data = wanted[code]
            unit = OrgUnit.objects.filter(code=code).first() or OrgUnit(code=code)
            unit.name, unit.kind = data["name"], data["kind"]
            unit.parent = (
                OrgUnit.objects.get(code=data["parent_code"]) if data["parent_code"] else None
            )
            unit.active_from, unit.active_to = data.get("active_from"), data.get("active_to")
            result.count(save_and_record(
                unit, fields=UNIT_FIELDS, via="import", file=filename, line=lines[code]
            ))
        if result.created or result.updated:
            record("orgunit.import", details=result.summary(filename))
        if dry_run:
            transaction.set_rollback(True)
    return result
