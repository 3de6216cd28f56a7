"""The Excel template of a unit's report: download, fill offline, upload.

The workbook has one sheet per indicator table (Vietnamese headings; the unit and period at the
top; typed cells unlocked with data validation; computed and heading cells locked), a sheet for
the narrative sections, and a hidden sheet `_baocao` naming the round, form version, unit and
period, so that a file for another form, unit or period is refused.

An upload is checked before it is parsed: its size, then as a zip its number of parts, and
each part decompressed and counted by its real size (the shared strings at most
MAX_SHARED_STRINGS) and ratio; openpyxl reads it through defusedxml, every row there is
(whatever the sheet's <dimension> says), counted as it is read and capped; an indicator given on
two rows is an error naming both cells.  Values go through the same validation as the browser;
a file with any error saves nothing.
"""

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from baocao.audit.log import record
from baocao.catalogue.forms import preview_rows, sections_for
from baocao.catalogue.models import ENTERED_COLUMNS, Column
from baocao.consolidation import rollups
from baocao.core import registry
from baocao.lib.spreadsheet import new_workbook, save_workbook
from baocao.organisation import access

from . import validation
from .figures import unit_figures
from .models import DataValue, Submission, SubmissionText
from .submissions import (
    _locked,
    _reopen_if_approved,
    _require_editable,
    clean_html,
    live_computed,
)

META_SHEET = "_baocao"
FIRST_ROW = 7
MAX_ZIP_FILES = 200
MAX_UNCOMPRESSED = 24 * 1024 * 1024
MAX_SHARED_STRINGS = 4 * 1024 * 1024
MAX_PART = 16 * 1024 * 1024
MAX_RATIO = 120
MAX_ROWS = 3000
GREY = PatternFill("solid", fgColor="E9ECEF")
HEAD = PatternFill("solid", fgColor="D0DCEB")
UNLOCKED = Protection(locked=False)
SECTIONS_SHEET = "Thuyết minh"


def sheet_title(number: int) -> str:
    return f"Biểu {number}"


