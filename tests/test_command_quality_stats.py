"""baocao quality stats --unit CODE --period P [--json]"""

import json

import pytest
from django.core.management import CommandError, call_command

from baocao.quality import registers, stats

from .conftest import last_month


def run(capsys, *args) -> str:
    call_command("quality", "stats", *args)
    return capsys.readouterr().out


def test_json_gives_every_figure_as_the_page(capsys, tree, users, quality_form):
    period = last_month()
    registers.save_workload(unit=tree["department"], period_text=str(period),
                            documents_received=1500, documents_handled=1234, records_filed=7,
                            actor=users["department_reporter"])
    data = json.loads(run(capsys, "--unit", "TAYHO-YT", "--period", str(period), "--json"))
    assert (data["unit"], data["period"], data["period_label"]) == ("TAYHO-YT", str(period),
                                                                    period.label())
    by_key = {f["key"]: f["value"] for f in data["figures"]}
    assert by_key["documents_handled"] == 1234 and by_key["records_filed"] == 7
    assert by_key["satisfaction_percent"] is None
    values = stats.compute(tree["department"], period)
    assert by_key == {f.key: stats.rounded(f, values[f.key]) for f in stats.FIGURES}


def test_with_no_data_it_gives_zeros(capsys, tree, quality_form):
    data = json.loads(run(capsys, "--unit", "TAYHO", "--period", "2026-Q3", "--json"))
    assert len(data["figures"]) == 20
    assert all(f["value"] == 0 for f in data["figures"] if f["unit_of_measure"] != "%")
    text = run(capsys, "--unit", "TAYHO", "--period", "2026")
    assert "QL13" in text and "Văn bản đến đã xử lý" in text and "Năm 2026" in text


def test_unknown_unit_or_period(tree, quality_form):
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("quality", "stats", "--unit", "NOPE", "--period", "2026-10")
    with pytest.raises(CommandError, match="không phải kỳ báo cáo"):
        call_command("quality", "stats", "--unit", "TAYHO", "--period", "tháng 10")
