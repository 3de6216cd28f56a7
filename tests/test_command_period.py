"""baocao period show PERIOD [--regime CODE] [--json]"""

import json

import pytest
from django.core.management import CommandError, call_command


def show(capsys, *args):
    call_command("period", "show", *args)
    return capsys.readouterr().out


def test_nine_months_for_the_monthly_regime(builtins, capsys):
    out = show(capsys, "2026-9M")
    assert "9 tháng năm 2026" in out
    assert "2026-01, 2026-02" in out and "2026-09" in out
    assert "15/12/2025 – 14/09/2026" in out
    assert "21/09/2026" in out and "20/09/2026 là ngày nghỉ: Chủ nhật" in out
    assert "23/09/2026" in out


def test_tet_moves_the_due_date(builtins, capsys):
    out = show(capsys, "2026-02")
    assert "23/02/2026" in out and "Tết" in out


def test_json_and_dhis2_periods(builtins, capsys):
    data = json.loads(show(capsys, "2026Q3", "--regime", "periodic", "--json"))
    assert data["period"] == "2026-Q3" and data["dhis2"] == "2026Q3"
    assert data["cutoff_start"] == "2026-06-15" and data["cutoff_end"] == "2026-09-14"
    assert data["previous"] == "2026-Q2" and data["same_period_last_year"] == "2025-Q3"


def test_a_bad_period_is_refused_in_vietnamese(builtins):
    with pytest.raises(CommandError, match="không phải kỳ báo cáo"):
        call_command("period", "show", "2026-13")


def test_an_unknown_regime_is_refused(builtins):
    with pytest.raises(CommandError, match="khongco"):
        call_command("period", "show", "2026-10", "--regime", "khongco")
