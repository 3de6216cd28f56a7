"""An improvement suggestion end to end in the browser (QT.07 §5.2): a citizen suggests on a phone
without signing in and keeps the tracking code; the department's head records it and sends it
to the QMR; the QMR assigns it; the assignee reports what was done; the head tells the author;
the citizen sees the outcome with the code."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from baocao.quality.models import Suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def as_user(page, sign_in, username):
    page.context.clear_cookies()
    sign_in(username)


def from_todo(page, live_server, text):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile(text)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đặt máy lấy số")


def test_a_citizens_suggestion_from_the_phone_to_its_outcome(browser, page, live_server,
                                                             sign_in, users, tree, quality_form):
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    citizen = phone.new_page()
    citizen.goto(f"{live_server.url}/public/suggest/")
    citizen.get_by_label("Phòng liên quan").select_option(label="Phòng Y tế")
    citizen.get_by_label("Tiêu đề").fill("Đặt máy lấy số thứ tự")
    citizen.get_by_label("Nội dung ý kiến").fill("Người dân phải đứng chờ lâu; đề nghị lắp máy "
                                                 "lấy số thứ tự tại bộ phận một cửa.")
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    code = citizen.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    width = citizen.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page is wider than the phone"

    as_user(page, sign_in, "department_head")
    from_todo(page, live_server, "Tiếp nhận ý kiến đóng góp")
    page.get_by_label("Ý kiến của trưởng phòng").fill("Ý kiến xác đáng; đề nghị QMR giao "
                                                      "Văn phòng nghiên cứu.")
    page.get_by_role("button", name="Chuyển QMR").click()
    expect(page.locator("#suggestion-state")).to_have_text(
        "Đã chuyển Đại diện lãnh đạo về chất lượng")

    as_user(page, sign_in, "qmr")
    from_todo(page, live_server, "Giao thực hiện hoặc không chấp nhận")
    page.get_by_label("Người được giao").select_option(label="Người department_reporter")
    page.locator("#id_assign-due_date").fill(
        (timezone.localdate() + timedelta(days=14)).isoformat())
    page.locator("#id_assign-note").fill("Khảo sát nhu cầu, lắp thử trong tháng.")
    page.get_by_role("button", name="Giao thực hiện", exact=True).click()
    expect(page.locator("#suggestion-state")).to_have_text("Đã giao, đang thực hiện")

    as_user(page, sign_in, "department_reporter")
    from_todo(page, live_server, "Thực hiện ý kiến đóng góp")
    page.get_by_label("Kết quả thực hiện").fill("Đã lắp máy lấy số thứ tự từ ngày 01; thời "
                                                "gian chờ giảm một nửa.")
    page.get_by_role("button", name="Báo cáo đã thực hiện").click()
    expect(page.locator("#suggestion-state")).to_have_text("Đã thực hiện")

    as_user(page, sign_in, "department_head")
    from_todo(page, live_server, "Thông báo kết quả cho người đóng góp")
    page.get_by_label("Nội dung đã thông báo cho người đóng góp").fill(
        "Cảm ơn ông/bà; máy lấy số đã được lắp đặt.")
    page.get_by_role("button", name="Ghi nhận đã thông báo").click()
    expect(page.locator("#suggestion-state")).to_have_text("Đã thông báo cho người đóng góp")

    citizen.goto(f"{live_server.url}/public/track/")
    citizen.get_by_label("Mã tra cứu").fill(code)
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator("#suggestion-state")).to_have_text("Đã thông báo cho người đóng góp")
    expect(citizen.locator("#outcome")).to_contain_text("Đã lắp máy lấy số thứ tự")
    expect(citizen.locator("#author-message")).to_contain_text("máy lấy số đã được lắp đặt")
    expect(citizen.get_by_text("đề nghị QMR giao Văn phòng")).to_have_count(0)  # internal
    assert Suggestion.objects.get().state == "closed"
    phone.close()
