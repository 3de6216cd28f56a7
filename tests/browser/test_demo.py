"""Both demos pass the same walk: `baocao demo` (Hà Nội in the two-tier government) and
`baocao demo --seed-example` (Quận Tây Hồ of the seeds), loaded whole, signed in to through the
pages as their people, every main page answered without a server error and without a serious
accessibility violation, the reporter's home on a 390 px phone without horizontal scroll."""

import pytest
from django.core.management import call_command

from tests.browser.test_accessibility import violations

PAGES = ["/", "/rounds/", "/consolidation/", "/consolidation/narratives/", "/drafts/",
         "/documents/", "/quality/", "/records/", "/notifications/"]


@pytest.fixture(params=["today", "seed-example"])
def demo(request, transactional_db, capsys):
    """The demo loaded, and checked as tests/test_command_demo.py checks it (which then skips:
    a load is a minute, and this one serves both)."""
    from baocao.organisation.demo import examples
    from tests.test_command_demo import check_ha_noi, check_seed_example

    call_command("demo", "--no-serve", *(["--seed-example"] if request.param != "today" else []))
    example = examples.current()
    assert example is (examples.TODAY if request.param == "today" else examples.SEED)
    (check_ha_noi if request.param == "today" else check_seed_example)(capsys.readouterr().out)
    return example


def _walk(page, base, urls) -> dict[str, list[str]]:
    bad = {}
    for url in urls:
        response = page.goto(base + url)
        assert response.status < 500, (url, response.status)
        if response.status != 200:
            continue  # a page this person may not open: a 403 page, checked elsewhere
        page.wait_for_load_state("networkidle")
        found = violations(page)
        if found:
            bad[url] = found
    return bad


def test_each_demo_walks_the_same_for_its_people(demo, page, live_server, sign_in):
    from baocao.collection.models import Round, Submission
    from baocao.organisation.demo import DEMO_PASSWORD

    current = Round.objects.filter(form__code="BC-THANG").order_by("-period_start").first()
    ward_reporter = f"{demo.reporting_units[demo.wards[0]]}.baocao"
    submission = Submission.objects.get(round=current, unit__code=demo.wards[0])
    people = {
        "tonghop": [*PAGES, f"/rounds/{current.pk}/"],
        "vanthu": [*PAGES, f"/rounds/{current.pk}/"],
        "chutich": PAGES,
        ward_reporter: ["/", f"/rounds/submissions/{submission.pk}/"],
    }
    bad = {}
    for username, urls in people.items():
        page.context.clear_cookies()
        sign_in(username, password=DEMO_PASSWORD)
        assert "/login/" not in page.url and "/second-factor/" not in page.url, username
        # Home names the committee of this demo, never the other's.
        page.goto(live_server.url + "/")
        bad.update({f"{username} {url}": v for url, v in _walk(page, live_server.url,
                                                               urls).items()})
    assert not bad, bad

    # The reporter's home on a phone: nothing wider than the screen.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(ward_reporter, password=DEMO_PASSWORD)
    page.goto(live_server.url + f"/rounds/submissions/{submission.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert submission.unit.name in page.content()
