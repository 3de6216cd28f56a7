"""Keyboard use of the tables and the editors (issue 21, item 7): a reporter fills the entry table
without the mouse (↓/Enter down a column, ↑/Shift+Enter up, each cell saved on leaving it);
the narrative text and the draft's section editor are reached, formatted and saved by keys
(Ctrl+B, Alt+F10 to the formatting bar and ← → along it, Esc back, Tab through a table's cells
adding a row after the last, Ctrl+S)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_the_reporter_fills_the_table_and_the_text_by_keyboard(page, sign_in, live_server,
                                                             collection):
    submission = collection["submission"]
    yt = collection["yt"]
    sign_in("reporter")
    page.goto(f"{live_server.url}/rounds/submissions/{submission.pk}/")
    expect(page.locator("#table-keys")).to_contain_text("Enter")

    first = page.get_by_role("textbox", name="Dân số Thực hiện")
    first.focus()
    page.keyboard.type("1000")
    page.keyboard.press("Enter")  # down the column: YT02 (YT03 is computed, AN04 next)
    assert focused_id(page) == f"cell-{yt['YT02'].pk}-actual"
    page.keyboard.type("900")
    page.keyboard.press("ArrowDown")
    assert focused_id(page) == f"cell-{collection['an04'].pk}-actual"
    page.keyboard.press("Shift+Enter")
    assert focused_id(page) == f"cell-{yt['YT02'].pk}-actual"
    page.keyboard.press("ArrowUp")
    assert focused_id(page) == f"cell-{yt['YT01'].pk}-actual"
    page.keyboard.press("ArrowUp")  # the first row: the focus stays
    assert focused_id(page) == f"cell-{yt['YT01'].pk}-actual"

    expect(page.locator(f"#row-{yt['YT03'].pk}")).to_contain_text("90")  # 100 × 900 / 1000

    # The narrative text: Ctrl+B, Alt+F10 to the bar, → along it, Esc back, Ctrl+S saves.
    text = page.get_by_role("textbox", name=re.compile("Kết quả"))
    text.focus()
    page.keyboard.press("Control+B")
    page.keyboard.type("Hoàn thành")
    bold = page.locator(".rich-editor").first.get_by_role("button", name="Đậm")
    expect(bold).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Alt+F10")
    expect(bold).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".rich-editor").first.get_by_role("button", name="Nghiêng")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")  # past the end: round to the first
    expect(bold).to_be_focused()
    page.keyboard.press("Escape")
    expect(text).to_be_focused()
    page.keyboard.press("Control+B")
    page.keyboard.type(" kế hoạch.")
    expect(bold).to_have_attribute("aria-pressed", "false")
    with page.expect_response(lambda r: "/text/" in r.url and "k%E1%BA%BF+ho%E1%BA%A1ch"
                              in (r.request.post_data or "")) as answer:
        page.keyboard.press("Control+S")
    assert answer.value.ok
    # Only one Tab stop in the bar: Tab from the bar leaves it.
    page.keyboard.press("Alt+F10")
    expect(bold).to_be_focused()
    page.keyboard.press("Tab")
    expect(text).to_be_focused()

    # What the server kept, read back as a page: the two cells and the formatted text.
    page.reload()
    expect(page.get_by_role("textbox", name="Dân số Thực hiện")).to_have_value("1.000")
    expect(page.locator(f"#cell-{yt['YT02'].pk}-actual")).to_have_value("900")
    assert re.search(r"<(b|strong)>Hoàn thành</(b|strong)>(\s|&nbsp;)kế hoạch",
                     page.get_by_role("textbox", name=re.compile("Kết quả")).inner_html())


def test_the_compiler_edits_a_section_by_keyboard(page, sign_in, live_server, monthly_draft):
    draft = monthly_draft
    section = draft.sections.order_by("order").first()
    sign_in("compiler")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/sections/{section.pk}/")
    editor = page.locator(".editor")
    expect(page.locator("#editor-keys")).to_be_visible()
    editor.focus()
    page.keyboard.press("Control+End")
    page.keyboard.press("Alt+F10")
    bar = page.get_by_role("toolbar", name="Định dạng")
    expect(bar.get_by_role("button", name="Đậm")).to_be_focused()
    for _ in range(5):  # Đậm, Nghiêng, Gạch chân, Danh sách, Đánh số, then the table
        page.keyboard.press("ArrowRight")
    table_button = bar.get_by_role("button", name=re.compile("Bảng"))
    expect(table_button).to_be_focused()
    page.keyboard.press("Enter")  # a 3 × 3 table, the caret in its first cell
    expect(editor.locator("table")).to_have_count(1)
    for word in ["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Dân số", "1.000", "1.020"]:
        page.keyboard.type(word)
        page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # back to the last cell typed, its text selected
    page.keyboard.press("End")
    page.keyboard.type(" người")
    for _ in range(4):  # the rest of the third row, then a fourth row is added
        page.keyboard.press("Tab")
    page.keyboard.type("Hộ nghèo")
    expect(editor.locator("tr")).to_have_count(4)
    expect(editor.locator("tr").nth(3).locator("td").first).to_contain_text("Hộ nghèo")
    page.keyboard.press("Control+S")
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu thành phiên bản 2")
    section.refresh_from_db()
    html = section.html
    assert "<table" in html and "Hộ nghèo" in html and "1.020 người" in html
    assert html.count("<tr") == 4


FOCUS_SHOWN = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) { return null; }
    const style = getComputedStyle(e);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || (style.boxShadow && style.boxShadow !== "none");
    return {what: e.tagName + (e.id ? "#" + e.id : "") + " " + (e.textContent || e.value || "")
            .trim().slice(0, 40), ring: ring};
}"""


@pytest.mark.parametrize(("who", "where"), [
    ("reporter", "/"), ("reporter", "entry"), ("compiler", "/consolidation/?period=2026-10"),
    ("compiler", "draft"), ("compiler", "/rounds/")])
def test_every_focus_stop_shows_where_the_keyboard_is(who, where, page, sign_in, live_server,
                                                     monthly_draft, collection):
    """Tab through the first 40 stops of the page: each one shows a focus ring (an outline or
    Bootstrap's shadow), and the focus moves on (no trap)."""
    urls = {"entry": f"/rounds/submissions/{collection['submission'].pk}/",
            "draft": f"/drafts/{monthly_draft.pk}/"}
    sign_in(who)
    page.goto(live_server.url + urls.get(where, where))
    page.locator("body").focus()
    seen, hidden = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_SHOWN)
        if stop is None:
            break  # past the last stop: back to the page
        seen.append(stop["what"])
        if not stop["ring"]:
            hidden.append(stop["what"])
    assert len(seen) >= 5, f"only {len(seen)} focus stops on {where}: {seen}"
    assert len(set(seen)) > len(seen) // 2, f"the focus is stuck on {where}: {seen}"
    assert not hidden, f"no visible focus on {where} for: {hidden}"
