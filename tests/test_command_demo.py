"""baocao demo --no-serve"""

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from baocao.audit.log import verify
from baocao.audit.models import Event
from baocao.organisation.demo import DEMO_PASSWORD
from baocao.organisation.models import Membership, OrgUnit, Role, User

WARDS = ["Bưởi", "Nhật Tân", "Phú Thượng", "Quảng An", "Thụy Khuê", "Tứ Liên", "Xuân La", "Yên Phụ"]


def state():
    return (
        sorted(OrgUnit.objects.values_list("code", "name", "kind", "path")),
        sorted(User.objects.values_list("username", "full_name", "password")),
        sorted(Membership.objects.values_list("user__username", "unit__code", "role")),
        Event.objects.count(),
    )


def test_the_demo_loads_tay_ho_and_loading_twice_changes_nothing(transactional_db, capsys):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "tonghop" in out
    wards = set(OrgUnit.objects.filter(kind="ward").values_list("name", flat=True))
    assert wards == {f"Phường {w}" for w in WARDS}
    assert OrgUnit.objects.get(kind="office").name.startswith("Văn phòng HĐND và UBND")
    assert OrgUnit.objects.filter(kind="planning_department").count() == 1
    for role in Role:
        assert Membership.objects.filter(role=role).exists(), role
    for unit in OrgUnit.objects.filter(kind__in=["ward", "department"]):
        assert set(unit.memberships.values_list("role", flat=True)) >= {"reporter", "head"}
    assert Membership.objects.filter(role="leader").count() == 3

    before = state()
    call_command("demo", "--no-serve")
    assert state() == before
    assert verify().ok


def test_the_printed_logins_work(transactional_db, settings):
    call_command("demo", "--no-serve")
    request = RequestFactory().post("/login/")
    assert authenticate(request, username="tonghop", password=DEMO_PASSWORD) is not None
