"""baocao import values FILE / baocao export values --period P"""

import json

import pytest
from django.core.management import CommandError, call_command

from baocao.collection.models import DataValue

from .conftest import fill, sent


def export(capsys, *args):
    call_command("export", "values", *args)
    return capsys.readouterr().out


def test_export_then_import_changes_nothing(collection, users, tmp_path, capsys):
    fill(collection["submission"], users["reporter"], YT01="21.000", YT02="19.500", AN04="2,0")
    fill(collection["other"], users["other_reporter"], YT01="9000")
    from baocao.collection import submissions

    submissions.save_cell(collection["submission"], collection["yt"]["YT01"].pk, "note",
                          "Số liệu công an phường", users["reporter"])
    sent(collection["submission"], collection["other"])
    text = export(capsys, "--period", "202610")
    assert text.splitlines()[0] == ("dataelement,period,orgunit,categoryoptioncombo,"
                                    "attributeoptioncombo,value,storedby,lastupdated,comment,"
                                    "followup")
    assert "YT02,202610,TAYHO-BUOI,default,default,19500" in text
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import", "values", str(path), "--dry-run")
    assert "0 tạo mới, 0 cập nhật, 4 không đổi" in capsys.readouterr().out


def test_json_round_trip_and_unit_filter(collection, users, tmp_path, capsys):
    fill(collection["submission"], users["reporter"], YT01="100")
    fill(collection["other"], users["other_reporter"], YT01="200")
    sent(collection["submission"], collection["other"])
    data = json.loads(export(capsys, "--period", "2026-10", "--unit", "TAYHO-BUOI",
                             "--format", "json"))
    assert [v["orgUnit"] for v in data["dataValues"]] == ["TAYHO-BUOI"]
    data["dataValues"][0]["value"] = "150"
    path = tmp_path / "values.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import", "values", str(path))
    assert DataValue.objects.get(unit__code="TAYHO-BUOI").value == 150


def test_import_creates_values_from_dhis2_periods(collection, tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("dataelement,period,orgunit,value\nYT01,202609,TAYHO-BUOI,120\n"
                    "AN04,2026Q3,TAYHO-BUOI,4\n", encoding="utf-8")
    call_command("import", "values", str(path))
    assert DataValue.objects.get(indicator__code="YT01").period == "2026-09"
    assert DataValue.objects.get(indicator__code="AN04").period_kind == "quarter"


@pytest.mark.parametrize(("row", "fragment"), [
    ("KHONGCO,202610,TAYHO-BUOI,1", "KHONGCO"),
    ("YT01,202613,TAYHO-BUOI,1", "202613"),
    ("YT01,202610,KHONGCO,1", "KHONGCO"),
    ("YT01,202610,TAYHO-BUOI,abc", "abc"),
    ("YT01,202610,TAYHO-BUOI,-4", "số âm"),
    ("YT03,202610,TAYHO-BUOI,50", "công thức"),
])
def test_a_bad_file_changes_nothing(collection, tmp_path, capsys, row, fragment):
    path = tmp_path / "v.csv"
    path.write_text("dataelement,period,orgunit,value\nYT01,202610,TAYHO-BUOI,120\n" + row +
                    "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", "values", str(path))
    err = capsys.readouterr().err
    assert "Dòng 3" in err and fragment in err
    assert not DataValue.objects.exists()


def test_export_refuses_a_bad_period_or_unit(collection):
    with pytest.raises(CommandError):
        call_command("export", "values", "--period", "2026-13")
    with pytest.raises(CommandError):
        call_command("export", "values", "--period", "2026-10", "--unit", "KHONGCO")


def test_dry_run_reports_what_the_real_run_does_and_writes_nothing(collection, users,
                                                                     tmp_path, capsys):
    """It used to stop with TransactionManagementError whenever the file changed anything."""
    from baocao.audit.models import Event
    from baocao.consolidation.models import Rollup

    fill(collection["submission"], users["reporter"], YT01="100", YT02="90")
    path = tmp_path / "v.csv"
    path.write_text("dataelement,period,orgunit,value\nYT01,202610,TAYHO-BUOI,120\n"
                    "YT02,202610,TAYHO-BUOI,90\nAN04,202610,TAYHO-NHATTAN,3\n"
                    "AN04,2026Q3,TAYHO-BUOI,4\n", encoding="utf-8")

    def snapshot():
        return (sorted(DataValue.objects.values_list("indicator__code", "unit__code", "period",
                                                     "value", "revision")),
                sorted(Rollup.objects.values_list("indicator_id", "unit_id", "year", "month",
                                                  "m_sum", "y_sum")),
                Event.objects.count())

    before = snapshot()
    capsys.readouterr()
    call_command("import", "values", str(path), "--dry-run")
    dry = capsys.readouterr().out
    assert snapshot() == before
    call_command("import", "values", str(path))
    real = capsys.readouterr().out
    assert snapshot() != before
    assert dry.strip() == "Chạy thử, không ghi gì: " + real.strip()
    # YT02 is typed alike but was not sent: the import makes it official, an update.
    assert "2 tạo mới, 2 cập nhật, 0 không đổi" in real


def test_only_the_values_of_sent_reports_are_exported_unless_asked(collection, users, capsys):
    """Figures a leader can sign: what a unit is still typing is not the committee's."""
    fill(collection["submission"], users["reporter"], YT01="100")
    fill(collection["other"], users["other_reporter"], YT01="200")
    sent(collection["submission"])
    official = export(capsys, "--period", "2026-10")
    assert "TAYHO-BUOI" in official and "TAYHO-NHATTAN" not in official
    preview = export(capsys, "--period", "2026-10", "--include-unsent")
    assert "TAYHO-BUOI" in preview and "TAYHO-NHATTAN" in preview
