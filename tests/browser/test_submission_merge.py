"""No lost edit, in two browsers: the reporter and the head of one ward type into the same
empty cell and the same empty section; the second is shown theirs and mine and keeps one.  And
typing that goes on while a save is on its way is not lost when the row comes back."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from baocao.collection.models import DataValue, SubmissionText

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def signed_in(browser, live_server):
    """signed_in("reporter") → a page of its own browser context, signed in; every context is
    closed after the test (an open one keeps the live server's connections)."""
    from tests.conftest import PASSWORD

    contexts = []

    def make(username):
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    yield make
    for context in contexts:
        context.close()


def type_cell(page, locator, value):
    with page.expect_response(lambda r: "/cell/" in r.url):
        locator.fill(value)
        locator.press("Tab")


def test_two_people_keep_one_value_and_one_text(signed_in, live_server, collection, users):
    url = f"{live_server.url}/rounds/submissions/{collection['submission'].pk}/"
    yt01 = collection["yt"]["YT01"]
    reporter = signed_in("reporter")
    head = signed_in("head")
    reporter.goto(url)
    head.goto(url)  # both see the cell and the section empty

    type_cell(reporter, reporter.locator(f"#cell-{yt01.pk}-actual"), "1.200")
    type_cell(head, head.locator(f"#cell-{yt01.pk}-actual"), "1.300")
    row = head.locator(f"#row-{yt01.pk}")
    merge = row.locator(".merge")
    expect(merge).to_contain_text("Người reporter vừa lưu ô")
    expect(merge.locator(".merge-theirs")).to_have_text("1.200")
    expect(merge.locator(".merge-mine")).to_have_text("1.300")
    expect(row.locator(f"#cell-{yt01.pk}-actual")).to_have_value("1.200")
    assert DataValue.objects.get(indicator=yt01).value == 1200
    SHOTS.mkdir(parents=True, exist_ok=True)
    row.scroll_into_view_if_needed()
    head.screenshot(path=str(SHOTS / "submission-merge-cell.png"))
    with head.expect_response(lambda r: "/cell/" in r.url):
        merge.get_by_role("button", name="Giữ của tôi").click()
    expect(row.locator(".merge")).to_have_count(0)
    expect(row.locator(f"#cell-{yt01.pk}-actual")).to_have_value("1.300")
    assert DataValue.objects.get(indicator=yt01).value == 1300

    reporter_editor = reporter.locator(".editor-area").first
    reporter_editor.click()
    with reporter.expect_response(lambda r: "/text/" in r.url):
        reporter_editor.type("Phường hoàn thành kế hoạch.")
        reporter.locator("h1").click()
    head_editor = head.locator(".editor-area").first
    head_editor.click()
    with head.expect_response(lambda r: "/text/" in r.url):
        head_editor.type("Đạt các chỉ tiêu chủ yếu.")
        head.locator("h1").click()
    status = head.locator(".text-status").first
    expect(status.locator(".merge-theirs")).to_contain_text("Phường hoàn thành kế hoạch.")
    expect(status.locator(".merge-mine")).to_contain_text("Đạt các chỉ tiêu chủ yếu.")
    status.scroll_into_view_if_needed()
    head.screenshot(path=str(SHOTS / "submission-merge-text.png"))
    status.get_by_role("button", name="Giữ của người kia").click()
    expect(head_editor).to_have_text("Phường hoàn thành kế hoạch.")
    head_editor.click()
    head.keyboard.press("End")
    with head.expect_response(lambda r: "/text/" in r.url and r.status == 200):
        head.keyboard.type(" Bổ sung của trưởng đơn vị.")
        head.locator("h1").click()
    expect(status).to_contain_text("đã lưu")
    assert SubmissionText.objects.get().html == (
        "Phường hoàn thành kế hoạch. Bổ sung của trưởng đơn vị.")


def test_typing_during_a_save_is_kept(signed_in, live_server, collection, users):
    """The row that comes back would show the value saved before the last keystrokes."""
    page = signed_in("reporter")
    page.goto(f"{live_server.url}/rounds/submissions/{collection['submission'].pk}/")
    yt01 = collection["yt"]["YT01"]
    held = []
    page.route("**/cell/", lambda route: route.continue_() if held else held.append(route))
    field = page.locator(f"#cell-{yt01.pk}-actual")
    field.click()
    field.type("12")
    page.wait_for_timeout(1200)  # the save of "12" leaves after 0,7 s and is held
    assert len(held) == 1
    field.type("34")  # typed while it is on its way
    with page.expect_response(lambda r: "/cell/" in r.url
                              and "value=1234" in (r.request.post_data or "")):
        held[0].continue_()  # "12" comes back; "1234" is put back and saved in turn
    expect(page.locator(f"#cell-{yt01.pk}-actual")).to_have_value("1.234")
    assert DataValue.objects.get(indicator=yt01).value == 1234
