import io

from openpyxl import load_workbook


def test_it_downloads_the_timeliness_table(client_for, collection):
    response = client_for("compiler").get(f"/rounds/{collection['round'].pk}/xlsx/")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    units = [ws.cell(row=r, column=1).value for r in range(4, 6)]
    assert units == ["Phường Bưởi", "Phường Nhật Tân"]
    assert ws.cell(row=5, column=6).value == "Không gửi (quá hạn)"


def test_it_is_forbidden_to_the_units(client_for, collection):
    assert client_for("reporter").get(f"/rounds/{collection['round'].pk}/xlsx/").status_code \
        == 403
