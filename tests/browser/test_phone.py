"""The phone layout at 390 px (issue 21, item 6): the reporter's home and entry page (each row
a card, the value field first to type, the computed columns folded until asked), the public
satisfaction survey and the signer's page, none wider than the phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from baocao.drafting import workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(
        e => e.getBoundingClientRect().right > 392 && getComputedStyle(e).position !== 'fixed')
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
                         Math.round(e.getBoundingClientRect().right))""")
    assert width <= PHONE["width"], f"{what} is {width} px wide on a 390 px phone: {wide}"


@pytest.fixture
def page(browser):
    """A phone's page (the shared sign_in fixture signs in on it)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    yield context.new_page()
    context.close()


def test_the_reporter_enters_figures_on_a_phone(page, sign_in, live_server, collection):
    phone = page
    sign_in("reporter")
    no_sideways_scroll(phone, "the home page")
    phone.goto(f"{live_server.url}/rounds/submissions/{collection['submission'].pk}/")
    no_sideways_scroll(phone, "the entry page")
    value = phone.get_by_role("textbox", name="Dân số Thực hiện")
    expect(value).to_be_visible()
    box = value.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    computed = phone.locator(".entry-table td.computed").first
    expect(computed).to_be_hidden()
    phone.get_by_role("button", name="Hiện các cột tính tự động").click()
    expect(computed).to_be_visible()
    no_sideways_scroll(phone, "the entry page with its computed columns")
    phone.screenshot(path="var/screenshots/phone-entry.png", full_page=True)


def test_the_survey_and_the_signers_page_fit_a_phone(page, sign_in, live_server, tree, users,
                                                     monthly_draft, quality_form):
    phone = page
    from baocao.quality import surveys

    survey = surveys.create_survey(unit=tree["department"], title="Khảo sát",
                                   actor=users["iso_secretary"])
    surveys.set_survey_open(survey, True, users["iso_secretary"])
    phone.goto(f"{live_server.url}/public/survey/{survey.token}/")
    expect(phone.locator("h1")).to_be_visible()
    no_sideways_scroll(phone, "the survey")

    draft = monthly_draft
    workflow.act(draft, "submit", users["compiler"])
    workflow.act(draft, "approve", users["office_head"])
    workflow.act(draft, "consult", users["compiler"], users=[users["leader"]], units=[],
                 deadline=timezone.localdate() + timedelta(days=2))
    comment = workflow.answer(workflow.open_consultation_of(draft), users["leader"], body="x")
    workflow.resolve_comment(comment, users["compiler"], "accepted")
    workflow.act(draft, "resolve", users["compiler"])
    sign_in("office_head")
    phone.goto(f"{live_server.url}/drafts/{draft.pk}/")
    expect(phone.get_by_role("button", name="Ký ban hành").first).to_be_visible()
    no_sideways_scroll(phone, "the signer's page")
    phone.screenshot(path="var/screenshots/phone-sign.png", full_page=True)
