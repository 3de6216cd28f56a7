"""DHIS2's Web API paths: metadata with fields/filter/paging, data value sets in and out with
DHIS2's import summary, single values, complete registrations; every endpoint's refusal."""

import base64
import json

import pytest

from baocao.collection.models import DataValue
from baocao.organisation import tokens

from .conftest import DHIS2_FILES, PASSWORD, fill


def token_for(user, scope="write"):
    return tokens.create(user, "test", scope, 30)[1]


@pytest.fixture
def api(client, users):
    """api("compiler").get(path, ...) with that user's token."""

    def make(username, scope="write"):
        secret = token_for(users[username], scope)

        class Caller:
            def __getattr__(self, method):
                call = getattr(client, method)

                def request(path, *args, **kwargs):
                    return call(path, *args, HTTP_AUTHORIZATION=f"ApiToken {secret}", **kwargs)

                return request

        return Caller()

    return make


def post_file(api_user, name, content_type, query=""):
    return api_user.post("/api/dataValueSets" + query,
                         data=(DHIS2_FILES / name).read_bytes(), content_type=content_type)


def test_system_info_and_me(api, dhis2_uids):
    info = api("compiler").get("/api/system/info").json()
    assert info["version"].startswith("2.") and info["calendar"] == "iso8601"
    me = api("reporter").get("/api/me?fields=id,username,organisationUnits[id]").json()
    assert me == {"id": me["id"], "username": "reporter",
                  "organisationUnits": [{"id": "WardBuoi001"}]}


def test_organisation_units_with_fields_filter_and_paging(api, dhis2_uids):
    client = api("compiler")
    body = client.get("/api/organisationUnits?fields=id,code,level,parent[id]"
                      "&filter=level:eq:2&filter=code:$like:TAYHO-B&pageSize=1").json()
    assert body["organisationUnits"] == [{"id": "WardBuoi001", "code": "TAYHO-BUOI", "level": 2,
                                         "parent": {"id": "TayHoDist01"}}]
    assert body["pager"]["total"] == 1
    everything = client.get("/api/organisationUnits?paging=false").json()
    assert "pager" not in everything and {"id", "displayName"} == set(
        everything["organisationUnits"][0])
    one = client.get("/api/organisationUnits/WardBuoi001").json()
    assert one["path"] == "/TayHoDist01/WardBuoi001" and one["name"] == "Phường Bưởi"


def test_a_ward_reporter_sees_only_their_ward(api, dhis2_uids):
    body = api("other_reporter").get("/api/organisationUnits?paging=false&fields=id").json()
    assert body["organisationUnits"] == [{"id": "WardNhatT01"}]
    assert api("other_reporter").get("/api/organisationUnits/WardBuoi001").status_code == 404


def test_data_elements_data_sets_and_combos_resolve_identifiers(api, dhis2_uids):
    client = api("compiler")
    elements = client.get("/api/dataElements?fields=id,code,valueType&filter=code:in:[YT01,YT03]"
                          ).json()["dataElements"]
    assert elements == [{"id": "YtDanSo0001", "code": "YT01", "valueType": "INTEGER"}]
    data_set = client.get("/api/dataSets/FormBcC0001?fields=id,periodType,dataSetElements"
                          "[dataElement[id]]").json()
    assert data_set["periodType"] == "Monthly"
    assert {"dataElement": {"id": "YtDanSo0001"}} in data_set["dataSetElements"]
    combos = client.get("/api/categoryOptionCombos?fields=id,code").json()
    assert {"id": "HllvX50cXC0", "code": "default"} in combos["categoryOptionCombos"]


@pytest.mark.parametrize(("name", "content_type"), [
    ("dataValueSet-timestamp.csv", "application/csv"),
    ("dataValueSet-top-level.json", "application/json"),
    ("dataValueSet-dxf2.xml", "application/xml"),
    ("dataValueSet-adx.xml", "application/adx+xml")])
