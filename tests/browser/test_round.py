"""A whole round in the browser: the compiler opens it; a ward's reporter fills it (one error,
one warning explained); its head approves and sends; the clerk returns it; it is corrected and
received; the round page shows it on time and the other ward missing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from baocao.collection.models import Round, Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell(page, indicator, value):
    locator = page.locator(f"#cell-{indicator.pk}-actual")
    with page.expect_response(lambda r: "/cell/" in r.url):
        locator.fill(value)
        locator.press("Tab")
    return page.locator(f"#row-{indicator.pk}")


def test_a_whole_round(page, sign_in, users, collection_form, live_server):
    today = timezone.localdate()
    c = collection_form
    # 1. The compiler opens the round (already due yesterday) and gives Phường Bưởi more time.
    sign_in("compiler")
    page.goto(f"{live_server.url}/rounds/open/")
    page.select_option("#id_form", label=str(c["form"]))
    page.fill("#id_period", "2026-10")
    page.fill("#id_due_date", (today - timedelta(days=1)).isoformat())
    page.fill("#id_paper_due_date", (today + timedelta(days=2)).isoformat())
    page.fill("#id_subject", "Báo cáo kết quả tháng 10/2026")
    page.get_by_role("button", name="Mở đợt và thông báo cho các đơn vị").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã mở đợt báo cáo")
    rnd = Round.objects.get()
    row = page.locator("#unit-TAYHO-BUOI")
    row.get_by_text("Gia hạn").first.click()
    row.locator("input[name=due_date]").fill((today + timedelta(days=3)).isoformat())
    row.locator("input[name=reason]").fill("Phường tổ chức bầu cử bổ sung")
    row.get_by_role("button", name="Gia hạn").click()
    expect(page.locator("#unit-TAYHO-BUOI")).to_contain_text("đã gia hạn")

    # 2. The reporter fills it: one error, then a warning explained.
    page.context.clear_cookies()
    sign_in("reporter")
    page.get_by_role("link", name="Nhập báo cáo").first.click()
    submission = Submission.objects.get(unit__code="TAYHO-BUOI")
    cell(page, c["yt"]["YT01"], "1.000")
    expect(cell(page, c["yt"]["YT02"], "1.200")).to_contain_text("phải ≤")
    cell(page, c["yt"]["YT02"], "900")
    expect(page.locator(f"#row-{c['yt']['YT02'].pk}")).not_to_contain_text("phải ≤")
    expect(page.locator(f"#row-{c['yt']['YT03'].pk}")).to_contain_text("90,0")
    cell(page, c["an04"], "1")
    row = cell(page, c["an05"], "2")
    explanation = row.locator(f"#comment-{c['an05'].pk}")
    expect(explanation).to_be_visible()
    with page.expect_response(lambda r: "/comment/" in r.url):
        explanation.fill("Một vụ tai nạn làm 2 người chết")
        explanation.press("Tab")
    editor = page.locator(".editor-area").first
    editor.click()
    with page.expect_response(lambda r: "/text/" in r.url):
        editor.type("Hoàn thành các chỉ tiêu tháng.")
        page.locator("h1").click()
    expect(page.locator(".text-status").first).to_contain_text("đã lưu")

    # 3. The head approves and sends.
    page.context.clear_cookies()
    sign_in("head")
    page.goto(f"{live_server.url}/rounds/submissions/{submission.pk}/")
    page.get_by_role("button", name="Duyệt (lãnh đạo đơn vị)").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã duyệt")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#submission-state")).to_contain_text("Đã gửi")

    # 4. The clerk returns it with a reason.
    page.context.clear_cookies()
    sign_in("clerk")
    page.goto(f"{live_server.url}/rounds/submissions/{submission.pk}/")
    page.fill("#return-reason", "Số dân chưa khớp với Công an phường")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.locator("#submission-state")).to_contain_text("Bị trả lại")

    # 5. The reporter corrects it; the head approves and sends it again.
    page.context.clear_cookies()
    sign_in("reporter")
    page.goto(f"{live_server.url}/rounds/submissions/{submission.pk}/")
    expect(page.get_by_text("Số dân chưa khớp với Công an phường")).to_be_visible()
    cell(page, c["yt"]["YT01"], "1.010")
    page.context.clear_cookies()
    sign_in("head")
    page.goto(f"{live_server.url}/rounds/submissions/{submission.pk}/")
    page.get_by_role("button", name="Duyệt (lãnh đạo đơn vị)").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#submission-state")).to_contain_text("Đã gửi")

    # 6. The clerk receives it; the round page shows it on time and Nhật Tân missing.
    page.context.clear_cookies()
    sign_in("clerk")
    page.goto(f"{live_server.url}/rounds/{rnd.pk}/")
    page.locator("#unit-TAYHO-BUOI").get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("#unit-TAYHO-BUOI")).to_contain_text("Đã tiếp nhận")
    expect(page.locator("#unit-TAYHO-BUOI")).to_contain_text("Đúng hạn")
    expect(page.locator("#unit-TAYHO-NHATTAN")).to_contain_text("Không gửi (quá hạn)")
    submission.refresh_from_db()
    assert submission.state == "received" and submission.on_time
