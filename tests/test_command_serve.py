"""baocao serve: gunicorn with the address and workers from the arguments or the environment."""

import json
import os
import shutil
import subprocess
import urllib.request

import pytest

from baocao.core.management.commands.serve import gunicorn_options

from .serving import BAOCAO, free_port, start, stop, wait_for


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated SQLite database, copied for each server."""
    data = tmp_path_factory.mktemp("migrated")
    subprocess.run([BAOCAO, "migrate", "-v0"], check=True, timeout=600,  # noqa: S603
                   env=os.environ | {"BAOCAO_DATA_DIR": str(data), "DATABASE_URL": ""})
    return data / "baocao.sqlite3"


def test_the_options_given_to_gunicorn(settings):
    settings.BAOCAO_MAX_REQUESTS = 1000
    options = gunicorn_options("127.0.0.1:8018, unix:/run/baocao.sock", 3, 90)
    assert options["bind"] == ["127.0.0.1:8018", "unix:/run/baocao.sock"]
    assert options["workers"] == 3 and options["timeout"] == 90
    assert options["max_requests"] == 1000 and options["max_requests_jitter"] == 100
    assert options["accesslog"] is None  # baocao.lib.requestlog logs each request


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.status, response.headers, response.read()


@pytest.mark.parametrize("how", ["arguments", "environment"])
def test_it_serves_and_stops_on_sigterm(tmp_path, how, migrated):
    shutil.copy(migrated, tmp_path / "baocao.sqlite3")
    port = free_port()
    env = {"BAOCAO_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "REDIS_URL": ""}
    if how == "arguments":
        args = ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    else:
        args = ["serve"]
        env |= {"BAOCAO_BIND": f"127.0.0.1:{port}", "BAOCAO_WORKERS": "2"}
    server = start(args, env, tmp_path / "serve.log")
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        status, headers, body = _get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok"
        assert headers["Server"] == "gunicorn"
        status, headers, body = _get(f"http://127.0.0.1:{port}/login/")
        assert status == 200 and b'name="username"' in body
        status, headers, body = _get(f"http://127.0.0.1:{port}/static/baocao/baocao.css")
        assert status == 200 and b"{" in body
    finally:
        code = stop(server)
    log = (tmp_path / "serve.log").read_text()
    assert code == 0, log
    assert "2 workers" in log and f"127.0.0.1:{port}" in log
    assert log.count("Booting worker") == 2
    assert '"path": "/healthz", "status": 200' in log  # the request log, on standard error
