"""Numbers out of bounds: refused at every door before the database, and a value already stored
out of range (written by raw SQL, or by an older version) takes no page down.

On SQLite a value of 10^18 in a (24, 6) column used to make every page that read its row answer
500 (Django's converter quantized it in a 24-digit context), and sums of such values overflowed
SQLite's integers or Python's default 28-digit context.  PostgreSQL refuses 10^18 in the column
itself, so there the stored value is the largest the column holds.
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import load_workbook

from baocao.collection import submissions
from baocao.collection.models import DataValue, Submission
from baocao.consolidation import rollups

from .conftest import fill

HUGE = Decimal(10) ** 18


def stored_huge() -> Decimal:
    """A value beyond the bound that this database's column keeps: on SQLite (which keeps
    anything) one whose sum over two units passes 2^63; on PostgreSQL the largest a (24, 6)
    column holds."""
    return 5 * HUGE if connection.vendor == "sqlite" else HUGE - 1


def cell(client, collection, indicator, value, column="actual", revision="0"):
    return client.post(f"/rounds/submissions/{collection['submission'].pk}/cell/", {
        "indicator": indicator.pk, "column": column, "value": value, "revision": revision},
        HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("typed", ["1.000.000.000.000.000.000", "1000000000000000",
                                   "-1000000000000000", "999999999999999999999999999999"])
def test_a_typed_number_of_ten_to_the_fifteen_or_more_is_refused_at_the_cell(
        client_for, collection, typed):
    response = cell(client_for("reporter"), collection, collection["yt"]["YT01"], typed)
    html = response.content.decode()
    assert response.status_code == 200 and "has-error" in html and "quá lớn" in html
    assert not DataValue.objects.exists()


def test_the_largest_number_below_the_bound_is_kept(client_for, collection):
    cell(client_for("reporter"), collection, collection["yt"]["YT01"], "999.999.999.999.999")
    assert DataValue.objects.get().value == Decimal("999999999999999")


def test_an_indicators_smallest_and_largest_value_are_kept_to(client_for, collection):
    an04 = collection["an04"]
    an04.minimum, an04.maximum = Decimal(2), Decimal(50)
    an04.save()
    client = client_for("reporter")
    assert "phải từ 2 trở lên" in cell(client, collection, an04, "1").content.decode()
    assert "không được lớn hơn 50" in cell(client, collection, an04, "51").content.decode()
    assert not DataValue.objects.exists()
    cell(client, collection, an04, "50")
    assert DataValue.objects.get().value == 50


def test_more_decimals_than_the_indicator_allows_are_refused(client_for, collection):
    yt01 = collection["yt"]["YT01"]
    yt01.value_type, yt01.decimals = "number", 2
    yt01.save()
    html = cell(client_for("reporter"), collection, yt01, "12,345").content.decode()
    assert "tối đa 2 chữ số thập phân" in html and not DataValue.objects.exists()


def test_the_excel_upload_refuses_a_huge_number_at_its_cell(client_for, collection):
    client = client_for("reporter")
    url = f"/rounds/submissions/{collection['submission'].pk}/"
    wb = load_workbook(io.BytesIO(client.get(url + "template.xlsx").content))
    wb["Biểu 1"]["D7"] = 10 ** 18
    wb["Biểu 1"]["D8"] = 1e20
    out = io.BytesIO()
    wb.save(out)
    html = client.post(url + "upload", {"file": SimpleUploadedFile("b.xlsx", out.getvalue())},
                       follow=True).content.decode()
    assert "Biểu 1!D7 (YT01)" in html and "Biểu 1!D8 (YT02)" in html and "quá lớn" in html
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("value", ["1000000000000000000", "1e18", "NaN", "Infinity", "1e99999"])
def test_the_dhis2_import_refuses_a_huge_number_or_what_is_not_one(collection, tmp_path,
                                                                   capsys, value):
    path = tmp_path / "v.json"
    path.write_text(json.dumps({"dataValues": [
        {"dataElement": "YT01", "period": "202610", "orgUnit": "TAYHO-BUOI", "value": value}]}))
    with pytest.raises(CommandError):
        call_command("import", "values", str(path))
    assert "Giá trị 1:" in capsys.readouterr().err  # the value set's first value, named
    assert not DataValue.objects.exists()


@pytest.fixture
def huge(collection, users):
    """Our ward's YT01, AN04 and AN05 (averaged over time) beyond the bound in the database,
    written past every check; the other ward's too (so that sums overflow what SQLite's
    integers hold, and averages Python's default 28 digits)."""
    an05 = collection["an05"]
    an05.time_aggregation = "average"
    an05.save()
    fill(collection["submission"], users["reporter"], YT01="100", YT02="90", AN04="1", AN05="1")
    fill(collection["other"], users["other_reporter"], YT01="100", AN04="1", AN05="1")
    DataValue.objects.filter(indicator__code__in=["YT01", "AN04", "AN05"]).update(
        value=stored_huge(), official=True)  # as if imported: official, counted everywhere
    rollups.rebuild()  # what `baocao rollup` does after values were written by SQL
    return collection


