"""Names, not codes, in the browser: the consolidation's filters pick periods and units by name,
the chart's menu and the file inputs speak Vietnamese, a derived row reads in words."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_consolidation_filters_are_lists_of_names(page, sign_in, live_server, monthly_draft):
    sign_in("compiler")
    page.goto(f"{live_server.url}/consolidation/?period=2026-10")
    period, unit = page.get_by_label("Kỳ báo cáo"), page.get_by_label("Đơn vị", exact=True)
    expect(period).to_have_value("2026-10")
    assert period.locator("option:checked").inner_text() == "Tháng 10/2026"
    assert "Phường Nhật Tân" in unit.locator("option").all_inner_texts()[-1] or \
        any("Phường Nhật Tân" in t for t in unit.locator("option").all_inner_texts())
    unit.select_option(label="\u2003Phường Bưởi")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Bưởi · Tháng 10/2026")
    assert "unit=TAYHO-BUOI" in page.url


def test_the_chart_menu_is_in_vietnamese(page, sign_in, live_server, monthly_draft):
    sign_in("compiler")
    page.goto(f"{live_server.url}/consolidation/?period=2026-10")
    menu = page.get_by_label("Lưu biểu đồ")
    menu.click()
    expect(page.get_by_text("Lưu ảnh SVG")).to_be_visible()
    expect(page.get_by_text("Lưu ảnh PNG")).to_be_visible()
    assert "Save as" not in page.content()


def test_a_file_input_is_a_labelled_vietnamese_control(page, sign_in, live_server, collection,
                                                       tmp_path):
    sign_in("reporter")
    page.goto(f"{live_server.url}/rounds/submissions/{collection['submission'].pk}/")
    expect(page.get_by_text("Chọn tệp…").first).to_be_visible()
    expect(page.get_by_text("Chưa chọn tệp").first).to_be_visible()
    chosen = tmp_path / "bao-cao-thang-10.xlsx"
    chosen.write_bytes(b"PK")
    page.locator("#upload-file").set_input_files(chosen)
    expect(page.locator('[data-file-for="upload-file"]')).to_have_text("bao-cao-thang-10.xlsx")
    assert "Choose file" not in page.content() and "No file chosen" not in page.content()


def test_a_derived_row_reads_in_words(page, sign_in, live_server, collection):
    from baocao.catalogue.models import Indicator

    derived = Indicator.objects.exclude(formula="").first()
    sign_in("reporter")
    page.goto(f"{live_server.url}/rounds/submissions/{collection['submission'].pk}/")
    words = page.locator(f"#row-{derived.pk} .formula").inner_text()
    assert "÷" in words or "×" in words or "+" in words or "−" in words
    assert not any(code in words for code in Indicator.objects.values_list("code", flat=True))
