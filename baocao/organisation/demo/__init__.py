"""The demo's committee and people: the tree of `examples.current()` (Hà Nội today, or Tây Hồ
of the seeds with `--seed-example`), its office, planning department and departments, its wards
and communes, and one person for every role.  Loading it twice changes nothing."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from baocao.audit.log import save_and_record

from ..imports import import_units
from ..models import Kind, Membership, OrgUnit, Role, User
from .examples import current

# One password for both examples (Tây Hồ is a ward of Hà Nội today).
DEMO_PASSWORD = "TayHo@2026"
WARD_KINDS = (Kind.WARD, Kind.COMMUNE, Kind.TOWNSHIP)
_HEAD_OF_WARD = {Kind.WARD: "Chủ tịch UBND phường", Kind.COMMUNE: "Chủ tịch UBND xã",
                 Kind.TOWNSHIP: "Chủ tịch UBND thị trấn"}


def people() -> list[tuple[str, str, str, str, str]]:
    """(user name, full name, role, unit code, position) of every demo person."""
    example = current()
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=example.reporting_units)}
    rows = list(example.people)
    for code, slug in example.reporting_units.items():
        unit = units.get(code)
        name = unit.name if unit else code
        is_ward = unit is not None and unit.kind in WARD_KINDS
        rows.append((f"{slug}.baocao", f"Cán bộ báo cáo {name}", Role.REPORTER, code,
                     "Công chức" if is_ward else example.department_staff))
        head = _HEAD_OF_WARD[unit.kind] if is_ward else example.head_positions.get(
            code, example.department_head)
        rows.append((f"{slug}.truong", f"Lãnh đạo {name}", Role.HEAD, code, head))
    return rows


def load_units_and_people(stdout=None) -> list[tuple[str, str, str]]:
    """Load the unit tree and the demo people; return (user name, role, unit) for the logins."""
    example = current()
    result = import_units(example.units_csv, filename=f"demo/{example.units_csv.name}")
    if result.errors:
        raise RuntimeError("\n".join(result.errors))
    logins = []
    # One hash for the one demo password: hashing it anew for each of the demo's people took
    # most of this step (argon2 is slow on purpose).
    encoded = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        units = {u.code: u for u in OrgUnit.objects.all()}
        for username, full_name, role, code, position in people():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name,
                            email=f"{username}@{example.email_domain}")
                user.password = encoded
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
