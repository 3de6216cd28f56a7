"""Reading the CSV files our import commands take: UTF-8 (with or without BOM), a fixed header,
errors by line number.  Nothing here writes."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, key):
        return self.values.get(key, "")


class CsvError(Exception):
    """The file as a whole cannot be read (size, encoding, header)."""


def read_rows(source, *, required: list[str], optional: tuple[str, ...] = ()) -> list[Row]:
    """Rows of a CSV file whose header has every `required` column and no unknown one."""
    limit = settings.BAOCAO_MAX_IMPORT_BYTES
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise CsvError(_("File not found: %(path)s") % {"path": path})
        if path.stat().st_size > limit:
            raise CsvError(_("The file is larger than %(limit)d bytes.") % {"limit": limit})
        raw = path.read_bytes()
    else:
        raw = source.read(limit + 1)
        if len(raw) > limit:
            raise CsvError(_("The file is larger than %(limit)d bytes.") % {"limit": limit})
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise CsvError(
            _("The file is not UTF-8 text (byte %(pos)d). Save it as \"CSV UTF-8\".")
            % {"pos": error.start}
        ) from None
    refuse_nul(text)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise CsvError(_("The file is empty.")) from None
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvError(
            _("Line 1: the header lacks the column(s) %(columns)s; it must be %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ",".join(required)}
        )
    unknown = [name for name in header if name not in required and name not in optional]
    if unknown:
        raise CsvError(
            _("Line 1: unknown column(s) %(columns)s; the header must be %(expected)s.")
            % {"columns": ", ".join(unknown), "expected": ",".join(required)}
        )
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            rows.append(Row(reader.line_num, {"__too_many__": str(len(cells))}))
            continue
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        rows.append(Row(reader.line_num, values))
    return rows


def refuse_nul(text: str, line: int | None = None) -> None:
    """A NUL character is no text (PostgreSQL refuses it): the file is refused, by line."""
    at = text.find("\x00")
    if at >= 0:
        line = line or text.count("\n", 0, at) + 1
        raise CsvError(_("Line %(line)d holds a NUL character: the file is not text. Save it "
                         "again as \"CSV UTF-8\".") % {"line": line})


def parse_date(text: str) -> date:
    """YYYY-MM-DD or DD/MM/YYYY; raises ValueError."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def line_error(line: int, message: str) -> str:
    return _("Line %(line)d: %(message)s") % {"line": line, "message": message}
