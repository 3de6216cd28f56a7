"""Screenshots of the main pages, for looking at what we build.

    .venv/bin/python scripts/screenshots.py [--full] [BASE_URL] [OUT_DIR]

Needs the seed example's demo served (`baocao demo --seed-example`)
and Debian's Chromium at /usr/bin/chromium.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

FULL = "--full" in sys.argv
sys.argv = [a for a in sys.argv if a != "--full"]
BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots")
PASSWORD = "TayHo@2026"


def demo_code(username: str) -> str:
    """The six digits a demo person's authenticator shows now (their fixed demo secret, as
    baocao.organisation.second_factor.demo_secret_key makes it; RFC 6238, 30 s, SHA-1)."""
    import hashlib
    import hmac
    import struct
    import time

    key = hashlib.sha256(f"baocao-demo-totp:{username}".encode()).digest()[:20]
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"

PAGES = [
    # (user, path, file name)
    (None, "/login/", "login"),
    ("tonghop", "/", "home-compiler"),
    ("admin", "/units/", "units"),
    ("buoi.baocao", "/units/TAYHO-BUOI/", "unit-ward"),
    ("chutich", "/audit/", "audit"),
    ("admin", "/admin/", "admin"),
    ("admin", "/admin/organisation/orgunit/", "admin-units"),
    ("admin", "/admin/documents/signingkey/add/", "admin-signing-key-add"),
    ("tonghop.tckh", "/catalogue/regimes/periodic/", "regime-periodic"),
    ("tonghop", "/catalogue/regimes/monthly/", "regime-monthly"),
    ("buoi.baocao", "/catalogue/forms/BC-THANG/v1/", "form-preview"),
    ("admin", "/catalogue/indicators/", "indicators"),
    ("admin", "/admin/catalogue/formversion/1/change/", "admin-form-version"),
    ("tonghop", "/rounds/", "rounds"),
    ("tonghop", "/rounds/{round}/", "round-current"),
    ("vanthu", "/rounds/{previous_round}/", "round-previous"),
    ("xuanla.baocao", "/rounds/submissions/{submission}/", "submission-ward"),
    ("tonghop", "/rounds/units/TAYHO-TULIEN/", "unit-record"),
    ("tonghop", "/rounds/{previous_round}/promises/", "promises"),
    ("buoi.truong", "/", "home-head"),
    ("tonghop", "/consolidation/", "consolidation"),
    ("tonghop", "/consolidation/indicators/NS01/", "consolidation-ns01"),
    ("tonghop", "/consolidation/indicators/DT02/?period=2026-10", "consolidation-dt02"),
    ("tonghop", "/consolidation/narratives/?period=2026-10", "narratives"),
    ("chanhvanphong", "/", "home-office-head"),
    ("chanhvanphong", "/drafts/{review_draft}/", "draft-review"),
    ("chanhvanphong", "/drafts/{review_draft}/sections/{review_section}/", "draft-section-edit"),
    ("chutich", "/drafts/{review_draft}/versions/", "draft-versions"),
    ("chutich", "/drafts/{issued_draft}/comments/", "draft-comments"),
    ("chutich", "/drafts/{issued_draft}/timeline/", "draft-timeline"),
    ("tonghop", "/drafts/rounds/{previous_round}/timeline/", "round-timeline"),
    ("tonghop", "/drafts/", "drafts"),
    ("vanthu", "/documents/", "register"),
    ("vanthu", "/documents/{document}/", "document"),
    ("chutich", "/drafts/ad-hoc/new/", "ad-hoc-new"),
    ("chanhvanphong", "/documents/keys/", "my-signing-keys"),
    (None, "/documents/verify/", "verify"),
    (None, "/documents/verify/{document_code}/", "verify-code"),
]


def demo_ids() -> dict:
    """The ids the page addresses need, read from the demo's database."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    django.setup()
    from baocao.collection.models import Round

    rounds = list(Round.objects.filter(form__code="BC-THANG").order_by("-period_end")[:2])
    if len(rounds) < 2:
        return {}
    from baocao.documents.models import Document
    from baocao.drafting.models import Draft

    ids = {"round": rounds[0].pk, "previous_round": rounds[1].pk,
           "submission": rounds[0].submissions.get(unit__code="TAYHO-XUANLA").pk}
    review = Draft.objects.exclude(state="issued").order_by("-created_at").first()
    document = Document.objects.order_by("-issued_at").first()
    if review and document:
        ids.update(review_draft=review.pk, review_section=review.sections.first().pk,
                   issued_draft=document.draft_id, document=document.pk,
                   document_code=document.code)
    return ids


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ids = demo_ids()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        contexts = {}  # one signed-in browser context per person: one sign-in each
        for user, path, name in PAGES:
            if "{" in path:
                if not ids:
                    continue
                path = path.format(**ids)
            if user not in contexts:
                contexts[user] = browser.new_context(viewport={"width": 1280, "height": 800})
                if user:
                    page = contexts[user].new_page()
                    page.goto(f"{BASE}/login/")
                    page.fill("#id_username", user)
                    page.fill("#id_password", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_load_state()
                    if "/second-factor/" in page.url:
                        page.fill("#id_code", demo_code(user))
                        page.click("main button[type=submit]")
                        page.wait_for_load_state()
                    page.close()
            page = contexts[user].new_page()
            page.goto(f"{BASE}{path}")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=FULL)
            print(OUT / f"{name}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
