"""The consolidation pages: the table by sector, an indicator taken apart, the texts."""

import json
import re

import pytest
from django.core.management import call_command

from baocao.collection import submissions
from baocao.lib.numbers import format_vn

from .conftest import fill, sent


@pytest.fixture
def filled(collection, users):
    fill(collection["submission"], users["reporter"], YT01="2.000", YT02="1.800")
    fill(collection["other"], users["other_reporter"], YT01="1.000", YT02="950")
    submissions.save_text(collection["submission"], collection["results"],
                          "<p>Phường Bưởi hoàn thành</p>", users["reporter"])
    sent(collection["submission"], collection["other"])
    return collection


def url(query="form=BC-C&period=2026-10&unit=TAYHO"):
    return f"/consolidation/?{query}"


def test_it_asks_to_sign_in(client, db):
    assert client.get("/consolidation/").status_code == 302


def test_the_committee_sees_the_table_by_sector(client_for, filled):
    html = client_for("compiler").get(url()).content.decode()
    assert "Y tế" in html and "data-vega-spec" in html
    assert "3.000" in html and "2.750" in html  # YT01 and YT02 over both wards
    assert "91,7" in html  # YT03 = 100 × 2750 / 3000


def test_a_ward_cannot_see_the_committee_or_another_ward(client_for, filled):
    assert client_for("reporter").get(url()).status_code == 403
    assert client_for("reporter").get(url("form=BC-C&period=2026-10&unit=TAYHO-NHATTAN")) \
        .status_code == 403
    assert client_for("reporter").get(url("form=BC-C&period=2026-10&unit=TAYHO-BUOI")) \
        .status_code == 200


def test_the_json_of_the_command_equals_the_page(client_for, filled, capsys):
    call_command("consolidate", "--form", "BC-C", "--period", "2026-10", "--unit", "TAYHO")
    data = json.loads(capsys.readouterr().out)
    html = client_for("compiler").get(url()).content.decode()
    decimals = {"YT01": 0, "YT02": 0, "YT03": 1, "AN04": 0, "AN05": 0}
    for row in data:
        match = re.search(rf'data-indicator="{row["indicator"]}">(.*?)</tr>', html, re.S)
        assert match, row["indicator"]
        shown = dict(re.findall(r'data-q="(\w+)">([^<]*)<', match.group(1)))
        for quantity, text in shown.items():
            places = 1 if quantity.startswith(("percent", "vs_")) else \
                decimals[row["indicator"]]
            expected = "" if row[quantity] is None else format_vn(row[quantity], places)
            assert text == expected, (row["indicator"], quantity)


def test_an_indicator_is_taken_apart_into_its_units(client_for, filled):
    html = client_for("compiler").get(
        "/consolidation/indicators/YT01/?form=BC-C&period=2026-10&unit=TAYHO").content.decode()
    assert "Phường Bưởi" in html and "2.000" in html and "1.000" in html
    assert f'/rounds/submissions/{filled["submission"].pk}/' in html
    assert html.count("data-vega-spec") == 2


def test_a_ward_cannot_take_apart_the_committees_figure(client_for, filled):
    response = client_for("reporter").get(
        "/consolidation/indicators/YT01/?form=BC-C&period=2026-10&unit=TAYHO")
    assert response.status_code == 403


def test_the_texts_are_gathered_under_the_outline(client_for, filled):
    html = client_for("compiler").get(
        "/consolidation/narratives/?form=BC-C&period=2026-10&unit=TAYHO").content.decode()
    assert "I. Kết quả" in html and "Phường Bưởi hoàn thành" in html
    assert "Phường Bưởi" in html


@pytest.mark.parametrize(("period", "fragment"), [
    ("0001-01-01..9999-12-31", "từ 1900 đến 2999"),
    ("2026-01-01..2040-12-31", "tối đa 10 năm"),
    ("2026-02-30..2026-03-01", "không có thật"),
    ("2026-13", "không phải kỳ báo cáo"),
])
def test_a_bad_period_is_refused_with_the_reason(client_for, filled, period, fragment):
    for page in ("/consolidation/", "/consolidation/narratives/",
                 "/consolidation/indicators/YT01/"):
        response = client_for("compiler").get(page, {"form": "BC-C", "period": period})
        assert response.status_code == 400, page
        assert fragment in response.content.decode(), page


def test_the_units_missing_are_named_not_only_counted(client_for, collection, users):
    """The count opens to the names (they were in a title, which a phone never shows)."""
    fill(collection["submission"], users["reporter"], YT01="2.000", YT02="1.800")
    sent(collection["submission"])
    html = client_for("compiler").get(url()).content.decode()
    assert re.search(r'<details class="missing-units"><summary>1<span class="visually-hidden">'
                     r' đơn vị chưa có số liệu</span></summary>Phường Nhật Tân</details>', html)
