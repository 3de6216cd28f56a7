"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), headless.

Without Chromium these tests skip, unless BAOCAO_REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the ORM calls in the test's own
# set-up are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("BAOCAO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and BAOCAO_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the pages: the password, then (for those who have one) the six-digit
    code their authenticator shows now, computed from its key."""
    from tests.conftest import PASSWORD, totp_code

    def do(username, password=PASSWORD):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from baocao.organisation.models import User

        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        user = User.objects.filter(username=username).first()
        if user is not None and TOTPDevice.objects.filter(user=user, confirmed=True).exists() \
                and "/second-factor/" in page.url:
            page.get_by_label("Mã xác thực").fill(totp_code(user))
            page.get_by_role("button", name="Xác nhận").click()
            page.wait_for_load_state()

    return do
