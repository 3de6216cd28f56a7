import pytest


def test_it_shows_the_units_record_over_the_year(client_for, collection):
    html = client_for("reporter").get("/rounds/units/TAYHO-BUOI/?year=2026").content.decode()
    assert "Phường Bưởi" in html and "Báo cáo tháng (thu thập) · Tháng 10/2026" in html


def test_another_ward_cannot_see_it(client_for, collection):
    assert client_for("other_reporter").get("/rounds/units/TAYHO-BUOI/").status_code == 403


@pytest.mark.parametrize("year", ["0", "99999", "năm"])
def test_a_bad_year_is_refused_with_the_reason(client_for, collection, year):
    response = client_for("reporter").get(f"/rounds/units/TAYHO-BUOI/?year={year}")
    assert response.status_code == 400
    assert "không phải là năm từ 1900 đến 2999" in response.content.decode()
