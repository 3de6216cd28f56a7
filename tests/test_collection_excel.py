"""The Excel template: round trip, errors by sheet and cell, wrong files, zip bombs, size."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from baocao.collection import excel
from baocao.collection.models import DataValue, SubmissionText


def fill_template(data: bytes, values: dict, text: str = "") -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Biểu 1"]
    for row in ws.iter_rows(min_row=excel.FIRST_ROW):
        code = row[0].value
        if code in values:
            row[3].value = values[code]
    if text:
        wb[excel.SECTIONS_SHEET]["B2"] = text
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_template_round_trips(collection, users):
    sub = collection["submission"]
    data = excel.build_template(sub)
    wb = load_workbook(io.BytesIO(data))
    assert wb["_baocao"].sheet_state == "hidden"
    ws = wb["Biểu 1"]
    assert "Phường Bưởi" in ws["A2"].value and "2026-10" in ws["A3"].value
    assert ws.protection.sheet and ws["D7"].protection.locked is False
    assert ws["E7"].protection.locked is True  # year to date is computed
    filled = fill_template(data, {"YT01": 21000, "YT02": 19500.0, "AN04": 3, "AN05": 1},
                           "Hoàn thành tốt\nKhông có khó khăn")
    parsed = excel.import_upload(sub, filled, users["reporter"])
    assert not parsed.problems
    stored = dict(DataValue.objects.filter(unit=sub.unit, period="2026-10").values_list(
        "indicator__code", "value"))
    assert stored == {"YT01": 21000, "YT02": 19500, "AN04": 3, "AN05": 1}
    text = SubmissionText.objects.get(submission=sub, section=collection["results"])
    assert text.html == "<p>Hoàn thành tốt</p><p>Không có khó khăn</p>"
    # and the next download carries the values back
    again = load_workbook(io.BytesIO(excel.build_template(sub)))["Biểu 1"]
    assert again["D7"].value == 21000


def test_a_bad_cell_is_named_and_nothing_is_saved(collection, users):
    sub = collection["submission"]
    filled = fill_template(excel.build_template(sub), {"YT01": "nhiều", "YT02": 5})
    parsed = excel.import_upload(sub, filled, users["reporter"])
    assert [p.where for p in parsed.problems if p.level == "error"] == ["Biểu 1!D7 (YT01)"]
    assert not DataValue.objects.filter(unit=sub.unit).exists()


def test_a_file_for_another_unit_is_refused(collection, users):
    data = excel.build_template(collection["other"])
    with pytest.raises(ValidationError, match="TAYHO-NHATTAN"):
        excel.import_upload(collection["submission"], data, users["reporter"])


def test_a_file_that_is_not_a_template_is_refused(collection, users):
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(ValidationError, match="baocao"):
        excel.import_upload(collection["submission"], out.getvalue(), users["reporter"])
    with pytest.raises(ValidationError, match="xlsx"):
        excel.import_upload(collection["submission"], b"not a zip", users["reporter"])


def test_a_zip_bomb_is_refused_before_parsing(collection, users):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError, match="quá nhiều dữ liệu"):
        excel.check_zip(data)


def test_a_50_mb_file_is_refused(collection, users):
    with pytest.raises(ValidationError, match="MB"):
        excel.check_zip(b"\0" * (50 * 1024 * 1024))


def test_an_import_writing_meanwhile_makes_the_upload_keep_nothing(collection, users,
                                                                  monkeypatch):
    """The cell looked empty when the file was read, and an import inserted it before the
    upload did: the unique constraint decides, and the upload is refused whole, not a 500."""
    sub = collection["submission"]
    filled = fill_template(excel.build_template(sub), {"YT01": 21000, "YT02": 19500})
    DataValue.for_period(collection["round"].period_obj, indicator=collection["yt"]["YT01"],
                         unit=sub.unit, value=300, stored_by="import").save()
    real_filter = DataValue.objects.filter

    def existing_looks_empty(*args, **kwargs):
        found = real_filter(*args, **kwargs)
        return found.none() if set(kwargs) == {"unit", "period"} else found

    monkeypatch.setattr(DataValue.objects, "filter", existing_looks_empty)
    with pytest.raises(ValidationError, match="tải lên lại"):
        excel.import_upload(sub, filled, users["reporter"])
    monkeypatch.undo()
    assert list(DataValue.objects.values_list("indicator__code", "value")) == [("YT01", 300)]
