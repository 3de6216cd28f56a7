"""axe-core (tests/browser/assets, MPL-2.0, vendored from npm) on every main page, for each role:
no serious or critical violation.  The administration pages are Django's and left out."""

from pathlib import Path

import pytest

from baocao.documents import keys
from baocao.drafting import workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "assets" / "axe-core-4.14.1.min.js").read_text()
PASSWORD = "Khoa-ky-2026"


def violations(page) -> list[str]:
    """The serious and critical violations of the page as it is now, one line each."""
    page.evaluate(AXE)
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]}))
        .violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3)
             .map(n => n.target.join(" ") + " " + (n.any.concat(n.all)[0] || {}).message)
             .join(" | "))""")
    return found


def pages_of(live_server, draft, submission, document=None) -> list[str]:
    base = live_server.url
    found = ["/", "/rounds/", f"/rounds/{submission.round_id}/",
             f"/rounds/submissions/{submission.pk}/", "/consolidation/?period=2026-10",
             "/consolidation/indicators/YT01/?period=2026-10",
             "/consolidation/narratives/?period=2026-10", "/drafts/", f"/drafts/{draft.pk}/",
             f"/drafts/{draft.pk}/timeline/", "/documents/", "/quality/", "/notifications/"]
    if document is not None:
        found.append(f"/documents/{document.pk}/")
    return [base + url for url in found]


def check(page, urls) -> tuple[int, dict[str, list[str]]]:
    """(how many of the pages this user may open, their violations by address)."""
    seen, bad = 0, {}
    for url in urls:
        response = page.goto(url)
        if response.status != 200:  # a page this role may not open: its 403 page is checked once
            continue
        page.wait_for_load_state("networkidle")
        seen += 1
        found = violations(page)
        if found:
            bad[url] = found
    return seen, bad


@pytest.mark.parametrize("role", ["reporter", "head", "clerk", "compiler", "office_head",
                                  "leader", "qmr"])
def test_no_page_has_a_serious_accessibility_violation(role, browser, live_server, users, tree,
                                                       recipients, monthly_draft, collection,
                                                       settings):
    context = browser.new_context(locale="vi-VN", bypass_csp=True,
                                  viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    from tests.conftest import PASSWORD as USER_PASSWORD
    from tests.conftest import totp_code

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(role)
    page.get_by_label("Mật khẩu").fill(USER_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/second-factor/" in page.url:
        page.get_by_label("Mã xác thực").fill(totp_code(users[role]))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()

    seen, bad = check(page, pages_of(live_server, monthly_draft, collection["submission"]))
    assert seen >= 5, "too few pages opened"

    # The same draft signed and issued: its document and the draft's last state.
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                      organisation="UBND quận Tây Hồ", password=PASSWORD.encode())
    keys.new_demo_key(committee=tree["committee"], common_name="UBND QUẬN TÂY HỒ",
                      organisation="UBND quận Tây Hồ",
                      password=keys.seal_password(tree["committee"]))
    monthly_draft.step = monthly_draft.regime.steps.get(code="sign")
    monthly_draft.save()
    workflow.act(monthly_draft, "sign", users["office_head"], password=PASSWORD)
    from baocao.documents.models import Document

    workflow.act(monthly_draft, "issue", users["clerk"], recipients=recipients)
    document = Document.objects.get(draft=monthly_draft)
    bad |= check(page, [f"{live_server.url}/documents/{document.pk}/",
                        f"{live_server.url}/drafts/{monthly_draft.pk}/"])[1]
    context.close()
    assert bad == {}


def test_a_forbidden_page_has_no_serious_violation_either(browser, live_server, users, page,
                                                          sign_in, collection):
    page.context.close()
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    from tests.conftest import PASSWORD as USER_PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("outsider")
    page.get_by_label("Mật khẩu").fill(USER_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    response = page.goto(f"{live_server.url}/rounds/submissions/{collection['submission'].pk}/")
    assert response.status == 403
    assert violations(page) == []
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert violations(page) == []
    context.close()
