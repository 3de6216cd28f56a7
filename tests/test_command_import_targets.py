"""baocao import targets FILE.csv"""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from baocao.catalogue.models import Target


def run(tmp_path, text, *args):
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import", "targets", str(path), *args)


GOOD = ("indicator,unit,year,value\n"
        "YT02,TAYHO-BUOI,2026,9500\n"
        "YT02,TAYHO,2026,158000\n"
        "YT03,TAYHO,2026,\"95,5\"\n")


def test_it_imports_and_twice_gives_the_same(catalogue, tmp_path, capsys):
    run(tmp_path, GOOD)
    assert Target.objects.get(indicator__code="YT02", unit__code="TAYHO-BUOI").value == 9500
    assert Target.objects.get(indicator__code="YT03", unit__code="TAYHO").value == \
        Decimal("95.5")
    before = sorted(Target.objects.values_list("indicator__code", "unit__code", "year", "value"))
    run(tmp_path, GOOD)
    assert "0 tạo mới, 0 cập nhật, 3 không đổi" in capsys.readouterr().out
    assert sorted(Target.objects.values_list("indicator__code", "unit__code", "year",
                                             "value")) == before


def test_a_proposed_target_is_kept_apart(catalogue, tmp_path):
    run(tmp_path, "indicator,unit,year,value,kind\nYT02,TAYHO-BUOI,2027,9800,proposed\n")
    assert Target.objects.get(year=2027).kind == "proposed"


@pytest.mark.parametrize(("row", "fragment"), [
    ("KHONGCO,TAYHO,2026,1", "KHONGCO"),
    ("YT02,KHONGCO,2026,1", "KHONGCO"),
    ("YT02,TAYHO,năm,1", "năm"),
    ("YT02,TAYHO,2026,1.234.5", "1.234.5"),
    ("YT02,TAYHO,2026,", "không phải số"),
    ("YT02,TAYHO-BUOI,2026,1", "dòng 2"),
    ("YT02,TAYHO,2026,1,plan", "nhiều ô"),
    ("YT03,TAYHO-BUOI,2026,95.55", "tối đa 1 chữ số thập phân"),
    ("YT02,TAYHO-BUOI,2027,\"12,5\"", "phải là số nguyên"),
    ("YT03,TAYHO-BUOI,2026,101", "từ 0 đến 100"),
    ("YT02,TAYHO-BUOI,2027,-1", "số âm"),
    ("YT02,TAYHO-BUOI,2027,1000000000000000000", "quá lớn"),
])
def test_a_bad_file_is_rejected_whole(catalogue, tmp_path, capsys, row, fragment):
    before = list(Target.objects.values_list("pk", "value"))
    with pytest.raises(CommandError):
        run(tmp_path, GOOD + row + "\n")
    err = capsys.readouterr().err
    assert "Dòng 5" in err and fragment in err
    assert list(Target.objects.values_list("pk", "value")) == before


def test_dry_run_reports_what_the_real_run_does_and_writes_nothing(catalogue, tmp_path,
                                                                     capsys):
    from baocao.audit.models import Event
    from baocao.consolidation.models import RollupTarget

    run(tmp_path, GOOD)
    changed = GOOD.replace("9500", "9600") + "YT01,TAYHO-BUOI,2026,12000\n"
    capsys.readouterr()

    def snapshot():
        return (sorted(Target.objects.values_list("indicator__code", "unit__code", "year",
                                                  "value")),
                sorted(RollupTarget.objects.values_list("indicator_id", "unit_id", "value")),
                Event.objects.count())

    before = snapshot()
    run(tmp_path, changed, "--dry-run")
    dry = capsys.readouterr().out
    assert snapshot() == before
    run(tmp_path, changed)
    real = capsys.readouterr().out
    assert snapshot() != before
    assert dry.strip() == "Chạy thử, không ghi gì: " + real.strip()
    assert "1 tạo mới, 1 cập nhật, 2 không đổi" in real


def test_the_record_of_an_imported_target_reads_its_value_plainly(catalogue, tmp_path):
    """The audit's name of a target said "7.8E+2" for 780 (Decimal.normalize's exponent)."""
    from baocao.audit.models import Event

    run(tmp_path, "indicator,unit,year,value\nYT02,TAYHO-BUOI,2026,780\n"
                  "YT03,TAYHO,2026,\"90,50\"\n")
    names = set(Event.objects.filter(object_repr__startswith="YT0")
                .values_list("object_repr", flat=True))
    assert names == {"YT02 · TAYHO-BUOI · 2026: 780", "YT03 · TAYHO · 2026: 90.5"}