def test_a_stored_huge_value_reads_back(huge):
    assert DataValue.objects.filter(indicator__code="YT01").first().value == stored_huge()


@pytest.mark.parametrize("page", ["", "template.xlsx"])
def test_the_units_pages_still_open_and_name_the_value(client_for, huge, page):
    response = client_for("reporter").get(
        f"/rounds/submissions/{huge['submission'].pk}/{page}")
    assert response.status_code == 200
    if not page:
        assert "quá lớn" in response.content.decode()


def test_its_approval_is_refused_with_the_reason(client_for, huge):
    response = client_for("head").post(
        f"/rounds/submissions/{huge['submission'].pk}/approve/", follow=True)
    assert response.status_code == 200 and "quá lớn" in response.content.decode()
    assert Submission.objects.get(pk=huge["submission"].pk).state == "draft"


def test_typing_over_it_repairs_it(client_for, huge, users):
    yt01 = huge["yt"]["YT01"]
    value = DataValue.objects.get(indicator=yt01, unit=huge["submission"].unit)
    response = cell(client_for("reporter"), huge, yt01, "120", revision=str(value.revision))
    assert response.status_code == 200
    value.refresh_from_db()
    assert value.value == 120


@pytest.mark.parametrize("page", [
    "/consolidation/?form=BC-C&period=2026-10&unit=TAYHO",
    "/consolidation/?form=BC-C&period=2026-10&unit=TAYHO-BUOI",
    "/consolidation/indicators/YT01/?period=2026-10&unit=TAYHO",
    "/consolidation/indicators/AN04/?period=2026-10&unit=TAYHO",
    "/consolidation/indicators/AN05/?period=2026-10&unit=TAYHO",
    "/consolidation/narratives/?form=BC-C&period=2026-10",
])
def test_the_consolidated_pages_still_open(client_for, huge, page):
    assert client_for("compiler").get(page).status_code == 200


def test_the_round_pages_still_open(client_for, huge):
    client = client_for("compiler")
    for suffix in ("", "xlsx/", "promises/"):
        assert client.get(f"/rounds/{huge['round'].pk}/{suffix}").status_code == 200, suffix


def test_export_and_consolidate_still_answer(huge, capsys):
    call_command("export", "values", "--period", "2026-10")
    assert format(stored_huge(), "f") in capsys.readouterr().out
    call_command("consolidate", "--form", "BC-C", "--period", "2026-10", "--format", "json")
    figures = {f["indicator"]: f for f in json.loads(capsys.readouterr().out)}
    assert figures["AN04"]["actual"] == pytest.approx(float(2 * stored_huge()))
    assert figures["AN05"]["actual"] == pytest.approx(float(2 * stored_huge()))  # sum of units


def test_the_rollups_check_still_answers(huge, capsys):
    call_command("rollup", "--check")
    assert "khớp" in capsys.readouterr().out


def test_a_draft_is_still_built(huge, users):
    from baocao.drafting import building

    submissions.save_text(huge["submission"], huge["results"], "<p>x</p>", users["reporter"])
    draft = building.draft_from_round(huge["round"], users["compiler"],
                                      unsent_reason="Thử số liệu lớn")
    assert draft.pk
