"""No view answers 500, whatever it is sent.

Every URL the application has (outside the Django admin) is walked as
tests/test_forbidden_everywhere.py does, with real objects, signed in as a few roles and signed
out; hypothesis then sends GET and POST requests with fuzzed path arguments, query strings and
form fields: ids beyond 64 bits, years 0 and 99999, the period 0001-01-01..9999-12-31,
non-numeric revisions and recipient ids, NUL characters, 10,000-character texts.  The answer
may be anything but a 500 (or an exception).

The run is bounded: derandomized (the same examples every run, on SQLite and PostgreSQL) and a
modest number of examples; no shrinking (the state the examples leave behind would make it
meaningless), so a failure reports the first example that failed.
"""

import importlib
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from .test_forbidden_everywhere import everything  # noqa: F401 - a fixture

ROLES = ["reporter", "head", "compiler", "planning_compiler", "planning_head", "clerk",
         "office_head", "leader", "admin", None]
SKIP_PREFIXES = ("admin:",)

# What the views read from query strings and forms (their forms' fields are added below).
PARAMETERS = {"year", "period", "unit", "form", "page", "a", "b", "q", "family", "sector",
              "ended", "step", "revision", "html", "indicator", "column", "value", "comment",
              "recipients", "others", "reason", "decline", "poll", "download", "next",
              "merged", "username", "password", "language", "action", "day", "due_date",
              "units", "users", "deadline", "number", "code", "token", "include_unsent"}
for module in ("audit", "collection", "drafting", "documents"):
    for item in vars(importlib.import_module(f"baocao.{module}.forms")).values():
        if isinstance(item, type) and issubclass(item, BaseForm) and item is not BaseForm:
            PARAMETERS |= set(getattr(item, "base_fields", {}))

NASTY = ["0", "-1", "1", "2", "99999", "2026", "2026-10", "2026-Q3", "2026-13", "2026-Q9",
         "0001-01-01..9999-12-31", "9999-12-31..0001-01-01", "2026-02-30..2026-03-01",
         str(2 ** 63), str(2 ** 64 + 1), "9" * 40, "1e999", "NaN", "-0", "1.5", "1,5",
         "abc", "x\x00y", "\x00", "a" * 10_000, "ç≠😀", "'; DROP TABLE x; --", "<script>",
         "", " ", "TAYHO-BUOI", "BC-T", "BC-C", "monthly", "approve", "pdf", "true", "on",
         "../../etc/passwd", "%00", "[]", "{}", "null"]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=30),
                   st.integers(min_value=-(2 ** 70), max_value=2 ** 70).map(str))
fields = st.dictionaries(st.sampled_from(sorted(PARAMETERS)), values, max_size=4)
FILE_CONTENTS = [b"", b"\x00" * 64, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj <<>> endobj\n%%EOF",
                 b"PK\x03\x04" + b"\x00" * 40, b"\x89PNG\r\n\x1a\n" + b"x" * 20,
                 b"\xff\xd8\xff" + b"y" * 20, b"dataelement,period\n"]
uploads = st.builds(lambda name, content: SimpleUploadedFile(name, content),
                    st.sampled_from(["a.pdf", "b.xlsx", "c.png", "d.csv", "x" * 300 + ".pdf",
                                     "../../e.pdf", "f\x00.pdf"]),
                    st.one_of(st.sampled_from(FILE_CONTENTS), st.binary(max_size=200)))
PATH_VALUES = ["0", str(2 ** 63), str(2 ** 64 + 1), "9" * 30, "x\x00", "a" * 300, "ç",
               "%00", "..", "KHONGCO"]


