"""The second factor in the browser: a signer enrols (QR code, a code, the recovery codes) and
signs in again with a code; pages show no Content-Security-Policy violation in the console."""

import base64
import re
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shoot(page, name, width=1366):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_signer_enrols_and_then_signs_in_with_a_code(page, users, live_server):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=users["office_head"]).delete()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("office_head")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Thiết lập xác thực hai bước")).to_be_visible()
    assert page.locator(".qr-enrol svg").is_visible()
    assert page.locator("#nav-main").count() == 0  # no menu before the second factor
    shoot(page, "second-factor-enrol")
    shoot(page, "second-factor-enrol-phone", width=390)
    page.goto(f"{live_server.url}/rounds/")
    assert "/second-factor/enrol/" in page.url
    secret = page.locator("#otp-secret").inner_text()
    page.get_by_label("Mã từ ứng dụng").fill(f"{TOTP(base64.b32decode(secret)).token():06d}")
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_role("heading", name="Mã khôi phục")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    shoot(page, "second-factor-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu lại; tiếp tục").click()
    page.wait_for_url(f"{live_server.url}/rounds/")  # where they were going
    # sign out, and in again: now the code is asked
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{live_server.url}/login/?next=/drafts/")
    page.get_by_label("Tên đăng nhập").fill("office_head")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Mã không đúng")
    shoot(page, "second-factor-wrong-code")
    page.wait_for_timeout(1100)  # one wrong code: a second's wait
    device = TOTPDevice.objects.get(user=users["office_head"], confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.get_by_label("Mã xác thực").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/drafts/")


def test_the_second_factor_page(page, users, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("leader")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    shoot(page, "second-factor")
    shoot(page, "second-factor-phone", width=390)


def test_the_main_pages_break_no_content_security_policy(page, sign_in, users, live_server,
                                                         monthly_draft, collection):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in("compiler")
    section = monthly_draft.sections.first()
    charts = 0
    for path in ["/", "/rounds/", f"/rounds/{collection['round'].pk}/",
                 "/consolidation/?period=2026-10", "/consolidation/indicators/YT01/",
                 f"/drafts/{monthly_draft.pk}/",
                 f"/drafts/{monthly_draft.pk}/sections/{section.pk}/",
                 f"/rounds/submissions/{collection['submission'].pk}/",
                 "/catalogue/regimes/monthly/", "/units/", "/documents/verify/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        charts += page.locator("[data-vega-spec] svg").count()
    assert charts > 0  # Vega drew its charts with the CSP-safe interpreter
    page.context.clear_cookies()
    sign_in("admin")
    for path in ["/admin/", "/admin/organisation/user/", f"/admin/organisation/user/"
                 f"{users['leader'].pk}/change/", "/admin/organisation/delegation/add/",
                 "/admin/catalogue/reportform/add/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert [p for p in problems if re.search(r"Content Security Policy|CSP|unsafe-eval", p)] \
        == [], problems
    assert problems == []
