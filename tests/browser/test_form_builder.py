"""An admin creates an indicator with a formula, builds a new form version with it, previews it;
a leader approves it; the approved version refuses edits."""

import re

import pytest
from playwright.sync_api import expect

from baocao.catalogue.models import FormVersion, Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_builds_a_form_version_and_a_leader_approves_it(page, sign_in, users, catalogue,
                                                                 live_server):
    sign_in("admin")
    # 1. A new indicator with a formula, in the administration pages.
    page.goto(f"{live_server.url}/admin/catalogue/indicator/add/")
    page.fill("#id_code", "YT04")
    page.fill("#id_name", "Số người chưa có bảo hiểm y tế")
    page.select_option("#id_sector", label="Y tế")
    page.select_option("#id_family", "socio_economic")
    page.fill("#id_unit_of_measure", "người")
    page.fill("#id_formula", "YT01 - YT02")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("YT04")
    assert Indicator.objects.get(code="YT04").formula == "YT01 - YT02"

    # A formula naming an unknown indicator is refused at its field.
    page.goto(f"{live_server.url}/admin/catalogue/indicator/add/")
    page.fill("#id_code", "YT05")
    page.fill("#id_name", "Sai")
    page.select_option("#id_sector", label="Y tế")
    page.select_option("#id_family", "socio_economic")
    page.fill("#id_formula", "YT01 / KHONGCO")
    page.click("input[name=_save]")
    expect(page.locator(".field-formula .errorlist")).to_contain_text("KHONGCO")

    # 2. A new version of the form, from the preview page of the approved version.
    page.goto(f"{live_server.url}/catalogue/forms/BC-T/v1/")
    page.get_by_role("button", name="Tạo phiên bản mới").click()
    expect(page).to_have_url(re.compile(r"/admin/catalogue/formversion/\d+/change/"))
    version = FormVersion.objects.get(form=catalogue["form"], number=3)

    # 3. Open its table and add a row with the new indicator.
    table = version.tables.get()
    page.goto(f"{live_server.url}/admin/catalogue/formtable/{table.pk}/change/")
    row = table.rows.count()
    page.fill(f"#id_rows-{row}-sort_order", "9")
    page.locator(f"#id_rows-{row}-indicator").locator("xpath=..").locator(
        ".select2-selection").click()
    page.locator(".select2-search__field").fill("YT04")
    page.locator(".select2-results__option", has_text="YT04").click()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    # 4. The preview shows it, as the unit will see it.
    page.goto(f"{live_server.url}/catalogue/forms/BC-T/v3/")
    expect(page.get_by_text("Số người chưa có bảo hiểm y tế")).to_be_visible()
    # Its formula in words, its indicators named (not their codes).
    expect(page.get_by_text("= Dân số − Người có bảo hiểm y tế")).to_be_visible()

    # 5. A leader approves it.
    page.context.clear_cookies()
    sign_in("leader")
    page.goto(f"{live_server.url}/catalogue/forms/BC-T/v3/")
    page.get_by_role("button", name="Phê duyệt phiên bản này").click()
    expect(page.locator("#version-state")).to_contain_text("Đã phê duyệt")
    version.refresh_from_db()
    assert version.state == "approved" and version.approved_by == users["leader"]

    # 6. The approved version cannot be edited any more.
    page.context.clear_cookies()
    sign_in("admin")
    page.goto(f"{live_server.url}/admin/catalogue/formtable/{table.pk}/change/")
    expect(page.locator("input[name=_save]")).to_have_count(0)
