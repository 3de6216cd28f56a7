"""baocao import units FILE.csv"""

import pytest
from django.core.management import CommandError, call_command

from baocao.audit.models import Event
from baocao.organisation.models import OrgUnit

GOOD = """code,name,kind,parent_code
HN,Thành phố Hà Nội,province,
TH,Quận Tây Hồ,district,HN
TH-BUOI,Phường Bưởi,ward,TH
TH-VP,Văn phòng HĐND và UBND,office,TH
"""


def write(tmp_path, text, name="units.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def run(path, *args):
    call_command("import", "units", path, *args)


def snapshot():
    return sorted(OrgUnit.objects.values_list("code", "name", "kind", "parent__code", "path"))


def test_it_imports_a_good_file(db, tmp_path, capsys):
    run(write(tmp_path, GOOD))
    assert "4" in capsys.readouterr().out
    buoi = OrgUnit.objects.get(code="TH-BUOI")
    assert buoi.name == "Phường Bưởi" and buoi.parent.code == "TH" and buoi.depth == 2
    assert Event.objects.filter(action="orgunit.create").count() == 4


def test_importing_twice_gives_the_same_result(db, tmp_path):
    path = write(tmp_path, GOOD)
    run(path)
    before, events = snapshot(), Event.objects.count()
    run(path)
    assert snapshot() == before
    assert Event.objects.count() == events


def test_it_updates_and_moves_units(db, tmp_path):
    run(write(tmp_path, GOOD))
    run(write(tmp_path, "code,name,kind,parent_code\nTH-BUOI,Phường Bưởi mới,ward,HN\n", "b.csv"))
    buoi = OrgUnit.objects.get(code="TH-BUOI")
    assert buoi.name == "Phường Bưởi mới" and buoi.parent.code == "HN" and buoi.depth == 1
    event = Event.objects.get(action="orgunit.update")
    assert event.details["changes"]["name"] == ["Phường Bưởi", "Phường Bưởi mới"]


def test_parents_may_come_after_children_in_the_file(db, tmp_path):
    run(write(tmp_path, "code,name,kind,parent_code\nW,Phường A,ward,D\nD,Quận B,district,\n"))
    assert OrgUnit.objects.get(code="W").parent.code == "D"


def test_a_byte_order_mark_and_ended_units_are_accepted(db, tmp_path):
    text = "code,name,kind,parent_code,active_from,active_to\nD,Quận B,district,,,30/06/2025\n"
    run(write(tmp_path, text, encoding="utf-8-sig"))
    assert str(OrgUnit.objects.get(code="D").active_to) == "2025-06-30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD + "TH-X,Phường X,village,TH\n", "Dòng 6"),
        (GOOD + "TH-X,Phường X,ward,KHONGCO\n", "Dòng 6"),
        (GOOD + "TH-BUOI,Trùng mã,ward,TH\n", "Dòng 6"),
        (GOOD + ",Không mã,ward,TH\n", "Dòng 6"),
        (GOOD + "TH-X,,ward,TH\n", "Dòng 6"),
        (GOOD + "A,Đơn vị A,ward,B\nB,Đơn vị B,ward,A\n", "Dòng 6"),
        (GOOD + "TH-X,Phường X,ward,TH,thừa\n", "Dòng 6"),
        ("code,name,kind\nA,B,ward\n", "Dòng 1"),
        ("code,name,kind,parent_code,extra\n", "Dòng 1"),
        (GOOD + "TH-X,Phường X,ward,TH\nTH-Y,Y,ward,TH-Y\n", "Dòng 7"),
    ],
)
def test_a_bad_file_is_rejected_whole_naming_the_line(db, tmp_path, capsys, text, expected):
    with pytest.raises(CommandError):
        run(write(tmp_path, text))
    assert expected in capsys.readouterr().err
    assert OrgUnit.objects.count() == 0
    assert Event.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_bytes(GOOD.encode("cp1258", errors="replace"))
    with pytest.raises(CommandError):
        run(str(path))
    assert "UTF-8" in capsys.readouterr().err
    assert OrgUnit.objects.count() == 0


def test_a_move_that_makes_a_cycle_with_existing_units_is_refused(db, tmp_path, capsys):
    run(write(tmp_path, GOOD))
    text = "code,name,kind,parent_code\nTH,Quận Tây Hồ,district,TH-BUOI\n"
    with pytest.raises(CommandError):
        run(write(tmp_path, text, "c.csv"))
    assert "Dòng 2" in capsys.readouterr().err
    assert OrgUnit.objects.get(code="TH").parent.code == "HN"


def test_a_too_large_file_is_refused(db, tmp_path, settings, capsys):
    settings.BAOCAO_MAX_IMPORT_BYTES = 50
    with pytest.raises(CommandError):
        run(write(tmp_path, GOOD))
    assert OrgUnit.objects.count() == 0


def test_dry_run_writes_nothing(db, tmp_path, capsys):
    run(write(tmp_path, GOOD), "--dry-run")
    assert OrgUnit.objects.count() == 0
    assert Event.objects.count() == 0
    assert "4" in capsys.readouterr().out


def test_an_unknown_kind_of_import_is_refused(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("import", "nothing", write(tmp_path, GOOD))


def test_dry_run_reports_what_the_real_run_does_and_writes_nothing(db, tmp_path, capsys):
    run(write(tmp_path, GOOD))
    changed = write(tmp_path, GOOD.replace("Phường Bưởi", "Phường Bưởi mới")
                    + "TH-NT,Phường Nhật Tân,ward,TH\n", "changed.csv")
    capsys.readouterr()
    before, events = snapshot(), Event.objects.count()
    run(changed, "--dry-run")
    dry = capsys.readouterr().out
    assert snapshot() == before and Event.objects.count() == events
    run(changed)
    real = capsys.readouterr().out
    assert dry.strip() == "Chạy thử, không ghi gì: " + real.strip()
    assert "1 tạo mới, 1 cập nhật, 3 không đổi" in real