def test_posting_a_data_value_set_answers_dhis2s_import_summary(api, dhis2_uids, name,
                                                                  content_type):
    response = post_file(api("compiler"), name, content_type)
    body = response.json()
    assert response.status_code == 200, body
    assert {"httpStatus", "httpStatusCode", "status", "message", "response"} <= set(body)
    summary = body["response"]
    assert summary["responseType"] == "ImportSummary" and summary["status"] == "SUCCESS"
    assert set(summary["importCount"]) == {"imported", "updated", "ignored", "deleted"}
    assert summary["importCount"]["imported"] == 3 and summary["conflicts"] == []
    assert DataValue.objects.filter(official=True).count() == 3
    again = post_file(api("compiler"), name, content_type).json()["response"]["importCount"]
    assert again == {"imported": 0, "updated": 3, "ignored": 0, "deleted": 0}


def test_a_conflict_aborts_the_import_with_409_and_names_the_row(api, dhis2_uids):
    response = post_file(api("compiler"), "dataValueSet-attribute.csv", "application/csv")
    assert response.status_code == 409
    summary = response.json()["response"]
    assert summary["status"] == "ERROR" and summary["importCount"]["ignored"] == 2
    conflict = summary["conflicts"][0]
    assert conflict["property"] == "attributeOptionCombo" and conflict["indexes"] == [1]
    assert summary["rejectedIndexes"] == [1]
    assert not DataValue.objects.exists()


def test_dry_run_and_atomic_mode_none(api, dhis2_uids):
    client = api("compiler")
    dry = post_file(client, "dataValueSet-timestamp.csv", "application/csv", "?dryRun=true")
    assert dry.json()["response"]["importCount"]["imported"] == 3
    assert not DataValue.objects.exists()
    partial = post_file(client, "dataValueSet-attribute.csv", "application/csv",
                        "?atomicMode=NONE").json()
    assert partial["status"] == "WARNING"
    assert partial["response"]["importCount"] == {"imported": 1, "updated": 0, "ignored": 1,
                                                  "deleted": 0}


def test_getting_a_data_value_set_in_every_format(api, dhis2_uids):
    client = api("compiler")
    post_file(client, "dataValueSet-adx.xml", "application/adx+xml")
    body = client.get("/api/dataValueSets?dataSet=FormBcC0001&period=202610"
                      "&orgUnit=TayHoDist01&children=true").json()
    assert body["dataSet"] == "FormBcC0001"
    assert {(v["dataElement"], v["period"], v["orgUnit"], v["categoryOptionCombo"])
            for v in body["dataValues"]} == {
        ("YtDanSo0001", "202610", "WardBuoi001", "HllvX50cXC0"),
        ("YtBaoHiem01", "202610", "WardBuoi001", "HllvX50cXC0"),
        ("YtDanSo0001", "202610", "WardBuoi001", "RowNote0000")}
    csv = client.get("/api/dataValueSets.csv?period=202610&orgUnit=WardBuoi001")
    assert csv["Content-Type"].startswith("application/csv") and b"YtDanSo0001" in csv.content
    xml = client.get("/api/dataValueSets.xml?period=202610&orgUnit=WardBuoi001").content
    assert b"<dataValueSet" in xml
    adx = client.get("/api/dataValueSets.adx+xml?startDate=2026-07-01&endDate=2026-12-31"
                     "&orgUnit=TAYHO&children=true&idScheme=CODE").content.decode()
    assert 'period="2026-07-01/P3M"' in adx and 'orgUnit="TAYHO-NHATTAN"' in adx


def test_single_values_for_an_importer_are_official(api, dhis2_uids):
    client = api("compiler")
    assert client.post("/api/dataValues?de=YtDanSo0001&pe=202610&ou=WardBuoi001"
                       "&co=HllvX50cXC0&value=120").status_code == 201
    assert client.get("/api/dataValues?de=YtDanSo0001&pe=202610&ou=WardBuoi001").json() == \
        ["120"]
    assert DataValue.objects.get().official
    assert client.delete("/api/dataValues?de=YtDanSo0001&pe=202610&ou=WardBuoi001"
                         ).status_code == 204
    assert client.delete("/api/dataValues?de=YtDanSo0001&pe=202610&ou=WardBuoi001"
                         ).status_code == 409


