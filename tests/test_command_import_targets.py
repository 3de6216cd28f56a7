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
        "YT02,TAYHO,2026,\"158000,5\"\n"
        "YT03,TAYHO,2026,95.5\n")


def test_it_imports_and_twice_gives_the_same(catalogue, tmp_path, capsys):
    run(tmp_path, GOOD)
    assert Target.objects.get(indicator__code="YT02", unit__code="TAYHO-BUOI").value == 9500
    assert Target.objects.get(indicator__code="YT02", unit__code="TAYHO").value == \
        Decimal("158000.5")
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
])
def test_a_bad_file_is_rejected_whole(catalogue, tmp_path, capsys, row, fragment):
    before = list(Target.objects.values_list("pk", "value"))
    with pytest.raises(CommandError):
        run(tmp_path, GOOD + row + "\n")
    err = capsys.readouterr().err
    assert "Dòng 5" in err and fragment in err
    assert list(Target.objects.values_list("pk", "value")) == before
