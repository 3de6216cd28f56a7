"""Several application servers on PostgreSQL and Redis: two `baocao serve` on two ports and one
`baocao worker`, each with a data directory of its own (nothing shared but the database, Redis
and the files' directory).  A session made on one server is used on the other; two documents
issued at the same moment through the two servers get consecutive numbers; each e-mail is sent
once.

Runs when DATABASE_URL is PostgreSQL (the PostgreSQL pass of .ci/run), and needs a Redis server
(BAOCAO_TEST_REDIS_URL, default redis://127.0.0.1:6379/8; the test empties that database):
without one it is skipped, or fails with BAOCAO_REQUIRE_SERVERS=1 (as in .ci/run).
"""

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from .serving import BAOCAO, Browser, SmtpSink, free_port, start, stop, wait_for

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("BAOCAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")
PASSWORD = "Mat-khau-thu-2026"


def _unavailable() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL is not PostgreSQL"
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"no Redis at {REDIS_URL}: {error}"
    return ""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    reason = _unavailable()
    if reason:
        if os.environ.get("BAOCAO_REQUIRE_SERVERS") == "1" and "PostgreSQL" not in reason:
            pytest.fail(f"the two-server test cannot run: {reason}")
        pytest.skip(reason)
    import psycopg
    import redis

    base, _, name = os.environ["DATABASE_URL"].rpartition("/")
    database = f"{name.split('?')[0]}_servers_{os.getpid()}"
    admin_url = f"{base}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    root = tmp_path_factory.mktemp("cluster")
    sink = SmtpSink()
    common = {"DATABASE_URL": f"{base}/{database}", "REDIS_URL": REDIS_URL,
              "SECRET_KEY": "two-servers-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1",
              "BAOCAO_FILES_DIR": str(root / "files"), "BAOCAO_DIGITAL_SIGNATURES": "false",
              "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port),
              "EMAIL_USE_TLS": "false", "HUEY_IMMEDIATE": "false", "DB_CONN_MAX_AGE": "0"}

    def env_of(who):
        return common | {"BAOCAO_DATA_DIR": str(root / who)}

    processes = []
    try:
        subprocess.run([BAOCAO, "migrate", "-v0"], env=os.environ | env_of("setup"),  # noqa: S603
                       check=True, capture_output=True, timeout=600)
        made = subprocess.run([sys.executable, str(ROOT / "tests" / "servers_setup.py")],  # noqa: S603
                              env=os.environ | env_of("setup"), check=True, capture_output=True,
                              text=True, timeout=300)
        data = json.loads(made.stdout.strip().splitlines()[-1])
        ports = [free_port(), free_port()]
        for who, port in zip("ab", ports, strict=True):
            processes.append(start(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                                   env_of(who), root / f"serve-{who}.log"))
        processes.append(start(["worker", "--workers", "2"], env_of("worker"),
                               root / "worker.log"))
        for port, process in zip(ports, processes, strict=False):
            wait_for(f"http://127.0.0.1:{port}/healthz", process)
        yield {"servers": [f"http://127.0.0.1:{port}" for port in ports], "data": data,
               "sink": sink, "database": f"{base}/{database}", "root": root,
               "worker": processes[-1]}
    finally:
        for process in processes:
            stop(process)
        sink.close()
        store.flushdb()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_both_servers_and_the_worker_share_the_queue_on_redis(cluster):
    for server in cluster["servers"]:
        body = json.loads(Browser().request(server + "/healthz").text)
        assert body["status"] == "ok"
        assert body["database"]["engine"] == "postgresql"
        assert body["queue"]["backend"] == "redis"


def _second_factor(browser, server, key_hex: str):
    from django_otp.oath import TOTP

    code = f"{TOTP(bytes.fromhex(key_hex)).token():06d}"
    answer = browser.request(server + "/second-factor/", {"code": code})
    assert answer.status == 302, answer.text[:1000]


def test_a_session_made_on_one_server_is_used_on_the_other(cluster):
    a, b = cluster["servers"]
    browser = Browser()
    browser.sign_in(a, "compiler", PASSWORD)
    assert Browser().request(b + "/").status == 302  # not signed in there otherwise
    home = browser.request(b + "/")
    assert home.status == 200
    assert "Người compiler" in home.text
    # a form given by one server is accepted by the other (the same CSRF secret and session)
    assert browser.request(b + "/logout/", {}).status == 302
    assert browser.request(a + "/").status == 302  # signed out everywhere


def test_two_documents_issued_at_once_get_consecutive_numbers_and_each_email_goes_once(cluster):
    a, b = cluster["servers"]
    data, sink = cluster["data"], cluster["sink"]
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    clerks = [Browser(), Browser()]
    for clerk, server, username in ((clerks[0], a, "clerk"), (clerks[1], b, "clerk2")):
        clerk.sign_in(server, username, PASSWORD)
        _second_factor(clerk, server, data["totp_keys"][username])
    barrier = threading.Barrier(2)
    answers = {}

    def issue(index, server):
        form = {"recipients": data["recipients"], "others": "", "issued_on": today,
                "filing_line": "Lưu: VT, VP.", "step": data["issue_step"]}
        barrier.wait()
        answers[index] = clerks[index].request(
            f"{server}/drafts/{data['drafts'][index]}/act/issue/", form)

    threads = [threading.Thread(target=issue, args=(i, s)) for i, s in enumerate((a, b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert [answers[i].status for i in (0, 1)] == [302, 302], [answers[i].text[:500]
                                                               for i in (0, 1)]
    import psycopg

    with psycopg.connect(cluster["database"]) as conn:
        issued = conn.execute("SELECT draft_id, number, symbol FROM documents_document "
                              "ORDER BY number").fetchall()
    assert [number for _draft, number, _symbol in issued] == [1, 2]
    assert {draft for draft, _n, _s in issued} == set(data["drafts"])
    from baocao.documents.models import reference

    references = [reference(number, symbol) for _draft, number, symbol in issued]

    wanted = {(address, reference) for address in ("quanuy@example.vn", "hdnd@example.vn")
              for reference in references}

    def copies():
        return [(to[0], subject.split(":")[0]) for to, subject in sink.messages
                if to and to[0] in ("quanuy@example.vn", "hdnd@example.vn")]

    deadline = time.monotonic() + 60
    while set(copies()) != wanted and time.monotonic() < deadline:
        time.sleep(0.25)
    time.sleep(3)  # time for a duplicate to arrive, if any would
    assert sorted(copies()) == sorted(wanted), (cluster["root"] / "worker.log").read_text()[-3000:]
    # queued in the issuing transaction (the outbox), claimed and sent once by the worker's two
    # threads, each woken by both servers' commits
    with psycopg.connect(cluster["database"]) as conn:
        outbox = conn.execute("SELECT state, attempts FROM outbox_email "
                              "WHERE kind = 'document_copy'").fetchall()
    assert sorted(outbox) == [("sent", 1)] * 4
