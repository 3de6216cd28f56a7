"""Signing with a USB token that stays with the signer, in the browser: the draft's button, the
signing page waiting for the agent, the agent answering at its address, and the page returning
to the signed draft by itself (seed 1 §5.1.4: the office head signs the monthly report)."""

import base64
import json
import threading
import urllib.request

import pytest
from playwright.sync_api import expect

from baocao.documents import keys
from baocao.drafting.models import Draft
from tests.test_drafting_remote import agent_signs, token_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_signer_signs_with_the_token_and_the_page_follows(
        page, sign_in, users, tree, monthly_draft, settings, live_server):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    keys.new_demo_key(committee=tree["committee"], common_name="UBND QUẬN TÂY HỒ",
                         organisation="UBND quận Tây Hồ",
                         password=keys.seal_password(tree["committee"]))
    private = token_key(users["office_head"])
    monthly_draft.step = monthly_draft.regime.steps.get(code="sign")
    monthly_draft.save()
    sign_in("office_head")
    page.goto(f"{live_server.url}/drafts/{monthly_draft.pk}/")
    # Preparing the PDF takes seconds: the button says so and can't be pressed twice (what it
    # showed once sent is kept across the navigation in sessionStorage)
    page.evaluate("""() => document.addEventListener("submit", () => setTimeout(() => {
        const b = document.querySelector("form[data-busy] button");
        sessionStorage.setItem("busy", JSON.stringify([b.disabled, b.textContent.trim()]));
    }, 20))""")
    # (the PDF is prepared before the answer: seconds, more on a busy machine)
    page.get_by_role("button", name="Ký phiên bản 1 bằng USB token của tôi").click(timeout=60_000)
    expect(page.get_by_role("heading", name="Ký số bằng USB token")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Chờ phần mềm ký")
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('busy'))") == [
        True, "Đang chuẩn bị văn bản để ký…"]
    address = page.get_by_label("Địa chỉ dành cho phần mềm ký").input_value()

    def the_agent():  # on the official's computer: fetch, sign with the token, answer
        with urllib.request.urlopen(address) as response:
            request = json.load(response)
        body = json.dumps({"signature": base64.b64encode(agent_signs(private, request))
                           .decode()}).encode()
        urllib.request.urlopen(urllib.request.Request(
            request["answer_to"], data=body, method="POST",
            headers={"Content-Type": "application/json"})).read()

    agent = threading.Thread(target=the_agent)
    agent.start()
    agent.join(60)
    # The page polls and goes back to the draft, now signed
    expect(page).to_have_url(f"{live_server.url}/drafts/{monthly_draft.pk}/", timeout=20_000)
    expect(page.locator(".signature-preview").first).to_contain_text("Đã ký")
    monthly_draft.refresh_from_db()
    assert monthly_draft.state == Draft.State.SIGNED and bytes(monthly_draft.signed_pdf)
    assert "remote" in monthly_draft.log.get(action="sign").details
    # (the signature itself is verified in tests/test_drafting_remote.py: pyHanko's checks run
    # an event loop, which Playwright's own loop in this thread forbids)
