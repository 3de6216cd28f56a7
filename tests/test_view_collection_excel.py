import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from baocao.collection.models import DataValue


def template(client, collection):
    return client.get(f"/rounds/submissions/{collection['submission'].pk}/template.xlsx")


def upload(client, collection, data):
    return client.post(f"/rounds/submissions/{collection['submission'].pk}/upload",
                       {"file": SimpleUploadedFile("bao-cao.xlsx", data)}, follow=True)


def test_download_fill_and_upload(client_for, collection):
    client = client_for("reporter")
    response = template(client, collection)
    assert response.status_code == 200 and "TAYHO-BUOI" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    wb["Biểu 1"]["D7"] = 3000
    out = io.BytesIO()
    wb.save(out)
    assert "Đã nhận số liệu" in upload(client, collection, out.getvalue()).content.decode()
    assert DataValue.objects.get(indicator__code="YT01").value == 3000


def test_errors_are_listed_by_sheet_and_cell(client_for, collection):
    client = client_for("reporter")
    wb = load_workbook(io.BytesIO(template(client, collection).content))
    wb["Biểu 1"]["D8"] = "nhiều"
    out = io.BytesIO()
    wb.save(out)
    html = upload(client, collection, out.getvalue()).content.decode()
    assert "Biểu 1!D8 (YT02)" in html and "Chưa lưu gì" in html
    assert not DataValue.objects.exists()


def test_another_ward_cannot_download_or_upload(client_for, collection):
    assert template(client_for("other_reporter"), collection).status_code == 403
    assert upload(client_for("other_reporter"), collection, b"x").status_code == 403


def test_a_large_file_is_refused(client_for, collection, settings):
    settings.BAOCAO_MAX_XLSX_BYTES = 1000
    html = upload(client_for("reporter"), collection, b"\0" * 5000).content.decode()
    assert "MB" in html and not DataValue.objects.exists()
