"""The Tây Hồ demo: the district of the seed, its eight wards, its office, planning department
and departments, and one person for every role.  Loading it twice changes nothing."""

from pathlib import Path

from django.db import transaction

from baocao.audit.log import save_and_record

from ..imports import import_units
from ..models import Membership, OrgUnit, Role, User

DEMO_PASSWORD = "TayHo@2026"
UNITS_CSV = Path(__file__).with_name("units.csv")

# (user name, full name, role, unit code, position)
PEOPLE = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, "TAYHO", "Quản trị viên"),
    ("chutich", "Nguyễn Quang Hiếu", Role.LEADER, "TAYHO", "Chủ tịch"),
    ("phochutich1", "Lê Thị Thu Hằng", Role.LEADER, "TAYHO", "Phó Chủ tịch"),
    ("phochutich2", "Trần Anh Tuấn", Role.LEADER, "TAYHO", "Phó Chủ tịch"),
    ("uyvien.congan", "Đỗ Văn Khánh", Role.COMMITTEE_MEMBER, "TAYHO",
     "Ủy viên UBND, Trưởng Công an quận"),
    ("uyvien.quansu", "Phạm Minh Đức", Role.COMMITTEE_MEMBER, "TAYHO",
     "Ủy viên UBND, Chỉ huy trưởng Ban Chỉ huy Quân sự quận"),
    ("chanhvanphong", "Vũ Thị Lan", Role.HEAD, "TAYHO-VP", "Chánh Văn phòng"),
    ("tonghop", "Ngô Thanh Hương", Role.COMPILER, "TAYHO-VP", "Chuyên viên tổng hợp"),
    ("vanthu", "Bùi Thị Mai", Role.CLERK, "TAYHO-VP", "Văn thư"),
    ("truongphong.tckh", "Hoàng Văn Nam", Role.HEAD, "TAYHO-TCKH", "Trưởng phòng"),
    ("tonghop.tckh", "Đinh Thị Yến", Role.COMPILER, "TAYHO-TCKH", "Chuyên viên tổng hợp"),
    ("qmr", "Lê Thị Thu Hằng (QMR)", Role.QMR, "TAYHO",
     "Phó Chủ tịch, Đại diện lãnh đạo về chất lượng"),
    ("thuky.iso", "Phan Thị Ngọc", Role.ISO_SECRETARY, "TAYHO-VP", "Thư ký ban ISO"),
]

# Each ward and department has a reporter (<slug>.baocao) and a head (<slug>.truong).
REPORTING_UNITS = {
    "TAYHO-BUOI": "buoi", "TAYHO-NHATTAN": "nhattan", "TAYHO-PHUTHUONG": "phuthuong",
    "TAYHO-QUANGAN": "quangan", "TAYHO-THUYKHUE": "thuykhue", "TAYHO-TULIEN": "tulien",
    "TAYHO-XUANLA": "xuanla", "TAYHO-YENPHU": "yenphu",
    "TAYHO-NV": "noivu", "TAYHO-TP": "tuphap", "TAYHO-KT": "kinhte", "TAYHO-QLDT": "qldt",
    "TAYHO-VHTT": "vhtt", "TAYHO-GDDT": "gddt", "TAYHO-YT": "yte", "TAYHO-LDTBXH": "ldtbxh",
    "TAYHO-TNMT": "tnmt", "TAYHO-CA": "congan", "TAYHO-QS": "quansu",
}


def people() -> list[tuple[str, str, str, str, str]]:
    units = dict(OrgUnit.objects.filter(code__in=REPORTING_UNITS).values_list("code", "name"))
    rows = list(PEOPLE)
    for code, slug in REPORTING_UNITS.items():
        name = units.get(code, code)
        is_ward = code != "TAYHO" and name.startswith("Phường")
        rows.append((f"{slug}.baocao", f"Cán bộ báo cáo {name}", Role.REPORTER, code,
                     "Công chức" if is_ward else "Chuyên viên"))
        rows.append((f"{slug}.truong", f"Lãnh đạo {name}", Role.HEAD, code,
                     "Chủ tịch UBND phường" if is_ward else "Trưởng phòng"))
    return rows


def load_units_and_people(stdout=None) -> list[tuple[str, str, str]]:
    """Load the unit tree and the demo people; return (user name, role, unit) for the logins."""
    result = import_units(UNITS_CSV, filename="demo/units.csv")
    if result.errors:
        raise RuntimeError("\n".join(result.errors))
    logins = []
    with transaction.atomic():
        units = {u.code: u for u in OrgUnit.objects.all()}
        for username, full_name, role, code, position in people():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name,
                            email=f"{username}@tayho.demo.baocao.vn")
                user.set_password(DEMO_PASSWORD)
                save_and_record(user, via="demo")
            membership = Membership.objects.filter(user=user, unit=units[code], role=role).first()
            if membership is None:
                save_and_record(
                    Membership(user=user, unit=units[code], role=role, position=position),
                    via="demo",
                )
            logins.append((username, str(Role(role).label), units[code].name))
    enrol_second_factors()
    return logins


def enrol_second_factors() -> list[tuple[str, str]]:
    """Enrol every demo person who needs a second factor with their fixed TOTP secret (demo
    only: `baocao demo` prints them, and `oathtool --totp -b SECRET` gives the code)."""
    from .. import access, second_factor

    secrets = []
    for user in User.objects.filter(username__in=[p[0] for p in people()]).order_by("pk"):
        if access.needs_second_factor(user):
            secrets.append((user.username, second_factor.enrol_demo(user)))
    return secrets
