"""Spreadsheets that cannot run: every export goes through here.

- XLSX: `save_workbook(wb)` turns every cell that openpyxl would write as a formula (any text
  starting with "=") into a plain string cell before saving.  baocao writes no formulas of its
  own, so whatever a person typed stays text in every workbook we hand out.
- CSV: `csv_writer(out)` gives a writer whose cells are passed through `neutralise`: a text
  starting with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's CSV-injection rule) gets
  a leading apostrophe, so that a spreadsheet opening the file shows it as text.  Numbers (and
  plain number literals such as `-12.5`) pass unchanged; so does a text that already starts
  with an apostrophe, which is doubled so that `restore` (used by the CSV imports) gives back
  exactly what was exported.
"""

import csv
import io
import re

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """A CSV cell that no spreadsheet reads as a formula."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in DANGEROUS and not NUMBER.fullmatch(value):
        return "'" + value
    if value[0] == "'" and len(value) > 1 and (value[1] in DANGEROUS or value[1] == "'"):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text `neutralise` was given (for reading back a CSV we wrote)."""
    if len(value) > 1 and value[0] == "'" and (value[1] in DANGEROUS or value[1] == "'"):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, writer):
        self._writer = writer

    def writeheader(self):
        return self._writer.writeheader()

    def writerow(self, row: dict):
        return self._writer.writerow({k: neutralise(v) for k, v in row.items()})

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **options):
    """csv.writer whose every cell is neutralised."""
    return _SafeWriter(csv.writer(out, **options))


def csv_dict_writer(out, fieldnames, **options):
    """csv.DictWriter whose every cell is neutralised."""
    return _SafeDictWriter(csv.DictWriter(out, fieldnames=fieldnames, **options))


def new_workbook():
    """An openpyxl Workbook (save it with save_workbook)."""
    from openpyxl import Workbook

    return Workbook()


def seal(wb) -> int:
    """Make every formula cell of `wb` a string cell; return how many there were."""
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    changed += 1
    return changed


def save_workbook(wb, path=None) -> bytes | None:
    """Seal `wb` (no formula cells) and save it to `path`, or return its bytes."""
    seal(wb)
    if path is not None:
        wb.save(path)
        return None
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
