"""Excel uploads: every part capped by its real uncompressed size (the shared strings too),
rows counted as they are read (not from <dimension>), a duplicate row an error naming both
cells.  The issue's probes: a 1.7 MB xlsx with 58 MB of shared strings passed the checks and
cost 36 s; an under-stated <dimension> made rows past 3,000 silently ignored; two rows of one
code let the last win."""

import io
import re
import struct
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from baocao.collection import excel
from baocao.collection.models import DataValue

SST = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
       b'2006/main"></sst>')


def rezip(data: bytes, change) -> bytes:
    """The xlsx with each part passed through change(name, bytes) -> bytes (with a shared
    strings part, which openpyxl's own files do without)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    parts.setdefault("xl/sharedStrings.xml", SST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, change(name, content))
    return out.getvalue()


def filled(sub, values: dict) -> bytes:
    wb = load_workbook(io.BytesIO(excel.build_template(sub)))
    ws = wb["Biểu 1"]
    for row in ws.iter_rows(min_row=excel.FIRST_ROW):
        if row[0].value in values:
            row[3].value = values[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_58_mb_of_shared_strings_in_a_small_file_are_refused_at_once(collection, users):
    sub = collection["submission"]

    def bloat(name, content):
        if name == "xl/sharedStrings.xml":
            return SST.replace(b"</sst>", b"<si><t>" + b"A" * (58 * 1024 * 1024)
                               + b"</t></si></sst>")
        return content

    data = rezip(filled(sub, {"YT01": 100}), bloat)
    assert len(data) < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ValidationError, match="sharedStrings"):
        excel.import_upload(sub, data, users["reporter"])
    assert time.monotonic() - started < 5
    assert not DataValue.objects.filter(unit=sub.unit).exists()


def lie_about_sizes(data: bytes, part: str, claimed: int) -> bytes:
    """The zip with `part`'s uncompressed size claimed as `claimed` in both its headers."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(part)
    raw = bytearray(data)
    struct.pack_into("<I", raw, info.header_offset + 22, claimed)  # local header
    central = raw.rfind(b"PK\x01\x02" + raw[info.header_offset + 4: info.header_offset + 6],
                        0)
    index = 0
    while True:  # find this part's central directory record by its offset
        index = raw.find(b"PK\x01\x02", index + 1)
        if index < 0:
            break
        if struct.unpack_from("<I", raw, index + 42)[0] == info.header_offset:
            struct.pack_into("<I", raw, index + 24, claimed)
            break
    del central
    return bytes(raw)


def test_the_real_size_counts_not_the_size_the_header_claims(collection, users):
    sub = collection["submission"]

    def bloat(name, content):
        if name == "xl/sharedStrings.xml":
            return content.replace(b"</sst>", b"<si><t>" + b"B" * (20 * 1024 * 1024)
                                   + b"</t></si></sst>")
        return content

    data = lie_about_sizes(rezip(filled(sub, {"YT01": 100}), bloat), "xl/sharedStrings.xml",
                           1000)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml").file_size == 1000
    with pytest.raises(ValidationError, match="sharedStrings"):
        excel.check_zip(data)


def move_row(data: bytes, old: int, new: int, dimension: str) -> bytes:
    """Move a sheet row to row `new` and set the sheet's <dimension> to `dimension`."""

    def change(name, content):
        if name != "xl/worksheets/sheet2.xml":
            return content
        text = content.decode()
        text = re.sub(r'<dimension ref="[^"]+"/>', f'<dimension ref="{dimension}"/>', text)
        row = re.search(rf'<row r="{old}"[^>]*>.*?</row>', text).group(0)
        text = text.replace(row, "")
        moved = row.replace(f'r="{old}"', f'r="{new}"')
        moved = re.sub(rf'r="([A-Z]+){old}"', rf'r="\g<1>{new}"', moved)
        return text.replace("</sheetData>", moved + "</sheetData>").encode()

    return rezip(data, change)


def sheet_of(data: bytes) -> str:
    names = load_workbook(io.BytesIO(data), read_only=True).sheetnames
    assert names[1] == "Biểu 1"
    return "xl/worksheets/sheet2.xml"


def test_a_row_past_an_understated_dimension_is_read(collection, users):
    sub = collection["submission"]
    data = filled(sub, {"YT01": 1234, "YT02": 100})
    sheet_of(data)
    moved = move_row(data, excel.FIRST_ROW, 2500, "A1:C8")
    parsed = excel.import_upload(sub, moved, users["reporter"])
    assert not [p for p in parsed.problems if p.level == "error"], parsed.problems
    assert DataValue.objects.get(unit=sub.unit, indicator__code="YT01").value == 1234


def test_rows_past_the_cap_are_an_error_whatever_the_dimension_says(collection, users):
    sub = collection["submission"]
    data = filled(sub, {"YT01": 1234, "YT02": 100})
    moved = move_row(data, excel.FIRST_ROW, excel.FIRST_ROW + excel.MAX_ROWS + 10, "A1:C8")
    with pytest.raises(ValidationError, match="quá nhiều dòng"):
        excel.import_upload(sub, moved, users["reporter"])
    assert not DataValue.objects.filter(unit=sub.unit).exists()


def test_a_duplicate_row_is_an_error_naming_both_cells(collection, users):
    sub = collection["submission"]
    wb = load_workbook(io.BytesIO(filled(sub, {"YT01": 1000, "YT02": 900})))
    ws = wb["Biểu 1"]
    last = ws.max_row + 1
    ws.cell(row=last, column=1, value="YT01")
    ws.cell(row=last, column=4, value=5)
    out = io.BytesIO()
    wb.save(out)
    parsed = excel.import_upload(sub, out.getvalue(), users["reporter"])
    errors = [p.text for p in parsed.problems if p.level == "error"]
    assert any(f"Biểu 1!A{excel.FIRST_ROW}" in e and f"Biểu 1!A{last}" in e and "YT01" in e
               for e in errors), errors
    assert not DataValue.objects.filter(unit=sub.unit).exists()
