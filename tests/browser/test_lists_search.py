"""The lists searched in the browser: the compiler finds a draft by a word of its title, then
clears the filters; the units list narrowed to the wards."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_compiler_searches_the_drafts_and_the_units(page, sign_in, monthly_draft,
                                                        live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("compiler")
    page.goto(f"{live_server.url}/drafts/")
    search = page.get_by_role("search", name="Tìm dự thảo")
    search.get_by_label("Tìm").fill("không có gì như thế")
    search.get_by_role("button", name="Lọc").click()
    expect(page.locator("main")).to_contain_text("Không có dự thảo nào khớp bộ lọc.")
    search = page.get_by_role("search", name="Tìm dự thảo")
    search.get_by_label("Tìm").fill(monthly_draft.title.split()[0].lower())
    search.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name=monthly_draft.title)).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 kết quả, mới nhất trước")
    page.screenshot(path="var/screenshots/lists-drafts.png", full_page=True)
    page.get_by_role("link", name="Bỏ lọc").click()
    expect(page.get_by_role("searchbox", name="Tìm")).to_have_value("")

    page.goto(f"{live_server.url}/units/")
    search = page.get_by_role("search", name="Tìm đơn vị")
    search.get_by_label("Loại").select_option(label="Phường")
    search.get_by_role("button", name="Lọc").click()
    expect(page.locator("main table")).to_contain_text("Phường Bưởi")
    expect(page.locator("main table")).not_to_contain_text("Phòng Y tế")
