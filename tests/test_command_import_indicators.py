"""baocao import indicators FILE.csv"""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from baocao.audit.models import Event
from baocao.catalogue.models import Indicator

HEADER = ("code,name,sector,family,unit_of_measure,value_type,decimals,aggregation,"
          "time_aggregation,direction,formula\n")
GOOD = HEADER + (
    "YT01,Dân số,health,socio_economic,người,integer,0,sum,last,higher,\n"
    "YT02,Người có bảo hiểm y tế,health,socio_economic,người,integer,0,sum,last,higher,\n"
    "YT03,Tỷ lệ bao phủ bảo hiểm y tế,health,socio_economic,%,percent,1,none,last,higher,"
    "100 * YT02 / YT01\n"
    "AN04,Vụ tai nạn giao thông,security,security_defence,vụ,integer,0,sum,sum,lower,\n"
)


def run(tmp_path, text, *args):
    path = tmp_path / "indicators.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import", "indicators", str(path), *args)


def snapshot():
    return sorted(Indicator.objects.values_list(
        "code", "name", "sector__code", "family", "unit_of_measure", "value_type", "decimals",
        "aggregation", "time_aggregation", "direction", "formula"))


def test_it_imports_a_good_file_and_twice_gives_the_same(db, tmp_path):
    run(tmp_path, GOOD)
    yt03 = Indicator.objects.get(code="YT03")
    assert yt03.formula == "100 * YT02 / YT01" and yt03.is_derived and yt03.decimals == 1
    assert Indicator.objects.get(code="AN04").direction == "lower"
    before, events = snapshot(), Event.objects.count()
    run(tmp_path, GOOD)
    assert snapshot() == before and Event.objects.count() == events


def test_a_formula_may_name_indicators_later_in_the_file(db, tmp_path):
    run(tmp_path, HEADER + "R,Tỷ lệ,health,,%,percent,1,none,sum,higher,100 * A / B\n"
        "A,Tử số,health,,,number,0,sum,sum,higher,\nB,Mẫu số,health,,,number,0,sum,sum,higher,\n")
    assert Indicator.objects.get(code="R").family == "socio_economic"  # the sector's family


@pytest.mark.parametrize(("extra", "fragment"), [
    ("X1,Tên,khongco,socio_economic,,number,0,sum,sum,higher,\n", "khongco"),
    ("X1,Tên,health,socio_economic,,number,0,sum,sum,higher,100 * YT02 / KHONGCO\n", "KHONGCO"),
    ("X1,Tên,health,socio_economic,,number,0,sum,sum,higher,100 * (YT02\n", "ngoặc"),
    ("X1,Tên,health,socio_economic,,number,0,sum,sum,higher,X1 + 1\n", "chính nó"),
    ("X1,Tên,health,socio_economic,,number,9,sum,sum,higher,\n", "decimals"),
    ("X1,Tên,health,socio_economic,,float,0,sum,sum,higher,\n", "value_type"),
    ("X1,Tên,health,socio_economic,,number,0,total,sum,higher,\n", "aggregation"),
    ("1X,Tên,health,socio_economic,,number,0,sum,sum,higher,\n", "1X"),
    ("YT01,Trùng,health,socio_economic,,number,0,sum,sum,higher,\n", "dòng 2"),
    ("C1,Vòng 1,health,,,number,0,sum,sum,higher,C2 + 1\n"
     "C2,Vòng 2,health,,,number,0,sum,sum,higher,C1 + 1\n", "vòng"),
])
def test_a_bad_file_is_rejected_whole(db, tmp_path, capsys, extra, fragment):
    shipped = set(Indicator.objects.values_list("code", flat=True))  # BM.07.01's, by migration
    with pytest.raises(CommandError):
        run(tmp_path, GOOD + extra)
    err = capsys.readouterr().err
    assert "Dòng 6" in err and fragment in err
    assert set(Indicator.objects.values_list("code", flat=True)) == shipped
    assert not Event.objects.exists()


def test_a_cycle_with_indicators_already_known_is_refused(db, tmp_path, capsys):
    run(tmp_path, HEADER + "A,A,health,,,number,0,sum,sum,higher,\n"
        "B,B,health,,,number,0,sum,sum,higher,A + 1\n")
    with pytest.raises(CommandError):
        run(tmp_path, HEADER + "A,A,health,,,number,0,sum,sum,higher,B * 2\n")
    assert "vòng" in capsys.readouterr().err
    assert Indicator.objects.get(code="A").formula == ""


def test_the_header_is_checked(db, tmp_path, capsys):
    with pytest.raises(CommandError):
        run(tmp_path, "code,name,sector\nA,B,health\n")
    assert "Dòng 1" in capsys.readouterr().err


def test_dry_run_reports_what_the_real_run_does_and_writes_nothing(db, tmp_path, capsys):
    run(tmp_path, GOOD)
    changed = GOOD.replace("Dân số,", "Dân số trung bình,") + (
        "AN05,Người chết do tai nạn giao thông,security,,người,integer,0,sum,sum,lower,\n")
    capsys.readouterr()
    before, events = snapshot(), Event.objects.count()
    run(tmp_path, changed, "--dry-run")
    dry = capsys.readouterr().out
    assert snapshot() == before and Event.objects.count() == events
    run(tmp_path, changed)
    real = capsys.readouterr().out
    assert dry.strip() == "Chạy thử, không ghi gì: " + real.strip()
    assert "1 tạo mới, 1 cập nhật, 3 không đổi" in real


def test_the_optional_columns_give_bounds_and_the_comparison(db, tmp_path):
    run(tmp_path, HEADER.strip() + ",minimum,maximum,comparison\n"
        "TT01,Tốc độ tăng trưởng,economy,,%,percent,1,none,sum,higher,,-50,\"200,5\",points\n"
        "TT02,Số hộ,economy,,hộ,integer,0,sum,sum,higher,,,,\n")
    growth, households = Indicator.objects.get(code="TT01"), Indicator.objects.get(code="TT02")
    assert (growth.minimum, growth.maximum, growth.comparison) == (-50, Decimal("200.5"),
                                                                   "points")
    assert (households.minimum, households.maximum, households.comparison) == (None, None,
                                                                               "auto")


def test_a_file_without_the_optional_columns_leaves_them_as_they_are(db, tmp_path):
    run(tmp_path, GOOD)
    Indicator.objects.filter(code="AN04").update(maximum=50, comparison="percent")
    run(tmp_path, GOOD.replace("Vụ tai nạn giao thông", "Số vụ tai nạn giao thông"))
    an04 = Indicator.objects.get(code="AN04")
    assert an04.name == "Số vụ tai nạn giao thông"
    assert (an04.maximum, an04.comparison) == (50, "percent")


@pytest.mark.parametrize(("cells", "fragment"), [
    ("abc,,", "minimum \"abc\""),
    (",1e20,", "maximum \"1e20\""),
    (",1000000000000000,", "quá lớn"),
    ("10,5,", "nhỏ hơn giá trị nhỏ nhất"),
    (",,sometimes", "comparison"),
])
def test_bad_optional_columns_are_refused(db, tmp_path, capsys, cells, fragment):
    with pytest.raises(CommandError):
        run(tmp_path, HEADER.strip() + ",minimum,maximum,comparison\n"
            f"TT01,Tên,economy,,,number,0,sum,sum,higher,,{cells}\n")
    err = capsys.readouterr().err
    assert "Dòng 2" in err and fragment in err
    assert not Indicator.objects.filter(code="TT01").exists()
