def test_it_lists_the_built_in_regimes(client_for, users):
    html = client_for("reporter").get("/catalogue/regimes/").content.decode()
    for name in ["Báo cáo định kỳ hàng tháng", "Báo cáo đột xuất", "BM.07.01"]:
        assert name in html


def test_it_is_forbidden_without_a_role(client_for):
    assert client_for("outsider").get("/catalogue/regimes/").status_code == 403
