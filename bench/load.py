"""Speed under load: `baocao serve` on the Tây Hồ demo (`--seed-example`, PostgreSQL), by wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py
        [--duration 15] [--connections 16] [--workers 4] [--reuse] [--json]
        [--only home,entry] [--profile PAGE]

It makes a database `baocao_load` on that server and loads the demo into it (`--reuse` keeps one
already loaded), starts `baocao serve` on a free loopback port, signs in as the demo's people and
measures, each for --duration seconds with --connections connections (wrk, two threads, a
request that takes more than 10 s counted as an error; the server left to work off its backlog
between pages):

    sign-in page      GET /login/, anonymous: the baseline
    home              GET /, a ward's reporter ("Việc cần làm")
    entry             GET a ward's submission of the current monthly round (the entry page)
    consolidated      GET /consolidation/, the office's compiler
    save              POST one cell (htmx), the wards' reporters each on their own submission,
                      cycling over the form's typed indicators with changing values

and prints requests/s, p50, p95 and each page's ratio to the sign-in page measured in the same
run, beside the goals of issue 18.  `--profile PAGE` instead runs that page's requests in this
process under pyinstrument (`pip install 'baocao[bench]'`) and prints where the time goes;
`--cpu` prints each page's CPU time per request in this process (no network, no wrk), which
other work on a shared machine moves less than the figures under load.
"""

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAOCAO = str(Path(sys.executable).with_name("baocao"))
PASSWORD = "TayHo@2026"
GOALS = {"sign-in page": None, "home": 0.3, "entry": 0.2, "consolidated": 0.3, "save": 0.33}
DATABASE = "baocao_load"

LUA = r"""
local targets = {}
local counter = 0
local done_requests = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local file = io.open(args[1], "r")
  for line in file:lines() do
    local method, path, cookie, csrf, body = line:match("^(%S+)\t(%S+)\t([^\t]*)\t([^\t]*)\t(.*)$")
    table.insert(targets, {method = method, path = path, cookie = cookie, csrf = csrf,
                           body = body})
  end
  file:close()
  n = 0
end

function request()
  n = n + 1
  local t = targets[(n + id * 7919) % #targets + 1]
  local headers = {}
  if t.cookie ~= "" then headers["Cookie"] = t.cookie end
  headers["Host"] = "127.0.0.1"
  if t.method == "POST" then
    headers["X-CSRFToken"] = t.csrf
    headers["HX-Request"] = "true"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Referer"] = "http://127.0.0.1/"
    local body = t.body:gsub("VALUE", tostring(100 + (n * 13 + id) % 900))
    return wrk.format("POST", t.path, headers, body)
  end
  return wrk.format("GET", t.path, headers, nil)
end

function done(summary, latency, requests)
  io.write(string.format(
    "JSON {\"requests\": %d, \"seconds\": %.3f, \"p50_ms\": %.2f, \"p95_ms\": %.2f, " ..
    "\"p99_ms\": %.2f, \"errors\": %d, \"non_2xx\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(reuse: bool) -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/load.py measures on PostgreSQL: set DATABASE_URL to a PostgreSQL server")
    import psycopg

    base = url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              [DATABASE]).fetchone()
        if exists and reuse:
            return f"{base}/{DATABASE}"
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{base}/{DATABASE}"


class Session:
    def __init__(self, base):
        self.base, self.cookies = base, {}

    def open(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        if self.cookies:
            request.add_header("Cookie", self.cookie_header())
        if data is not None:
            request.add_header("X-CSRFToken", self.cookies.get("csrftoken", ""))
        for k, v in (headers or {}).items():
            request.add_header(k, v)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        text = response.read().decode("utf-8", "replace")
        return response.status, text

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def sign_in(self, username):
        self.open("/login/")
        status, text = self.open("/login/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"cannot sign in as {username}: {status} {text[:300]}")
        return self


def demo_facts(env) -> dict:
    """The current monthly round's ward submissions, their reporters and typed indicators."""
    script = r"""
import json
from baocao.catalogue.models import FormRow
from baocao.collection.models import Round
from baocao.organisation.models import Membership, Role
rnd = Round.objects.filter(form__code="BC-THANG").order_by("-period_end").first()
out = {"round": rnd.pk, "submissions": []}
for s in rnd.submissions.select_related("unit").order_by("unit__path"):
    if not s.is_editable or s.unit.kind != "ward":
        continue
    m = Membership.objects.filter(unit=s.unit, role=Role.REPORTER, user__is_active=True).first()
    if m:
        typed = [r.indicator_id for r in FormRow.objects.filter(
            table__version=rnd.form_version, indicator__isnull=False, indicator__formula="")
            .exclude(indicator__value_type="percent").select_related("indicator")
            .prefetch_related("units") if r.fills(s.unit)]
        out["submissions"].append({"id": s.pk, "user": m.user.username, "unit": s.unit.code,
                                   "indicators": typed})
print("FACTS " + json.dumps(out))
"""
    done = subprocess.run([BAOCAO, "shell", "-c", script], env=env, capture_output=True,  # noqa: S603
                          text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("FACTS "))
    return json.loads(line[6:])