def walk(resolver=None, prefix="", namespace=""):
    """(name, full route, converters) of every named URL, the includes' prefixes joined."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), \
                entry.pattern.converters


def urls():
    """The URLs to walk, in a fixed order: {name: (route, converters)}."""
    return {name: (route, converters) for name, route, converters in sorted(
        walk(), key=lambda item: item[0]) if not name.startswith(SKIP_PREFIXES)}


def url_of(route, converters, objects, name, replaced: dict) -> str:
    """The route filled with real objects, some arguments replaced by fuzzed text (by hand,
    not reverse(): a fuzzed argument need not match its converter)."""
    for key, converter in converters.items():
        real = objects.get(name, {}).get(key, objects.get(key, "x"))
        value = replaced.get(key, real)
        kind = "int" if type(converter).__name__ == "IntConverter" else "str"
        route = route.replace(f"<{kind}:{key}>", quote(str(value), safe=""))
    return "/" + route


@pytest.fixture
def objects(everything, monthly_draft, quarterly_round, users):  # noqa: F811
    """Two sets of real objects to fill the URLs with: test_forbidden_everywhere's (its draft
    issued, with comments, a signing request, a document), and the same with a draft still
    being written (of the quarterly round, by the planning department's compiler), so that the
    views that change a draft are reached too.  A few URLs' arguments mean something else here
    (a regime's code, an indicator's, a draft's section)."""
    from baocao.drafting import building

    live = building.draft_from_round(quarterly_round, users["planning_compiler"],
                                     unsent_reason="Đang chờ các phường gửi")
    issued = {**everything,
              "catalogue:regime_detail": {"regime_code": "monthly"},
              "consolidation:indicator": {"code": "YT01"},
              "drafting:section": {"section_id": monthly_draft.sections.first().pk}}
    return [issued, {**issued, "draft_id": live.pk, "round_id": quarterly_round.pk,
                     "drafting:section": {"section_id": live.sections.first().pk}}]


@pytest.fixture
def clients(users):
    made = {}
    for role in ROLES:
        client = Client(raise_request_exception=True)
        if role:
            client.force_login(users[role])
        made[role] = client
    return made


@settings(max_examples=250, derandomize=True, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
@example(data=None)  # the cases the issue names, one by one (NAMED_CASES)
def test_no_view_answers_500(objects, clients, users, data):
    walked = urls()
    if data is None:
        for case in NAMED_CASES:
            for which in objects:
                send(which, clients, users, walked, *case)
        return
    which = objects[data.draw(st.integers(0, len(objects) - 1), label="objects")]
    names = sorted(walked)
    name = names[data.draw(st.integers(0, len(names) - 1), label="url")]
    keys = sorted(walked[name][1])
    replaced = data.draw(st.dictionaries(st.sampled_from(keys), st.sampled_from(PATH_VALUES),
                                         max_size=1) if keys else st.just({}), label="path")
    role = data.draw(st.sampled_from(ROLES), label="role")
    method = data.draw(st.sampled_from(["get", "post"]), label="method")
    query = data.draw(fields, label="query")
    form = data.draw(fields, label="form") if method == "post" else {}
    if method == "post" and data.draw(st.booleans(), label="with a file"):
        form["file"] = data.draw(uploads, label="file")
    send(which, clients, users, walked, name, role, method, replaced, query, form)


# (url name, role, method, path arguments replaced, query, form)
NAMED_CASES = [
    ("collection:submission_cell", "reporter", "post", {}, {},
     {"indicator": "1", "column": "actual", "value": "5", "revision": "abc"}),
    ("collection:submission_cell", "reporter", "post", {}, {},
     {"indicator": str(2 ** 64), "column": "actual", "value": "5", "revision": "0"}),
    ("collection:submission_cell", "reporter", "post", {}, {},
     {"indicator": "1", "column": "actual", "value": "1e18", "revision": "0"}),
    ("collection:submission_text", "reporter", "post", {}, {},
     {"html": "<p>x\x00</p>", "revision": "0"}),
    ("collection:unit_record", "reporter", "get", {}, {"year": "0"}, {}),
    ("collection:unit_record", "reporter", "get", {}, {"year": "99999"}, {}),
    ("catalogue:regime_detail", "reporter", "get", {}, {"year": "0"}, {}),
    ("catalogue:regime_detail", "reporter", "get", {}, {"year": "99999"}, {}),
    ("documents:register", "clerk", "get", {}, {"year": "0"}, {}),
    ("documents:register", "clerk", "get", {}, {"year": "99999"}, {}),
    ("consolidation:table", "compiler", "get", {}, {"period": "0001-01-01..9999-12-31"}, {}),
    ("consolidation:narratives", "compiler", "get", {},
     {"period": "0001-01-01..9999-12-31"}, {}),
    ("consolidation:indicator", "compiler", "get", {"code": "YT01"},
     {"period": "0001-01-01..9999-12-31", "unit": "TAYHO"}, {}),
    ("consolidation:table", "compiler", "get", {}, {"unit": "x\x00"}, {}),
    ("drafting:recipients", "planning_compiler", "post", {}, {},
     {"recipients": ["x", str(2 ** 64)]}),
    ("drafting:recipients", "planning_compiler", "post", {}, {}, {"recipients": "9" * 30}),
    ("drafting:section", "planning_compiler", "post", {}, {},
     {"html": "<p>x</p>", "revision": "x"}),
    ("drafting:section", "planning_compiler", "post", {}, {},
     {"html": "<p>x</p>", "revision": str(2 ** 64)}),
    ("drafting:act", "planning_compiler", "post", {"action": "submit"}, {}, {"step": "x"}),
    ("drafting:act", "planning_compiler", "post", {"action": "consult"}, {},
     {"users": ["x", str(2 ** 64)], "units": "abc", "deadline": "0001-01-01"}),
    ("drafting:versions", "compiler", "get", {}, {"a": "x", "b": str(2 ** 64)}, {}),
    ("collection:submission", "reporter", "get", {"submission_id": str(2 ** 64 + 1)}, {}, {}),
    ("drafting:draft", "compiler", "get", {"draft_id": "9" * 30}, {}, {}),
    ("documents:copy", None, "get", {"token": "x\x00y"}, {}, {}),
    ("documents:verify_code", None, "get", {"code": "%00"}, {}, {}),
    ("drafting:remote", "office_head", "get", {"token": "\x00"}, {}, {}),
    ("organisation:unit_detail", "reporter", "get", {"code": "TAYHO\x00"}, {}, {}),
    ("audit:event_list", "admin", "get", {}, {"page": "99999999999999999999", "q": "\x00"}, {}),
    ("login", None, "post", {}, {}, {"username": "a" * 10_000, "password": "x"}),
    ("login", None, "post", {}, {}, {"username": "admin\x00", "password": "x"}),
]


def send(objects, clients, users, walked, name, role, method, replaced, query, form):
    if name not in walked:  # a URL no longer in the application
        return
    client = clients[role]
    route, converters = walked[name]
    url = url_of(route, converters, objects, name, replaced)
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    said = f"{method.upper()} {url[:200]!r} as {role}, form {short(form)}"
    try:
        response = client.get(url) if method == "get" else client.post(url, form)
    except Exception as error:
        raise AssertionError(f"{said} raised {error!r}") from error
    assert response.status_code != 500, f"{said}: 500"
    if role:
        client.force_login(users[role])  # a logout or a password change signed it out


def short(form):
    return {k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v)
            for k, v in form.items()}