def build_template(submission: Submission) -> bytes:
    rnd, unit = submission.round, submission.unit
    version, period = rnd.form_version, rnd.period_obj
    tables = preview_rows(version, unit)  # only the rows this unit fills
    indicators = [r.indicator for _t, rows in tables for r in rows if r.indicator_id]
    figures = unit_figures(unit, period, indicators,
                           entered=live_computed(submission, indicators))
    stored = {(v.indicator_id, v.column): v for v in DataValue.objects.filter(
        unit=unit, period=rnd.period)}
    wb = new_workbook()
    wb.remove(wb.active)
    meta = wb.create_sheet(META_SHEET)
    meta.append(["round", rnd.pk])
    meta.append(["form", rnd.form.code])
    meta.append(["version", version.number])
    meta.append(["unit", unit.code])
    meta.append(["period", rnd.period])
    for number, (table, rows) in enumerate(tables, start=1):
        ws = wb.create_sheet(sheet_title(number))
        meta.append([f"sheet:{ws.title}", table.pk, ",".join(table.columns)])
        ws["A1"] = table.title
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = _("Unit: %(name)s (%(code)s)") % {"name": unit.name, "code": unit.code}
        ws["A3"] = _("Period: %(label)s (%(period)s)") % {"label": period.label(),
                                                           "period": rnd.period}
        ws["A4"] = _("Form: %(code)s, version %(n)d. Type only in the white cells.") % {
            "code": rnd.form.code, "n": version.number}
        headers = [_("Code"), _("Indicator"), _("Unit of measure")] + [
            str(Column(c).label) for c in table.columns]
        for col, text in enumerate(headers, start=1):
            cell = ws.cell(row=FIRST_ROW - 1, column=col, value=text)
            cell.font, cell.fill = Font(bold=True), HEAD
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        validations = {}
        for row_number, row in enumerate(rows, start=FIRST_ROW):
            if row.is_heading:
                ws.cell(row=row_number, column=2, value=row.heading).font = Font(bold=True)
                continue
            indicator = row.indicator
            ws.cell(row=row_number, column=1, value=indicator.code)
            ws.cell(row=row_number, column=2, value=row.label)
            ws.cell(row=row_number, column=3, value=indicator.unit_of_measure)
            fig = figures.get(indicator.code)
            for offset, column in enumerate(table.columns):
                cell = ws.cell(row=row_number, column=4 + offset)
                typed = column in ENTERED_COLUMNS and registry.is_typed(indicator)
                if column == "note":
                    v = stored.get((indicator.pk, "actual"))
                    cell.value = v.text if v else None
                    cell.protection = UNLOCKED
                elif typed:
                    v = stored.get((indicator.pk, column))
                    cell.value = float(v.value) if v and v.value is not None else None
                    cell.protection = UNLOCKED
                    kind = ("whole" if indicator.value_type == "integer" else "decimal",
                            indicator.value_type == "percent")
                    validations.setdefault(kind, []).append(cell.coordinate)
                else:
                    value = fig.get(column) if fig else None
                    cell.value = float(value) if value is not None else None
                    cell.fill = GREY
                if column != "note" and cell.value is not None:
                    cell.number_format = "#,##0" + ("." + "0" * indicator.decimals
                                                    if indicator.decimals else "")
        for (kind, percent), cells in validations.items():
            dv = DataValidation(type=kind, operator="between" if percent else "greaterThanOrEqual",
                                formula1="0", formula2="100" if percent else None,
                                allow_blank=True, showErrorMessage=True,
                                errorTitle=_("Invalid value"),
                                error=_("A number from 0 to 100.") if percent else _(
                                    "A number that is not negative."))
            for ref in cells:
                dv.add(ref)
            ws.add_data_validation(dv)
        widths = [10, 60, 14] + [16] * len(table.columns)
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=4)
        ws.protection.sheet = True
    sections = sections_for(version, unit)
    if sections:
        ws = wb.create_sheet(SECTIONS_SHEET)
        ws["A1"], ws["B1"] = _("Section"), _("Text")
        ws["A1"].font = ws["B1"].font = Font(bold=True)
        texts = dict(submission.texts.values_list("section_id", "html"))
        for n, section in enumerate(sections, start=2):
            meta.append([f"section:{n}", section.pk])
            ws.cell(row=n, column=1, value=section.title).alignment = Alignment(wrap_text=True)
            cell = ws.cell(row=n, column=2, value=_html_to_text(texts.get(section.pk, "")))
            cell.protection, cell.alignment = UNLOCKED, Alignment(wrap_text=True,
                                                                    vertical="top")
            ws.row_dimensions[n].height = 120
        ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 40, 100
        ws.protection.sheet = True
    meta.sheet_state = "hidden"
    wb.active = 1 if len(wb.sheetnames) > 1 else 0
    return save_workbook(wb)


def _html_to_text(html: str) -> str:
    import re

    text = re.sub(r"</(p|li)>|<br\s*/?>", "\n", html or "")
    return re.sub(r"<[^>]+>", "", text).strip()


def _text_to_html(text: str) -> str:
    from django.utils.html import escape

    paragraphs = [p.strip() for p in str(text or "").split("\n") if p.strip()]
    return clean_html("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def check_zip(data: bytes) -> None:
    """Refuse what is too big, not an xlsx, or a zip bomb — before any XML is parsed.  Each part
    is decompressed here and counted by its real size (not the size its header claims): the
    shared strings at most MAX_SHARED_STRINGS bytes, any other part MAX_PART, all of them
    MAX_UNCOMPRESSED."""
    if len(data) > settings.BAOCAO_MAX_XLSX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)d MB.") % {
            "mb": settings.BAOCAO_MAX_XLSX_BYTES // (1024 * 1024)})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError(_("This is not an Excel (.xlsx) file.")) from None
    if len(entries) > MAX_ZIP_FILES:
        raise ValidationError(_("The Excel file holds too many parts (%(n)d).")
                              % {"n": len(entries)})
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise ValidationError(_("This is not an Excel (.xlsx) file."))
    total = 0
    for entry in entries:
        cap = MAX_SHARED_STRINGS if entry.filename.endswith("sharedStrings.xml") else MAX_PART
        size = _real_size(archive, entry, cap + 1)
        total += size
        if size > cap or total > MAX_UNCOMPRESSED or (
                entry.compress_size and size / entry.compress_size > MAX_RATIO):
            raise ValidationError(_("The Excel file expands to too much data (%(part)s); it "
                                    "is refused.") % {"part": entry.filename})