def targets(base, facts) -> dict:
    """Per page: lines of method, path, cookie, CSRF token and body for the Lua script."""
    reporters = []
    for s in facts["submissions"]:
        session = Session(base).sign_in(s["user"])
        session.open("/")  # the CSRF cookie
        reporters.append((s, session))
    if not reporters:
        raise SystemExit("the demo has no editable ward submission in its current round")
    compiler = Session(base).sign_in("tonghop")
    first_submission, first_reporter = reporters[0]
    lines = {
        "sign-in page": [("GET", "/login/", "", "", "")],
        "home": [("GET", "/", session.cookie_header(), "", "") for _s, session in reporters],
        "entry": [("GET", f"/rounds/submissions/{s['id']}/", session.cookie_header(), "", "")
                  for s, session in reporters],
        "consolidated": [("GET", "/consolidation/", compiler.cookie_header(), "", "")],
        "save": [],
    }
    for s, session in reporters:
        typed = list(s["indicators"])  # the rows this unit fills, typed, not percentages
        random.Random(18).shuffle(typed)
        for indicator in typed[:20]:
            body = f"indicator={indicator}&column=actual&value=VALUE"
            lines["save"].append(("POST", f"/rounds/submissions/{s['id']}/cell/",
                                  session.cookie_header(), session.cookies["csrftoken"], body))
    # Each page answers as expected before it is measured.
    for page, entries in lines.items():
        method, path, cookie, csrf, body = entries[0]
        check = Session(base)
        check.cookies = dict(part.split("=", 1) for part in cookie.split("; ") if part)
        if method == "GET":
            status, _text = check.open(path)
        else:
            status, _text = check.open(path, dict(urllib.parse.parse_qsl(
                body.replace("VALUE", "123"))), {"HX-Request": "true"})
        if status != 200:
            raise SystemExit(f"{page}: {method} {path} answered {status}")
    return lines