def test_a_reporter_s_single_value_goes_into_the_report_as_typed(api, dhis2_uids):
    client = api("reporter")
    response = client.post("/api/dataValues", data=json.dumps(
        {"dataElement": "YtDanSo0001", "period": "202610", "orgUnit": "WardBuoi001",
         "value": "21000"}), content_type="application/json")
    assert response.status_code == 201
    value = DataValue.objects.get()
    assert not value.official and value.submission == dhis2_uids["submission"]
    refused = client.post("/api/dataValues?de=YtBaoHiem01&pe=202610&ou=WardBuoi001&value=-1")
    assert refused.status_code == 409


def test_complete_registration_sends_the_report_through_the_head_s_approval(api, dhis2_uids,
                                                                            users):
    from baocao.collection import submissions

    fill(dhis2_uids["submission"], users["reporter"], YT01="100", YT02="90")
    submissions.save_text(dhis2_uids["submission"], dhis2_uids["results"], "<p>Tốt</p>",
                          users["reporter"])
    registration = {"completeDataSetRegistrations": [
        {"dataSet": "FormBcC0001", "period": "202610", "organisationUnit": "WardBuoi001",
         "completed": True}]}
    by_reporter = api("reporter").post("/api/completeDataSetRegistrations",
                                       data=json.dumps(registration),
                                       content_type="application/json")
    assert by_reporter.status_code == 409
    assert "duyệt" in by_reporter.json()["response"]["conflicts"][0]["value"]
    by_head = api("head").post("/api/completeDataSetRegistrations",
                               data=json.dumps(registration), content_type="application/json")
    assert by_head.status_code == 200, by_head.json()["response"]["conflicts"]
    dhis2_uids["submission"].refresh_from_db()
    assert dhis2_uids["submission"].state == "sent"
    assert DataValue.objects.filter(official=True).count() == 2


def test_basic_auth_works_without_a_second_factor_and_is_refused_with_one(client, dhis2_uids,
                                                                        users):
    def basic(name):
        return "Basic " + base64.b64encode(f"{name}:{PASSWORD}".encode()).decode()

    assert client.get("/api/me", HTTP_AUTHORIZATION=basic("compiler")).status_code == 200
    refused = client.get("/api/me", HTTP_AUTHORIZATION=basic("clerk"))
    assert refused.status_code == 401 and "ApiToken" in refused.json()["message"]
    assert client.get("/api/me", HTTP_AUTHORIZATION="Basic bm9wZTpub3Bl").status_code == 401


FORBIDDEN = [
    ("get", "/api/dataValueSets?period=202610&orgUnit=WardBuoi001", "other_reporter", 403),
    ("post", "/api/dataValueSets", "reporter", 403),
    ("get", "/api/dataValues?de=YtDanSo0001&pe=202610&ou=WardBuoi001", "other_reporter", 403),
    ("post", "/api/dataValues?de=YtDanSo0001&pe=202610&ou=WardBuoi001&value=1",
     "other_reporter", 403),
    ("delete", "/api/dataValues?de=YtDanSo0001&pe=202610&ou=WardBuoi001", "other_reporter",
     403),
    ("get", "/api/dataElements", "outsider", 403),
    ("get", "/api/dataSets", "outsider", 403),
    ("get", "/api/categoryOptionCombos", "outsider", 403),
    ("get", "/api/organisationUnits/WardBuoi001", "outsider", 404),
]


@pytest.mark.parametrize(("method", "path", "who", "status"), FORBIDDEN)
def test_every_endpoint_refuses_who_may_not(api, dhis2_uids, method, path, who, status):
    assert getattr(api(who), method)(path).status_code == status


def test_complete_registration_of_another_ward_is_refused(api, dhis2_uids):
    response = api("other_reporter").post(
        "/api/completeDataSetRegistrations?ds=FormBcC0001&pe=202610&ou=WardBuoi001")
    assert response.status_code == 409
    assert dhis2_uids["submission"].state == "draft"


def test_a_read_token_cannot_write_and_no_token_opens_nothing(api, client, dhis2_uids):
    assert post_file(api("compiler", "read"), "dataValueSet-timestamp.csv",
                     "application/csv").status_code == 403
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", HTTP_AUTHORIZATION="ApiToken bcpat_made-up").status_code == 401
