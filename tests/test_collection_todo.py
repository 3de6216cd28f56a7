"""What collection puts in "Việc cần làm"."""

from baocao.collection import submissions

from .conftest import fill


def test_the_reporter_is_asked_to_fill_and_the_head_to_approve(client_for, collection):
    reporter = client_for("reporter").get("/").content.decode()
    assert "Nhập báo cáo: Báo cáo tháng (thu thập) — Tháng 10/2026" in reporter
    assert "đã nhập 0/4 chỉ tiêu, đã viết 0/2 phần lời" in reporter  # YT03 is computed
    assert "Nhập, duyệt và gửi: Báo cáo tháng (thu thập)" in client_for("head").get(
        "/").content.decode()


def test_the_clerk_is_asked_to_receive_and_the_compiler_to_watch(client_for, collection,
                                                                  users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>x</p>", users["reporter"])
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    clerk = client_for("clerk").get("/").content.decode()
    assert "Tiếp nhận 1 báo cáo đã gửi: Báo cáo tháng (thu thập) — Tháng 10/2026" in clerk
    assert f'href="/rounds/{collection["round"].pk}/#bulk-form"' in clerk  # the round, not /rounds/
    assert "1 đơn vị chưa gửi" in client_for("compiler").get("/").content.decode()


def test_a_returned_report_is_urgent_for_the_unit(client_for, collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>x</p>", users["reporter"])
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    submissions.return_submission(sub, "Thiếu", users["clerk"])
    html = client_for("reporter").get("/").content.decode()
    assert "Sửa báo cáo bị trả lại" in html and "list-group-item-warning" in html


def test_a_returned_report_s_task_gives_the_reason(client_for, collection, users):
    sub = collection["submission"]
    fill(sub, users["reporter"], YT01="100", YT02="90")
    submissions.save_text(sub, collection["results"], "<p>x</p>", users["reporter"])
    submissions.approve(sub, users["head"])
    submissions.send(sub, users["reporter"])
    submissions.return_submission(sub, "Thiếu số liệu y tế", users["clerk"])
    html = client_for("reporter").get("/").content.decode()
    assert "Lý do trả lại: Thiếu số liệu y tế" in html
    assert "đã nhập 2/4 chỉ tiêu, đã viết 1/2 phần lời" in html


def test_the_compiler_watches_only_the_latest_round_of_a_form(client_for, collection, users,
                                                              tree):
    from datetime import date

    from baocao.collection import rounds

    html = client_for("compiler").get("/").content.decode()
    assert "Theo dõi đợt Báo cáo tháng (thu thập) — Tháng 10/2026" in html
    rounds.open_round(form=collection["form"], period_text="2026-11",
                      units=[tree["ward"], tree["other_ward"]], due_date=date(2026, 11, 20),
                      paper_due_date=date(2026, 11, 22), subject="Báo cáo tháng 11",
                      actor=users["compiler"])
    html = client_for("compiler").get("/").content.decode()
    assert "Theo dõi đợt Báo cáo tháng (thu thập) — Tháng 11/2026" in html
    assert "Tháng 10/2026: 2 đơn vị chưa gửi" not in html  # superseded by November's


def test_home_says_the_days_left_or_late(client_for, collection, monkeypatch):
    from datetime import date

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 10, 17))
    assert "còn 3 ngày" in client_for("reporter").get("/").content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 10, 22))
    assert "quá hạn 2 ngày" in client_for("reporter").get("/").content.decode()


def test_a_form_of_texts_only_says_no_0_of_0_rows(client_for, tree, users):
    """A form with sections and no table: the task counts its texts, not "0/0 chỉ tiêu"."""
    from datetime import date

    from baocao.catalogue.models import FormSection, FormVersion, Regime, ReportForm
    from baocao.collection import rounds

    form = ReportForm.objects.create(code="BC-LOI", name="Báo cáo bằng lời",
                                     regime=Regime.objects.get(code="monthly"))
    form.units.set([tree["ward"]])
    version = FormVersion.objects.create(form=form, number=1)
    FormSection.objects.create(version=version, kind="results", title="Kết quả", sort_order=1)
    FormVersion.objects.filter(pk=version.pk).update(state="approved")
    rounds.open_round(form=form, period_text="2026-10", units=[tree["ward"]],
                      due_date=date(2026, 10, 20), paper_due_date=date(2026, 10, 22),
                      subject="Báo cáo tháng 10", actor=users["compiler"], outline="I. Kết quả",
                      number="36/UBND-VP")
    home = client_for("reporter").get("/").content.decode()
    assert "Phường Bưởi · đã viết 0/1 phần lời" in home
    assert "0/0" not in home