def settle(base, limit: float = 90):
    """Wait until the server has worked off the requests wrk left when it stopped (the
    sign-in page answers within half a second), so that a page is not measured on the
    previous one's backlog."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            urllib.request.urlopen(base + "/login/", timeout=30).close()  # noqa: S310
        except OSError:
            pass
        if time.perf_counter() - started < 0.5:
            return
        time.sleep(0.5)


def measure(base, page, entries, duration, connections, workdir) -> dict:
    script = workdir / "load.lua"
    script.write_text(LUA)
    data = workdir / f"{page.replace(' ', '-')}.tsv"
    data.write_text("".join("\t".join(e) + "\n" for e in entries))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s",
               str(script), base, "--", str(data)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    line = next(x for x in done.stdout.splitlines() if x.startswith("JSON "))
    figures = json.loads(line[5:])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def cpu(facts, env, requests=40):
    """Each page's requests in this process (Django's test client, no network, no wrk): the
    CPU time this process spends per request, and its ratio to the sign-in page's.  Less moved
    by other work on the machine than the figures under load; the database's own time is not
    in it."""
    results = {}
    for page in GOALS:
        one = _client_for(page, facts, env)
        for n in range(5):
            assert one(n).status_code == 200
        started, wall = time.process_time(), time.perf_counter()
        for n in range(requests):
            one(n + 5)
        results[page] = {"cpu_ms": 1000 * (time.process_time() - started) / requests,
                         "wall_ms": 1000 * (time.perf_counter() - wall) / requests}
    base = results["sign-in page"]["cpu_ms"]
    print(f"in process, {requests} requests each: CPU ms per request (ratio: sign-in page's "
          f"CPU time / the page's)")
    for page, figures in results.items():
        print(f"{page:<14} {figures['cpu_ms']:>7.1f} ms CPU {figures['wall_ms']:>7.1f} ms wall "
              f"{base / figures['cpu_ms']:>6.2f}")
    return results


def _client_for(page, facts, env):
    os.environ.update(env)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["BAOCAO_REQUEST_LOG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from baocao.organisation.models import User

    s = facts["submissions"][0]
    client = Client()
    if page != "sign-in page":
        client.force_login(User.objects.get(username="tonghop" if page == "consolidated"
                                            else s["user"]))
    typed = s["indicators"]
    draw = random.Random(18)

    def one(n):
        if page == "save":
            return client.post(f"/rounds/submissions/{s['id']}/cell/",
                               {"indicator": typed[n % len(typed)], "column": "actual",
                                "value": str(draw.randint(100, 99999))}, HTTP_HX_REQUEST="true")
        path = {"sign-in page": "/login/", "home": "/", "consolidated": "/consolidation/",
                "entry": f"/rounds/submissions/{s['id']}/"}[page]
        return client.get(path)

    return one


def profile(page, facts, env, requests=60):
    """The page's requests in this process through Django's test client, under pyinstrument."""
    from pyinstrument import Profiler

    one = _client_for(page, facts, env)
    for n in range(5):
        assert one(n).status_code == 200
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for n in range(requests):
        one(n + 5)
    profiler.stop()
    elapsed = time.perf_counter() - started
    print(f"{page}: {requests} requests in process, {1000 * elapsed / requests:.1f} ms each")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database baocao_load if the demo is already in it")
    parser.add_argument("--only", default="", help="comma-separated pages (sign-in page always)")
    parser.add_argument("--profile", choices=list(GOALS), default=None)
    parser.add_argument("--cpu", action="store_true",
                        help="each page's CPU time per request in this process instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk") and not (args.profile or args.cpu):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    url = database_url(args.reuse)
    workdir = Path(tempfile.mkdtemp(prefix="baocao-load-"))
    (workdir / "data").mkdir()
    env = os.environ | {"DATABASE_URL": url, "BAOCAO_DATA_DIR": str(workdir / "data"),
                        "SECRET_KEY": "load-" + "k" * 60, "ALLOWED_HOSTS": "127.0.0.1",
                        "DEBUG": "false", "REDIS_URL": "", "HUEY_IMMEDIATE": "false",
                        "AXES_FAILURE_LIMIT": "1000"}
    loaded = subprocess.run([BAOCAO, "shell", "-c",  # noqa: S603
                             "from baocao.collection.models import Round; "
                             "print(Round.objects.exists())"],
                            env=env, capture_output=True, text=True, check=False)
    if loaded.returncode or "True" not in loaded.stdout:
        print("loading the demo into the database baocao_load…", file=sys.stderr)
        subprocess.run([BAOCAO, "demo", "--seed-example", "--no-serve"],  # noqa: S603
                       env=env, check=True,
                       stdout=subprocess.DEVNULL)
    facts = demo_facts(env)
    if args.profile:
        return profile(args.profile, facts, env)
    if args.cpu:
        return cpu(facts, env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(workdir / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen([BAOCAO, "serve", "--bind", f"127.0.0.1:{port}",  # noqa: S603
                               "--workers", str(args.workers)], env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit((workdir / "serve.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        lines = targets(base, facts)
        wanted = ["sign-in page"] + [p for p in GOALS if p != "sign-in page" and (
            not args.only or p in args.only.split(","))]
        results = {}
        for page in wanted:
            measure(base, page, lines[page], 2, args.connections, workdir)  # warm-up
            settle(base)
            results[page] = measure(base, page, lines[page], args.duration, args.connections,
                                    workdir)
            settle(base)
    finally:
        server.terminate()
        server.wait(30)
    baseline = results["sign-in page"]["rps"]
    for page, figures in results.items():
        figures["ratio"] = figures["rps"] / baseline
        figures["goal"] = GOALS[page]
        figures["met"] = None if GOALS[page] is None else figures["ratio"] >= GOALS[page]
    if args.json:
        print(json.dumps({"workers": args.workers, "connections": args.connections,
                          "duration_s": args.duration, "pages": results}, indent=2))
        return
    print(f"baocao serve --workers {args.workers}, wrk -t2 -c{args.connections} "
          f"-d{args.duration}s, PostgreSQL, the Tây Hồ demo "
          f"({len(facts['submissions'])} wards' reporters saving)")
    print(f"{'page':<14} {'req/s':>8} {'p50':>9} {'p95':>9} {'ratio':>6} {'goal':>6}  errors")
    for page, f in results.items():
        goal = f"≥{f['goal']}" if f["goal"] else "—"
        mark = "" if f["met"] is None else (" ok" if f["met"] else " below")
        print(f"{page:<14} {f['rps']:>8.1f} {f['p50_ms']:>7.1f}ms {f['p95_ms']:>7.1f}ms "
              f"{f['ratio']:>6.2f} {goal:>6}{mark:<6} {f['errors'] + f['non_2xx']}")


if __name__ == "__main__":
    main()
