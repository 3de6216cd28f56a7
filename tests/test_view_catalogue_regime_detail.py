import pytest


def test_it_shows_the_workflow_diagram_and_the_calendar(client_for, users):
    html = client_for("compiler").get("/catalogue/regimes/monthly/?year=2026").content.decode()
    assert "<svg" in html and "Lãnh đạo Văn phòng ký ban hành" in html
    assert "Tháng 02/2026" in html and "23/02/2026" in html  # moved off Tết
    assert "15/01/2026 – 14/02/2026" in html


def test_the_periodic_workflow_follows_the_seed(client_for, users):
    html = client_for("compiler").get("/catalogue/regimes/periodic/").content.decode()
    for step in ["ký nháy", "Lãnh đạo UBND cho ý kiến", "Hoàn chỉnh dự thảo lần cuối",
                 "Lãnh đạo UBND ký ban hành", "Sao gửi theo nơi nhận"]:
        assert step in html, step


@pytest.mark.parametrize("year", ["abc", "0", "99999", "1899", "3000"])
def test_a_bad_year_is_refused_with_the_reason(client_for, users, year):
    response = client_for("compiler").get(f"/catalogue/regimes/monthly/?year={year}")
    assert response.status_code == 400
    assert "không phải là năm từ 1900 đến 2999" in response.content.decode()


def test_an_empty_year_is_this_year(client_for, users):
    assert client_for("compiler").get("/catalogue/regimes/monthly/?year=").status_code == 200


def test_it_is_forbidden_without_a_role(client_for, db):
    assert client_for("outsider").get("/catalogue/regimes/monthly/").status_code == 403


def test_an_unknown_regime_is_not_found(client_for, users):
    assert client_for("compiler").get("/catalogue/regimes/khongco/").status_code == 404
