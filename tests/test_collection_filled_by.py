"""Who fills what: each form row (and narrative section) says which units fill it; the entry
page and the Excel template show a unit only its rows, a value for another's row is refused
(browser, Excel, import), and the units missing a row are only those that should fill it."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from baocao.catalogue import forms as form_services
from baocao.catalogue.models import FormRow, FormSection
from baocao.catalogue.periods import parse
from baocao.collection import excel, submissions
from baocao.consolidation.engine import consolidate

from .conftest import fill, sent


@pytest.fixture
def department_row(collection, tree):
    """AN04 is a department's district-wide figure: the wards do not fill it."""
    FormRow.objects.filter(table__version=collection["version"],
                           indicator=collection["an04"]).update(unit_kinds=["department"])
    FormSection.objects.filter(pk=collection["tasks"].pk).update(unit_kinds=["department"])
    return collection


def test_the_entry_page_shows_only_the_units_rows(department_row, client_for):
    html = client_for("reporter").get(
        f"/rounds/submissions/{department_row['submission'].pk}/").content.decode()
    yt01, an04 = department_row["yt"]["YT01"].pk, department_row["an04"].pk
    assert f'id="row-{yt01}"' in html and f'id="row-{an04}"' not in html
    assert "Vụ tai nạn giao thông" not in html and "Nhiệm vụ tháng tới" not in html


def test_a_value_for_a_row_the_unit_does_not_fill_is_refused(department_row, users):
    with pytest.raises(ValidationError, match="không báo cáo"):
        submissions.save_cell(department_row["submission"], department_row["an04"].pk,
                              "actual", "3", users["reporter"])
    department_row["tasks"].refresh_from_db()
    with pytest.raises(ValidationError, match="không viết"):
        submissions.save_text(department_row["submission"], department_row["tasks"],
                              "<p>x</p>", users["reporter"])
    assert not department_row["submission"].values.exists()


def test_the_excel_template_has_only_the_units_rows_and_refuses_another(department_row, users):
    data = excel.build_template(department_row["submission"])
    wb = load_workbook(io.BytesIO(data))
    codes = [row[0].value for ws in wb.worksheets if not ws.title.startswith("_")
             for row in ws.iter_rows()]
    assert "YT01" in codes and "AN04" not in codes
    sheet = next(ws for ws in wb.worksheets if "YT01" in [r[0].value for r in ws.iter_rows()])
    last = sheet.max_row + 1
    sheet.cell(row=last, column=1, value="AN04")
    sheet.cell(row=last, column=4, value=3)
    out = io.BytesIO()
    wb.save(out)
    parsed = excel.import_upload(department_row["submission"], out.getvalue(),
                                 users["reporter"])
    assert any("không báo cáo" in p.message and "AN04" in p.where for p in parsed.problems)
    assert not department_row["submission"].values.exists()  # nothing saved


def test_an_import_refuses_a_value_for_another_units_row(department_row, tmp_path, capsys):
    path = tmp_path / "v.json"
    path.write_text(json.dumps({"dataValues": [
        {"dataElement": "AN04", "period": "202610", "orgUnit": "TAYHO-BUOI", "value": "3"}]}))
    with pytest.raises(CommandError):
        call_command("import", "values", str(path))
    out = capsys.readouterr()
    assert "TAYHO-BUOI" in out.err + out.out and "BC-C" in out.err + out.out


def test_the_units_missing_a_row_are_those_that_fill_it(department_row, users, tree):
    fill(department_row["submission"], users["reporter"], YT01="100")
    sent(department_row["submission"])
    expected = form_services.expected_units(department_row["form"], department_row["version"])
    assert expected[department_row["an04"].pk] == []  # no department in this form
    figures = {f.indicator.code: f for f in consolidate(
        [department_row["yt"]["YT01"], department_row["an04"]], parse("2026-10"),
        tree["committee"], expected)}
    assert [u.code for u in figures["YT01"].missing_units] == ["TAYHO-NHATTAN"]
    assert figures["AN04"].missing_units == []


def test_a_new_version_keeps_who_fills_what(department_row, users):
    version = form_services.new_version(department_row["form"], users["admin"])
    row = FormRow.objects.get(table__version=version, indicator=department_row["an04"])
    assert row.unit_kinds == ["department"]
    assert FormSection.objects.get(version=version, kind="next_period_tasks").unit_kinds == [
        "department"]


def test_who_fills_a_used_version_cannot_change(department_row, tree):
    row = FormRow.objects.get(table__version=department_row["version"],
                              indicator=department_row["an04"])
    with pytest.raises(ValidationError):
        row.units.add(tree["ward"])
