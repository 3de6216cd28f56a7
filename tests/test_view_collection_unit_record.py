def test_it_shows_the_units_record_over_the_year(client_for, collection):
    html = client_for("reporter").get("/rounds/units/TAYHO-BUOI/?year=2026").content.decode()
    assert "Phường Bưởi" in html and "BC-C · Tháng 10/2026" in html


def test_another_ward_cannot_see_it(client_for, collection):
    assert client_for("other_reporter").get("/rounds/units/TAYHO-BUOI/").status_code == 403
