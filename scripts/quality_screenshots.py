"""Screenshots of the quality pages (QT.07), for looking at what we build.

    .venv/bin/python scripts/quality_screenshots.py [BASE_URL] [OUT_DIR]

Needs the seed example's demo served (`baocao demo --seed-example`)
and Debian's Chromium at /usr/bin/chromium.  Desk pages at
1366 px, the public pages as a phone sees them (390 px); full pages.  Also the issued summary of
the management review as PNG pages (pdftoppm).
"""

import subprocess
import sys
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots/quality")
PASSWORD = "TayHo@2026"
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

PAGES = [
    # (user, path, file name)
    ("thuky.iso", "/quality/", "quality-home"),
    ("yte.truong", "/quality/units/TAYHO-YT/?period={month}", "bm0701-department"),
    ("chutich", "/quality/units/TAYHO/?period={month}", "bm0701-committee"),
    ("thuky.iso", "/quality/units/TAYHO/objectives/", "register-objectives"),
    ("thuky.iso", "/quality/objectives/{objective}/", "objective"),
    ("thuky.iso", "/quality/units/TAYHO/errors/", "register-document-errors"),
    ("thuky.iso", "/quality/units/TAYHO/capa/", "register-capa"),
    ("thuky.iso", "/quality/capa/{capa}/", "capa"),
    ("thuky.iso", "/quality/units/TAYHO/problems/", "register-problems"),
    ("thuky.iso", "/quality/units/TAYHO/workload/", "register-workload"),
    ("thuky.iso", "/quality/units/TAYHO/incidents/", "register-incidents"),
    ("thuky.iso", "/quality/units/TAYHO/complaints/", "register-complaints"),
    ("thuky.iso", "/quality/audits/", "audits"),
    ("thuky.iso", "/quality/audits/{audit}/", "audit"),
    ("thuky.iso", "/quality/surveys/", "surveys"),
    ("thuky.iso", "/quality/surveys/{survey}/?period={year}", "survey-results"),
    ("thuky.iso", "/quality/surveys/{survey}/print/", "survey-card"),
    ("qmr", "/quality/suggestions/", "suggestions"),
    ("qmr", "/quality/suggestions/{suggestion}/", "suggestion-timeline"),
    ("qmr", "/quality/reviews/", "reviews"),
    ("thuky.iso", "/quality/completeness/", "completeness"),
    ("kinhte.baocao", "/rounds/submissions/{submission}/", "bm0701-entry"),
    ("yte.baocao", "/drafts/{department_draft}/", "bm0701-document-draft"),
    ("qmr", "/", "home-qmr"),
]
PUBLIC = [
    ("/public/survey/{token}/", "public-survey-phone"),
    ("/public/suggest/", "public-suggest-phone"),
]


def demo_ids() -> dict:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    django.setup()
    from baocao.collection.models import Submission
    from baocao.quality.completeness import last_month
    from baocao.quality.models import (
        Capa,
        DepartmentReport,
        InternalAudit,
        ManagementReview,
        QualityObjective,
        SatisfactionSurvey,
        Suggestion,
    )

    month = last_month()
    closed = Suggestion.objects.filter(state="closed", source="citizen").order_by("pk").first()
    review = ManagementReview.objects.select_related("draft").first()
    return {
        "month": str(month), "year": str(month.year),
        "objective": QualityObjective.objects.filter(unit__code="TAYHO-YT").first().pk,
        "capa": Capa.objects.filter(checked_by__isnull=False).order_by("pk").first().pk,
        "audit": InternalAudit.objects.filter(state="done").first().pk,
        "survey": SatisfactionSurvey.objects.order_by("pk").first().pk,
        "token": SatisfactionSurvey.objects.order_by("pk").first().token,
        "suggestion": closed.pk,
        "submission": Submission.objects.get(round__form__code="BM.07.01",
                                             round__period=str(month),
                                             unit__code="TAYHO-KT").pk,
        "department_draft": DepartmentReport.objects.first().draft_id,
        "review_document": review.draft.document.pk if review else None,
    }


def sign_in(page, user):
    page.goto(f"{BASE}/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ids = demo_ids()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        for user, path, name in PAGES:
            page = browser.new_page(viewport=DESK)
            sign_in(page, user)
            page.goto(f"{BASE}{path.format(**ids)}")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            print(OUT / f"{name}.png")
            page.close()
        phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                    device_scale_factor=2)
        for path, name in PUBLIC:
            page = phone.new_page()
            page.goto(f"{BASE}{path.format(**ids)}")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            print(OUT / f"{name}.png")
            page.close()
        page = phone.new_page()  # a refused answer (the overall question left out)
        page.goto(f"{BASE}/public/survey/{ids['token']}/")
        page.get_by_role("button", name="Gửi phiếu").click()
        page.screenshot(path=str(OUT / "public-survey-error-phone.png"), full_page=True)
        page.goto(f"{BASE}/public/track/")
        page.fill("#id_code", "TAYH-GPYK-8888")
        page.get_by_role("button", name="Tra cứu").click()
        page.screenshot(path=str(OUT / "public-track-phone.png"), full_page=True)
        print(OUT / "public-track-phone.png")
        browser.close()
    if ids.get("review_document"):
        pdf = OUT / "management-review.pdf"
        session = browser_session()
        request = urllib.request.Request(f"{BASE}/documents/{ids['review_document']}/file.pdf",
                                         headers={"Cookie": session})
        pdf.write_bytes(urllib.request.urlopen(request).read())  # noqa: S310 (our own server)
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf),
                        str(OUT / "management-review")], check=True)
        print(OUT / "management-review-*.png")


def browser_session() -> str:
    """The session cookie of the QMR, for downloading the issued PDF."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        sign_in(page, "qmr")
        cookies = page.context.cookies()
        browser.close()
    return "; ".join(f"{c['name']}={c['value']}" for c in cookies)


if __name__ == "__main__":
    main()
