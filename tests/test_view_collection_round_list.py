def test_it_asks_to_sign_in(client, db):
    assert client.get("/rounds/").status_code == 302


def test_it_is_forbidden_without_a_role(client_for):
    assert client_for("outsider").get("/rounds/").status_code == 403


def test_the_office_sees_every_round_with_progress(client_for, collection):
    html = client_for("compiler").get("/rounds/").content.decode()
    assert "Báo cáo tháng (thu thập)" in html and "0/2" in html and "Mở đợt báo cáo" in html


def test_a_ward_sees_only_its_own_reports(client_for, collection):
    html = client_for("reporter").get("/rounds/").content.decode()
    assert "Phường Bưởi" in html and "Phường Nhật Tân" not in html
    assert "Mở đợt báo cáo" not in html


def _thirteen_months(collection, users, tree):
    from datetime import date

    from baocao.collection import rounds

    for month in range(1, 10):
        rounds.open_round(
            form=collection["form"],
            period_text=f"2026-{month:02d}",
            units=[tree["ward"]],
            due_date=date(2026, month, 20),
            paper_due_date=date(2026, month, 22),
            subject=f"Tháng {month}",
            actor=users["compiler"],
        )


def test_rounds_of_one_form_are_told_apart_by_their_period_newest_first(
    client_for, collection, users, tree
):
    _thirteen_months(collection, users, tree)
    html = client_for("compiler").get("/rounds/").content.decode()
    assert html.index("Tháng 10/2026") < html.index("Tháng 09/2026") < html.index("Tháng 01/2026")
    assert "10 kết quả, mới nhất trước" in html


def test_it_filters_by_period_state_and_text(client_for, collection, users, tree):
    _thirteen_months(collection, users, tree)
    client = client_for("compiler")
    html = client.get("/rounds/", {"period": "2026-03"}).content.decode()
    assert "1 kết quả" in html and "<strong>Tháng 03/2026</strong>" in html
    for typed in ("Tháng 10", "thang 10", "THÁNG 10"):  # with or without the marks, any case
        html = client.get("/rounds/", {"q": typed}).content.decode()
        assert "<strong>Tháng 10/2026</strong>" in html, typed
        assert "<strong>Tháng 09/2026</strong>" not in html, typed
    html = client.get("/rounds/", {"state": "closed"}).content.decode()
    assert "0 kết quả" in html


def test_a_bad_filter_shows_nothing_rather_than_failing(client_for, collection):
    response = client_for("compiler").get("/rounds/", {"period": "2099-13", "form": "NOPE"})
    assert response.status_code == 200 and "0 kết quả" in response.content.decode()


def test_it_pages_by_twenty(client_for, collection, users, tree):
    from datetime import date

    from baocao.collection import rounds

    for year in (2023, 2024):
        for month in range(1, 13):
            rounds.open_round(
                form=collection["form"],
                period_text=f"{year}-{month:02d}",
                units=[tree["ward"]],
                due_date=date(year, month, 20),
                paper_due_date=date(year, month, 22),
                subject="x",
                actor=users["compiler"],
            )
    client = client_for("compiler")
    first = client.get("/rounds/").content.decode()
    assert "Trang 1/2" in first and "<strong>Tháng 01/2023</strong>" not in first
    assert (
        "<strong>Tháng 01/2023</strong>" in client.get("/rounds/", {"page": "2"}).content.decode()
    )
