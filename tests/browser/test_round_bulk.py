"""Bulk actions in the browser: the clerk ticks every unit, reminds the late ones and receives
the sent ones, each confirmed on its page; the compiler extends two deadlines at once."""

from datetime import date

import pytest
from playwright.sync_api import expect

from baocao.collection.models import Reminder, Submission
from tests.conftest import sent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bulk_actions_on_a_round(page, sign_in, users, collection, live_server):
    rnd = collection["round"]
    sent(collection["other"])
    page.set_viewport_size({"width": 1366, "height": 900})

    # The clerk ticks every unit and reminds: only the ward that has not sent is reminded.
    sign_in("clerk")
    page.goto(f"{live_server.url}/rounds/{rnd.pk}/")
    page.get_by_label("Chọn tất cả đơn vị").check()
    expect(page.get_by_label("Chọn Phường Bưởi")).to_be_checked()
    page.get_by_role("button", name="Nhắc các đơn vị đã chọn").click()
    expect(page.locator("h1")).to_contain_text("Nhắc các đơn vị này?")
    expect(page.locator("#bulk-chosen")).to_contain_text("Phường Bưởi")
    expect(page.locator("#bulk-skipped")).to_contain_text("Phường Nhật Tân: đã gửi")
    page.get_by_label("Lời nhắn tới các đơn vị (không bắt buộc)").fill("Đề nghị gửi trước 17h.")
    page.screenshot(path="var/screenshots/round-bulk-remind.png", full_page=True)
    page.get_by_role("button", name="Gửi lời nhắc").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã nhắc 1 đơn vị")
    expect(page.locator("#unit-TAYHO-BUOI td").nth(7)).to_have_text("1")  # Số lần nhắc
    assert Reminder.objects.get().kind == "manual"

    # With nothing ticked, "receive" takes every sent report, after its confirmation.
    page.get_by_role("button", name="Tiếp nhận các báo cáo đã chọn").click()
    expect(page.locator("#bulk-chosen")).to_contain_text("Phường Nhật Tân")
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã tiếp nhận 1 báo cáo.")
    page.screenshot(path="var/screenshots/round-after-bulk.png", full_page=True)
    assert Submission.objects.get(pk=collection["other"].pk).state == "received"

    # The compiler extends the deadline of the ward not sent; a missing reason is refused.
    page.context.clear_cookies()
    sign_in("compiler")
    page.goto(f"{live_server.url}/rounds/{rnd.pk}/")
    page.get_by_label("Chọn Phường Bưởi").check()
    page.get_by_role("button", name="Gia hạn cho các đơn vị đã chọn").click()
    page.get_by_label("Hạn mới").fill("2026-10-30")
    page.get_by_label("Lý do gia hạn").fill("Mất điện diện rộng")
    page.get_by_role("button", name="Gia hạn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã gia hạn cho 1 đơn vị.")
    submission = Submission.objects.get(pk=collection["submission"].pk)
    assert submission.due_date == date(2026, 10, 30)