def _real_size(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, stop: int) -> int:
    """The bytes a part really decompresses to, counted in chunks up to `stop`."""
    import zlib

    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ValidationError(_("This is not an Excel (.xlsx) file."))
    start = _data_offset(archive, entry)
    raw = archive.fp
    raw.seek(start)
    remaining = entry.compress_size
    inflater = zlib.decompressobj(-15) if entry.compress_type == zipfile.ZIP_DEFLATED else None
    size = 0
    while remaining > 0 and size < stop:
        chunk = raw.read(min(65536, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        if inflater is None:
            size += len(chunk)
            continue
        try:
            size += len(inflater.decompress(chunk, stop - size + 1))
            while inflater.unconsumed_tail and size < stop:
                size += len(inflater.decompress(inflater.unconsumed_tail, stop - size + 1))
        except zlib.error:
            raise ValidationError(_("The Excel file is damaged.")) from None
    return size


def _data_offset(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    """Where a part's compressed bytes start (after its local file header)."""
    import struct

    raw = archive.fp
    raw.seek(entry.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise ValidationError(_("The Excel file is damaged."))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return entry.header_offset + 30 + name_length + extra_length


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)  # (indicator id, column) → Decimal | None
    notes: dict = field(default_factory=dict)  # indicator id → text
    texts: dict = field(default_factory=dict)  # section id → html
    problems: list = field(default_factory=list)


def parse_upload(submission: Submission, data: bytes) -> Parsed:
    check_zip(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to read is the same answer to the user
        raise ValidationError(_("The Excel file cannot be read.")) from None
    try:
        return _parse(submission, wb)
    finally:
        wb.close()


def _parse(submission: Submission, wb) -> Parsed:
    if META_SHEET not in wb.sheetnames:
        raise ValidationError(_("This file is not a baocao template: download the template "
                                "of this report and fill it."))
    meta = {}
    for row in wb[META_SHEET].iter_rows(max_row=500, values_only=True):
        if row and row[0]:
            meta[str(row[0])] = row[1:]
    rnd = submission.round
    checks = [("form", rnd.form.code, _("form")), ("unit", submission.unit.code, _("unit")),
              ("period", rnd.period, _("period"))]
    for key, expected, label in checks:
        found = str((meta.get(key) or [""])[0])
        if found != expected:
            raise ValidationError(_(
                "The file is for another %(what)s (%(found)s), not %(expected)s. Download the "
                "template of this report.") % {"what": label, "found": found or "?",
                                               "expected": expected})
    if int((meta.get("version") or [0])[0] or 0) != rnd.form_version.number:
        raise ValidationError(_("The file is for another version of the form; download the "
                                "template again."))
    tables = dict(preview_rows(rnd.form_version))
    tables = {t.pk: (t, rows) for t, rows in tables.items()}
    parsed = Parsed()
    for key, info in meta.items():
        if not key.startswith("sheet:"):
            continue
        name, table_id = key[6:], info[0]
        if name not in wb.sheetnames or table_id not in tables:
            raise ValidationError(_("The sheet \"%(sheet)s\" is missing or changed.")
                                  % {"sheet": name})
        table, rows = tables[table_id]
        by_code = {r.indicator.code: r for r in rows if r.indicator_id}
        ws = wb[name]
        # The sheet's <dimension> may say anything: forget it, read every row there is, and
        # count them as they come.
        ws.reset_dimensions()
        seen: dict[str, str] = {}
        width = 3 + len(table.columns)
        for r, cells in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=width,
                                               values_only=True), start=FIRST_ROW):
            if r - FIRST_ROW >= MAX_ROWS:
                raise ValidationError(_("The sheet \"%(sheet)s\" has too many rows (more than "
                                        "%(n)d).") % {"sheet": name, "n": MAX_ROWS})
            code = str(cells[0]).strip() if cells and cells[0] is not None else ""
            if not code:
                continue
            row = by_code.get(code)
            if row is None:
                parsed.problems.append(validation.Problem(
                    validation.ERROR, code, "", _("unknown indicator code \"%(code)s\".")
                    % {"code": code}, where=f"{name}!A{r}"))
                continue
            if code in seen:
                parsed.problems.append(validation.Problem(
                    validation.ERROR, code, "", _("indicator %(code)s is given twice, in %(first)s "
                                                  "and %(second)s; keep one row.")
                    % {"code": code, "first": seen[code], "second": f"{name}!A{r}"},
                    where=f"{name}!A{r}"))
                continue
            seen[code] = f"{name}!A{r}"
            if not registry.is_typed(row.indicator):
                continue
            if not row.fills(submission.unit):
                if any(c not in (None, "") for c in cells[3:]):
                    parsed.problems.append(validation.Problem(
                        validation.ERROR, code, "", _(
                            "%(unit)s does not report this indicator in this form (the row is "
                            "filled by %(who)s): leave it empty.") % {
                            "unit": submission.unit.name,
                            "who": row.filled_by_label() or _("other units")},
                        where=f"{name}!A{r} ({code})"))
                continue
            for offset, column in enumerate(table.columns):
                if column not in ENTERED_COLUMNS:
                    continue
                raw = cells[3 + offset] if len(cells) > 3 + offset else None
                where = f"{name}!{get_column_letter(4 + offset)}{r}"
                if column == "note":
                    parsed.notes[row.indicator_id] = str(raw or "").strip()[:2000]
                    continue
                if isinstance(raw, float | int) and not isinstance(raw, bool):
                    raw = Decimal(repr(raw))  # a float's shortest form: 0.1 is 0.1
                value, problems = validation.parse_cell(row.indicator, raw, column)
                for p in problems:
                    p.where = f"{where} ({code})"
                parsed.problems.extend(problems)
                parsed.values[(row.indicator_id, column)] = value
    if SECTIONS_SHEET in wb.sheetnames:
        ws = wb[SECTIONS_SHEET]
        for key, info in meta.items():
            if key.startswith("section:"):
                number = int(key.split(":")[1])
                cell = ws.cell(row=number, column=2).value
                parsed.texts[int(info[0])] = _text_to_html(cell or "")
    return parsed


def import_upload(submission: Submission, data: bytes, actor) -> Parsed:
    """Take in a filled template; with any error (or unexplained warning) nothing is saved."""
    access.require(access.can_edit_submission(actor, submission))
    parsed = parse_upload(submission, data)
    if any(p.level == validation.ERROR for p in parsed.problems):
        return parsed
    period = submission.round.period_obj
    try:
        _take_in(submission, parsed, period, actor)
    except IntegrityError:  # an import wrote one of these values meanwhile: nothing was kept
        raise ValidationError(_("Values of this report were saved meanwhile by an import; "
                                "nothing of the file was kept. Upload it again.")) from None
    return parsed


def _take_in(submission, parsed, period, actor) -> None:
    with transaction.atomic(), rollups.batch():
        submission = _locked(submission)
        _require_editable(submission)
        existing = {(v.indicator_id, v.column): v for v in DataValue.objects.filter(
            unit=submission.unit, period=str(period))}
        changed = 0
        for (indicator_id, column), value in parsed.values.items():
            current = existing.get((indicator_id, column))
            note = parsed.notes.get(indicator_id) if column == "actual" else None
            if current is not None and current.value == value and (
                    note is None or current.text == note):
                continue
            row = current or DataValue.for_period(period, indicator_id=indicator_id,
                                                  unit=submission.unit, column=column)
            row.value, row.submission, row.official = value, submission, False
            if note is not None:
                row.text = note
            row.revision = (current.revision + 1) if current else 1
            row.stored_by = actor.get_username()
            row.save()
            changed += 1
        for section_id, html in parsed.texts.items():
            text, _created = SubmissionText.objects.get_or_create(
                submission=submission, section_id=section_id, defaults={"revision": 0})
            if text.html != html:
                text.html, text.revision = html, text.revision + 1
                text.save()
                changed += 1
        if changed:
            _reopen_if_approved(submission, actor)
        record("submission.upload", submission, actor=actor,
               details={"changed": changed, "warnings": len(parsed.problems)})
