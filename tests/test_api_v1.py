"""/api/v1/: baocao's own resources, with a personal token; the same permissions as the pages;
a unit's values through save_cell; OpenAPI and its documentation page."""

import pytest

from baocao.collection.models import DataValue
from baocao.organisation import tokens

from .conftest import fill, sent


@pytest.fixture
def get(client, users):
    def call(username, path, method="get", **kwargs):
        secret = tokens.create(users[username], "t", "write", 30)[1]
        return getattr(client, method)("/api/v1" + path, HTTP_AUTHORIZATION=f"ApiToken {secret}",
                                        **kwargs)

    return call


def test_openapi_and_the_docs_page_serve_no_cdn(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/units" in schema["paths"] and "/api/v1/consolidation" in schema["paths"]
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "<script>" not in html  # every script is a file, under the nonce


def test_units_people_indicators_targets_forms(get, collection):
    assert [u["code"] for u in get("compiler", "/units").json()][:2] == ["TAYHO", "TAYHO-VP"]
    assert get("compiler", "/units/TAYHO-BUOI").json()["uid"]
    people = {p["username"] for p in get("compiler", "/people").json()}
    assert {"reporter", "leader"} <= people
    assert {i["code"] for i in get("reporter", "/indicators").json()} >= {"YT01", "YT03"}
    assert get("compiler", "/targets?year=2026").json()[0]["value"] == "9000.000000" or \
        float(get("compiler", "/targets?year=2026").json()[0]["value"]) == 9000
    forms = {f["code"]: f for f in get("compiler", "/forms").json()}
    assert forms["BC-C"]["current_version"] == 1
    versions = get("compiler", "/forms/BC-C/versions").json()
    assert versions[0]["tables"][0]["rows"][0]["indicator"] == "YT01"


def test_rounds_submissions_and_typing_a_cell_through_save_cell(get, collection, users):
    rounds = get("reporter", "/rounds").json()
    assert [r["period"] for r in rounds] == ["2026-10"]
    submission = collection["submission"]
    response = get("reporter", f"/submissions/{submission.pk}/values", method="put",
                   data={"indicator": "YT01", "value": "21.000"},
                   content_type="application/json")
    assert response.status_code == 200 and response.json()["saved"]
    value = DataValue.objects.get()
    assert value.value == 21000 and not value.official
    refused = get("reporter", f"/submissions/{submission.pk}/values", method="put",
                  data={"indicator": "YT02", "value": "-3"}, content_type="application/json")
    assert not refused.json()["saved"] and refused.json()["problems"]
    mine = get("other_reporter", f"/rounds/{collection['round'].pk}/submissions").json()
    assert [s["unit"] for s in mine] == ["TAYHO-NHATTAN"]
    detail = get("reporter", f"/submissions/{submission.pk}").json()
    assert detail["values"][0]["indicator"] == "YT01"


def test_consolidation_is_the_command_s(get, collection, users):
    fill(collection["submission"], users["reporter"], YT01="100")
    fill(collection["other"], users["other_reporter"], YT01="50")
    sent(collection["submission"], collection["other"])
    figures = get("compiler", "/consolidation?form=BC-C&period=2026-10").json()
    yt01 = next(f for f in figures if f["indicator"] == "YT01")
    assert yt01["actual"] == 150 and yt01["unit"] == "TAYHO"


def test_drafts_and_documents(get, monthly_draft):
    drafts = get("compiler", "/drafts").json()
    assert drafts[0]["id"] == monthly_draft.pk
    assert get("compiler", f"/drafts/{monthly_draft.pk}").json()["state"] == "open"
    assert get("compiler", "/documents").json() == []


@pytest.mark.parametrize(("who", "path", "method"), [
    ("other_reporter", "/units/TAYHO-BUOI", "get"),
    ("reporter", "/people", "get"),
    ("outsider", "/indicators", "get"),
    ("outsider", "/indicators/YT01", "get"),
    ("outsider", "/targets", "get"),
    ("outsider", "/forms", "get"),
    ("other_reporter", "/forms/BC-T/versions", "get"),
    ("outsider", "/rounds", "get"),
    ("outsider", "/rounds/{round}/submissions", "get"),
    ("other_reporter", "/submissions/{submission}", "get"),
    ("other_reporter", "/submissions/{submission}/values", "put"),
    ("compiler", "/submissions/{submission}/values", "put"),
    ("other_reporter", "/consolidation?indicators=YT01&period=2026-10&unit=TAYHO-BUOI", "get"),
    ("outsider", "/drafts", "get"),
    ("other_reporter", "/drafts/{draft}", "get"),
    ("reporter", "/documents", "get"),
])
def test_every_operation_refuses_who_may_not(get, monthly_draft, collection, who, path, method):
    path = path.format(round=collection["round"].pk, submission=collection["submission"].pk,
                       draft=monthly_draft.pk)
    kwargs = {"data": {"indicator": "YT01", "value": "1"}, "content_type": "application/json"} \
        if method == "put" else {}
    before = list(DataValue.objects.values_list("pk", "value", "revision"))
    assert get(who, path, method=method, **kwargs).status_code == 403
    assert list(DataValue.objects.values_list("pk", "value", "revision")) == before


def test_without_a_token_nothing_opens_and_a_read_token_writes_nothing(client, users,
                                                                      collection):
    assert client.get("/api/v1/units").status_code == 401
    secret = tokens.create(users["reporter"], "r", "read", 7)[1]
    response = client.put(f"/api/v1/submissions/{collection['submission'].pk}/values",
                          data={"indicator": "YT01", "value": "1"},
                          content_type="application/json",
                          HTTP_AUTHORIZATION=f"ApiToken {secret}")
    assert response.status_code == 403 and not DataValue.objects.exists()
