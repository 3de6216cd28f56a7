"""Headers and sessions: a Content-Security-Policy without unsafe-inline or unsafe-eval for
scripts, Permissions-Policy, `Cache-Control: no-store` on signed-in pages, an absolute session
lifetime beside the idle one, `__Host-` cookies behind HTTPS."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as real_settings
from django.test import Client

from baocao.organisation.middleware import SIGNED_IN_AT
from tests.conftest import PASSWORD

PRODUCTION = {
    "SECRET_KEY": "k3y-" + "".join(chr(65 + (i * 7) % 26) + str(i % 10) for i in range(40)),
    "EMAIL_HOST": "smtp.example.gov.vn", "DEBUG": "false", "ALLOWED_HOSTS": "baocao.example.gov.vn",
    "SECURE_SSL_REDIRECT": "true", "SECURE_HSTS_SECONDS": "31536000",
    "SESSION_COOKIE_SECURE": "true", "CSRF_COOKIE_SECURE": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def script_sources(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    return directives["script-src"].split()


@pytest.mark.parametrize("path", ["/login/", "/documents/verify/"])
def test_anonymous_pages_carry_the_policies(client, db, path):
    response = client.get(path)
    sources = script_sources(response)
    assert "'self'" in sources
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_page_scripts_carry_the_nonce_of_the_policy(client_for):
    response = client_for("compiler").get("/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert f'nonce="{nonce}"' in html
    assert "allowEval" in html  # htmx told not to eval


@pytest.mark.parametrize(("name", "path"), [("compiler", "/"), ("leader", "/drafts/"),
                                       ("reporter", "/rounds/"), ("admin", "/admin/")])
def test_signed_in_pages_are_not_stored(client_for, name, path):
    response = client_for(name).get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_cache(client, db):
    response = client.get("/static/baocao/baocao.css")
    assert "no-store" not in response.get("Cache-Control", "")


def test_no_template_has_an_inline_script_or_event_handler():
    root = Path(real_settings.BASE_DIR) / "baocao"
    found = []
    for path in root.rglob("*.html"):
        text = path.read_text()
        # with its source, or a data block (JSON, never run): allowed
        for match in re.finditer(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>",
                                 text):
            found.append(f"{path.name}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=\s*[\"']|javascript:|hx-on", text):
            found.append(f"{path.name}: {match.group(0)}")
    assert found == []


def test_vega_runs_with_its_csp_safe_interpreter():
    static = Path(real_settings.BASE_DIR) / "baocao" / "static"
    assert (static / "vendor" / "vega" / "vega-interpreter.min.js").exists()
    assert "vega-interpreter" in (static / "vendor" / "VERSIONS").read_text()
    assert "expressionInterpreter" in (static / "baocao" / "charts.js").read_text()
    assert (static / "vendor" / "vega" / "LICENSE-vega-interpreter").exists()


# --- sessions ----------------------------------------------------------------------------------

def test_a_session_ends_12_hours_after_sign_in_however_active(client_for, settings):
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60
    client = client_for("compiler")
    assert client.get("/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 60 * 60 - 5
    session.save()
    response = client.get("/rounds/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/").status_code == 302
    page = client.get("/login/").content.decode()
    assert "Phiên làm việc đã kết thúc sau 12 giờ" in page


def test_a_session_within_its_lifetime_goes_on(client_for):
    client = client_for("compiler")
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 11 * 60 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_the_idle_limit_stays_djangos(settings):
    # Refreshed at most once a minute rather than written on every request (issue 18:
    # baocao/lib/sessions.py, tests/test_sessions.py).
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60 and not settings.SESSION_SAVE_EVERY_REQUEST
    assert "baocao.lib.sessions.SessionRefreshMiddleware" in settings.MIDDLEWARE


def test_sign_in_records_when(users):
    client = Client()
    client.post("/login/", {"username": "reporter", "password": PASSWORD})
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60


def test_cookies_behind_https_are_host_only(settings, users):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-baocao_session"
    settings.CSRF_COOKIE_NAME = "__Host-baocao_csrftoken"
    client = Client()
    client.get("/login/", secure=True)
    response = client.post("/login/", {"username": "reporter", "password": PASSWORD},
                           secure=True)
    cookie = response.cookies["__Host-baocao_session"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    assert cookie["httponly"]


def test_production_settings_name_the_cookies_and_keep_the_policy(tmp_path):
    code = ("import json; from django.conf import settings as s; "
            "print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
            "[str(x) for x in s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']], "
            "s.PERMISSIONS_POLICY, "
            "s.SESSION_ABSOLUTE_AGE, s.SECURE_HSTS_SECONDS]))")
    env = {**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "baocao.settings",
           "BAOCAO_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    session, csrf, scripts, permissions, absolute, hsts = json.loads(out)
    assert session == "__Host-baocao_session" and csrf == "__Host-baocao_csrftoken"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "camera=()" in permissions and absolute == 43200 and hsts == 31536000


def test_the_deployment_check_passes_with_production_settings(tmp_path):
    env = {**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "baocao.settings",
           "BAOCAO_DATA_DIR": str(tmp_path), "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
           "SECURE_HSTS_PRELOAD": "true"}
    # The browser tests' conftest sets this for Playwright's thread; a deployment has not.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run([sys.executable, "-m", "baocao", "check", "--deploy",
                           "--fail-level", "WARNING"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
