"""A DHIS2 client library (dhis2-client from PyPI), used as a DHIS2 user would against the live
test server: it reads baocao's organisation units and data elements, posts a data value set,
reads it back, and `baocao consolidate` counts it."""

import json

import pytest
from dhis2_client import DHIS2Client
from django.core.management import call_command

from baocao.organisation import tokens


@pytest.mark.django_db(transaction=True)
def test_a_dhis2_client_exchanges_values_with_baocao(transactional_db, live_server, dhis2_uids,
                                                     users, capsys):
    secret = tokens.create(users["compiler"], "dhis2-client", "write", 7)[1]
    client = DHIS2Client(live_server.url, token=secret, retries=0)
    try:
        assert client.get_system_info()["version"].startswith("2.")
        units = {u["id"]: u for u in client.get_organisation_units(
            fields="id,code,displayName,level")}
        assert units["WardBuoi001"]["code"] == "TAYHO-BUOI"
        elements = {e["code"]: e["id"] for e in client.get_data_elements(fields="id,code")}
        assert elements["YT01"] == "YtDanSo0001" and "YT03" not in elements  # derived
        summary = client.post_data_value_set({
            "dataSet": "FormBcC0001", "period": "202610", "orgUnit": "WardBuoi001",
            "dataValues": [
                {"dataElement": elements["YT01"], "categoryOptionCombo": "HllvX50cXC0",
                 "value": "21000"},
                {"dataElement": elements["YT02"], "categoryOptionCombo": "HllvX50cXC0",
                 "value": "19500"}]})
        assert summary["response"]["importCount"]["imported"] == 2
        back = client.get_data_value_set({"dataSet": "FormBcC0001", "period": "202610",
                                          "orgUnit": "WardBuoi001"})
        assert {(v["dataElement"], v["value"]) for v in back["dataValues"]} == {
            ("YtDanSo0001", "21000"), ("YtBaoHiem01", "19500")}
        assert client.get_data_value("YtDanSo0001", "202610", "WardBuoi001") == ["21000"]
    finally:
        client.close()
    call_command("consolidate", "--indicators", "YT01,YT02,YT03", "--period", "2026-10")
    figures = {f["indicator"]: f for f in json.loads(capsys.readouterr().out)}
    assert figures["YT01"]["actual"] == 21000 and figures["YT02"]["actual"] == 19500
    assert figures["YT03"]["actual"] == pytest.approx(100 * 19500 / 21000)
