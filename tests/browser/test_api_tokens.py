"""A person makes an API token on their page, copies it once, and the API documentation
(Swagger UI, vendored) runs under the Content-Security-Policy with no error."""

import pytest

pytestmark = pytest.mark.browser


def test_the_compiler_makes_a_token_and_reads_the_api_docs(page, sign_in, users, live_server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in("compiler")
    page.goto(f"{live_server.url}/me/tokens/")
    page.get_by_label("Dùng vào việc gì").fill("Đồng bộ DHIS2")
    page.get_by_label("Đọc và ghi").check()
    page.get_by_role("button", name="Tạo mã truy cập").click()
    secret = page.locator("#token-secret").input_value()
    assert secret.startswith("bcpat_")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.screenshot(path="var/screenshots/api-tokens.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 800})
    page.screenshot(path="var/screenshots/api-tokens-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/units", exact=True).first.wait_for()
    page.screenshot(path="var/screenshots/api-docs.png")
    assert not [e for e in errors if "404" not in e], errors  # (the favicon is absent)
    answer = page.request.get(f"{live_server.url}/api/v1/units",
                              headers={"Authorization": f"ApiToken {secret}"})
    assert answer.status == 200 and answer.json()[0]["code"] == "TAYHO"
