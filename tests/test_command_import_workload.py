"""baocao import workload FILE.csv: each unit's documents handled and records filed per period;
all or nothing, errors by line in Vietnamese; twice changes nothing."""

import pytest
from django.core.management import CommandError, call_command

from baocao.quality.models import WorkloadCount

HEADER = "unit,period,documents_received,documents_handled,records_filed\n"


def test_it_imports_then_changes_nothing(tmp_path, tree, capsys):
    path = tmp_path / "w.csv"
    path.write_text(HEADER + "TAYHO-YT,2026-10,120,118,15\nTAYHO-VP,2026-10,300,290,40\n",
                    encoding="utf-8")
    call_command("import", "workload", str(path))
    assert "2 tạo mới" in capsys.readouterr().out
    assert WorkloadCount.objects.get(unit__code="TAYHO-YT").source == "imported"
    call_command("import", "workload", str(path))
    assert "2 không đổi" in capsys.readouterr().out


def test_one_bad_line_imports_nothing(tmp_path, tree, capsys):
    path = tmp_path / "w.csv"
    path.write_text(HEADER + "TAYHO-YT,2026-10,120,118,15\nNOPE,2026-10,1,1,1\n"
                    "TAYHO-VP,2026-10,10,11,1\nTAYHO-YT,2026-10,1,1,1\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", "workload", str(path))
    errors = capsys.readouterr().err
    assert "Dòng 3" in errors and "Dòng 4" in errors and "Dòng 5" in errors
    assert not WorkloadCount.objects.exists()


def test_a_dry_run_writes_nothing(tmp_path, tree, capsys):
    path = tmp_path / "w.csv"
    path.write_text(HEADER + "TAYHO-YT,2026-10,120,118,15\n", encoding="utf-8")
    call_command("import", "workload", str(path), "--dry-run")
    assert "1 tạo mới" in capsys.readouterr().out and not WorkloadCount.objects.exists()
