"""Shared fixtures: a small committee tree and one user per role.

    committee TAYHO (district)
    ├── TAYHO-VP     office              clerk, compiler, iso_secretary, head (office head)
    ├── TAYHO-TCKH   planning department head, compiler
    ├── TAYHO-YT     department          reporter, head
    ├── TAYHO-BUOI   ward                reporter, head            ← "our ward"
    └── TAYHO-NHATTAN ward               reporter                  ← "another ward"
    leader, committee_member, qmr, admin hold their roles at TAYHO; `outsider` holds none.
"""

import pytest
from django.test import Client

from baocao.organisation.models import Kind, Membership, OrgUnit, Role, User

PASSWORD = "Mat-khau-thu-2026"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is the real hasher (tested in test_settings.py); tests use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_unit(code, name, kind, parent=None, **extra):
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, **extra)
    unit.save()
    return unit


@pytest.fixture
def tree(db):
    committee = make_unit("TAYHO", "Quận Tây Hồ", Kind.DISTRICT)
    units = {
        "committee": committee,
        "office": make_unit("TAYHO-VP", "Văn phòng HĐND và UBND", Kind.OFFICE, committee),
        "planning": make_unit(
            "TAYHO-TCKH", "Phòng Tài chính - Kế hoạch", Kind.PLANNING_DEPARTMENT, committee
        ),
        "department": make_unit("TAYHO-YT", "Phòng Y tế", Kind.DEPARTMENT, committee),
        "ward": make_unit("TAYHO-BUOI", "Phường Bưởi", Kind.WARD, committee),
        "other_ward": make_unit("TAYHO-NHATTAN", "Phường Nhật Tân", Kind.WARD, committee),
    }
    return units


# user name → (unit key, role, position)
ROLES = {
    "reporter": ("ward", Role.REPORTER, "Công chức"),
    "head": ("ward", Role.HEAD, "Chủ tịch UBND phường"),
    "clerk": ("office", Role.CLERK, "Văn thư"),
    "compiler": ("office", Role.COMPILER, "Chuyên viên tổng hợp"),
    "office_head": ("office", Role.HEAD, "Chánh Văn phòng"),
    "planning_head": ("planning", Role.HEAD, "Trưởng phòng"),
    "department_reporter": ("department", Role.REPORTER, "Chuyên viên"),
    "leader": ("committee", Role.LEADER, "Chủ tịch"),
    "committee_member": ("committee", Role.COMMITTEE_MEMBER, "Ủy viên"),
    "qmr": ("committee", Role.QMR, "Phó Chủ tịch"),
    "iso_secretary": ("office", Role.ISO_SECRETARY, "Thư ký ban ISO"),
    "admin": ("committee", Role.ADMIN, "Quản trị viên"),
    "other_reporter": ("other_ward", Role.REPORTER, "Công chức"),
}


@pytest.fixture
def users(tree):
    """One user per role (and an `outsider` with no role), keyed by the names in ROLES."""
    people = {}
    for username, (unit_key, role, position) in ROLES.items():
        user = User.objects.create_user(username, password=PASSWORD, full_name=f"Người {username}")
        Membership.objects.create(user=user, unit=tree[unit_key], role=role, position=position)
        people[username] = user
    people["outsider"] = User.objects.create_user("outsider", password=PASSWORD)
    return people


@pytest.fixture
def client_for(users):
    """client_for("reporter") → a test client signed in as that user."""

    def make(username):
        client = Client()
        client.force_login(users[username])
        return client

    return make
