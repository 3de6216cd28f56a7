from datetime import date

from baocao.collection import rounds, submissions


def test_it_shows_last_periods_tasks_beside_this_periods_results(client_for, collection, users,
                                                                 tree):
    sub = collection["submission"]
    submissions.save_text(sub, collection["tasks"], "<p>Hoàn thành cấp thẻ BHYT</p>",
                          users["reporter"])
    november = rounds.open_round(form=collection["form"], period_text="2026-11",
                                 units=[tree["ward"]], due_date=date(2026, 11, 20),
                                 paper_due_date=date(2026, 11, 23), subject="Tháng 11",
                                 actor=users["compiler"])
    now = november.submissions.get()
    submissions.save_text(now, collection["results"], "<p>Đã cấp 500 thẻ BHYT</p>",
                          users["reporter"])
    html = client_for("compiler").get(f"/rounds/{november.pk}/promises/").content.decode()
    assert "Hoàn thành cấp thẻ BHYT" in html and "Đã cấp 500 thẻ BHYT" in html


def test_it_is_forbidden_to_the_units(client_for, collection):
    response = client_for("reporter").get(f"/rounds/{collection['round'].pk}/promises/")
    assert response.status_code == 403
