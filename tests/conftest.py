"""Shared fixtures: a small committee tree and one user per role.

    committee TAYHO (district)
    ├── TAYHO-VP     office              clerk, compiler, iso_secretary, head (office head)
    ├── TAYHO-TCKH   planning department head, planning_compiler
    ├── TAYHO-YT     department          department_reporter, department_head
    ├── TAYHO-BUOI   ward                reporter, head            ← "our ward"
    └── TAYHO-NHATTAN ward               reporter                  ← "another ward"
    leader (Chủ tịch), vice_chair (Phó Chủ tịch), committee_member, qmr, admin hold their roles at
    TAYHO; `outsider` holds none.
"""

import pytest
from django.test import Client

from baocao.organisation.models import Kind, Membership, OrgUnit, Role, User

PASSWORD = "Mat-khau-thu-2026"


@pytest.fixture(scope="session")
def _stamp_fonts(tmp_path_factory):
    """One directory for the stamp's fonts, shared by the session's tests: each font is made
    from Tinos once (about a second a style) rather than once per test that signs."""
    return tmp_path_factory.mktemp("fonts")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, _stamp_fonts):
    # Argon2 is the real hasher (tested in test_settings.py); tests use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"  # keys, the stamp's font
    settings.DATA_DIR.mkdir()
    (settings.DATA_DIR / "fonts").symlink_to(_stamp_fonts, target_is_directory=True)
    # Signing without keys; tests/test_documents_signatures.py turns digital signatures on.
    settings.BAOCAO_DIGITAL_SIGNATURES = False
    # Rollups recomputed in the writer's transaction, so that a test reads them at once;
    # tests/test_rollups_deferred.py turns on the deferred way production uses.
    settings.BAOCAO_ROLLUPS_DEFERRED = False
    # No background render of every saved version (tests/test_drafting_prerender.py has it).
    settings.BAOCAO_PRERENDER = False
    # Each test starts with no rate-limit counts.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limit_window_holds(monkeypatch):
    """A test's rate-limit counts stay in one window: a test posting four times must not see the
    minute (or the hour) turn between its posts and start a new count (the limiter's windows
    are fixed; tests/test_lib_ratelimit.py tests them)."""
    import time
    from types import SimpleNamespace

    from baocao.lib import ratelimit

    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True, scope="session")
def _jobs_run_at_once():
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


def pdf_bytes(pages: int = 1) -> bytes:
    """A small, real PDF (blank A4 pages): attachments are opened by a PDF parser."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_unit(code, name, kind, parent=None, **extra):
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, **extra)
    unit.save()
    return unit


@pytest.fixture
def builtins(db):
    """The sectors and regimes the data migration ships (a transactional test's flush removes
    them, so tests ask for them here)."""
    from baocao.catalogue import builtin
    from baocao.catalogue.models import Regime, Sector, WorkflowStep, WorkflowTransition

    builtin.load(Sector, Regime, WorkflowStep, WorkflowTransition)


@pytest.fixture
def tree(builtins):
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
    "planning_compiler": ("planning", Role.COMPILER, "Chuyên viên tổng hợp"),
    "department_reporter": ("department", Role.REPORTER, "Chuyên viên"),
    "department_head": ("department", Role.HEAD, "Trưởng phòng"),
    "leader": ("committee", Role.LEADER, "Chủ tịch"),
    "vice_chair": ("committee", Role.LEADER, "Phó Chủ tịch"),
    "committee_member": ("committee", Role.COMMITTEE_MEMBER, "Ủy viên"),
    "qmr": ("committee", Role.QMR, "Phó Chủ tịch"),
    "iso_secretary": ("office", Role.ISO_SECRETARY, "Thư ký ban ISO"),
    "admin": ("committee", Role.ADMIN, "Quản trị viên"),
    "other_reporter": ("other_ward", Role.REPORTER, "Công chức"),
}


def totp_key(username: str) -> bytes:
    """The fixed TOTP key of a test user's authenticator (20 bytes)."""
    import hashlib

    return hashlib.sha256(f"test-totp:{username}".encode()).digest()[:20]


def enrol(user):
    """Give `user` a confirmed authenticator with their fixed key (totp_key)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True,
                                     key=totp_key(user.username).hex())


def totp_code(user) -> str:
    """The code `user`'s authenticator shows now.  The device's last used step is forgotten
    first, so that a test may sign the same person in twice within 30 seconds."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                  throttling_failure_timestamp=None)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def users(tree):
    """One user per role (and an `outsider` with no role), keyed by the names in ROLES.  Those
    who must pass a second factor (signers, clerks, leaders, the administrator) have their
    authenticator set up (enrol)."""
    from baocao.organisation import access

    people = {}
    for username, (unit_key, role, position) in ROLES.items():
        user = User.objects.create_user(username, password=PASSWORD, full_name=f"Người {username}")
        Membership.objects.create(user=user, unit=tree[unit_key], role=role, position=position)
        if access.needs_second_factor(User.objects.get(pk=user.pk)):
            enrol(user)
        people[username] = user
    people["outsider"] = User.objects.create_user("outsider", password=PASSWORD)
    return people


def pass_second_factor(client, user) -> None:
    """What a correct code at /second-factor/ does to the session (django_otp.login), for a
    client signed in with force_login: the counterpart of force_login for the second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def client_for(users):
    """client_for("reporter") → a test client signed in as that user (past the second factor
    for those who have one)."""

    def make(username):
        client = Client()
        client.force_login(users[username])
        pass_second_factor(client, users[username])
        return client

    return make


@pytest.fixture
def catalogue(tree):
    """A few indicators (one derived), targets, and the monthly form BC-T filled by our ward only,
    with an approved version 1 and a draft version 2."""
    from baocao.catalogue.models import (
        FormRow,
        FormSection,
        FormTable,
        FormVersion,
        Indicator,
        Regime,
        ReportForm,
        Sector,
        Target,
    )

    health = Sector.objects.get(code="health")
    make = Indicator.objects.create
    items = {
        "YT01": make(code="YT01", name="Dân số", sector=health, family="socio_economic",
                     unit_of_measure="người", value_type="integer", time_aggregation="last"),
        "YT02": make(code="YT02", name="Người có bảo hiểm y tế", sector=health,
                     family="socio_economic", unit_of_measure="người", value_type="integer",
                     time_aggregation="last"),
        "YT03": make(code="YT03", name="Tỷ lệ bao phủ bảo hiểm y tế", sector=health,
                     family="socio_economic", unit_of_measure="%", value_type="percent",
                     decimals=1, aggregation="none", formula="100 * YT02 / YT01"),
    }
    Target.objects.create(indicator=items["YT02"], unit=tree["ward"], year=2026, value=9000)
    form = ReportForm.objects.create(code="BC-T", name="Báo cáo tháng (thử)",
                                     regime=Regime.objects.get(code="monthly"))
    form.units.set([tree["ward"]])
    versions = {}
    for number, state in ((1, FormVersion.State.DRAFT), (2, FormVersion.State.DRAFT)):
        version = FormVersion.objects.create(form=form, number=number, state=state)
        table = FormTable.objects.create(version=version, title="Biểu 01. Y tế",
                                         columns=["actual", "year_to_date", "note"])
        FormRow.objects.create(table=table, heading="Y tế", sort_order=1)
        for order, code in enumerate(["YT01", "YT02", "YT03"], start=2):
            FormRow.objects.create(table=table, indicator=items[code], sort_order=order)
        FormSection.objects.create(version=version, kind="results", title="Kết quả",
                                   sort_order=1)
        versions[number] = version
    FormVersion.objects.filter(pk=versions[1].pk).update(state=FormVersion.State.APPROVED)
    versions[1].refresh_from_db()
    return {"indicators": items, "form": form, "v1": versions[1], "v2": versions[2]}


@pytest.fixture
def collection_form(users, tree, catalogue):
    """The form BC-C (filled by both wards) with required rows, an error rule YT02 ≤ YT01, a
    warning rule AN05 ≤ AN04, a derived YT03; approved, no round yet."""
    from baocao.catalogue.models import (
        FormRow,
        FormSection,
        FormTable,
        FormVersion,
        Indicator,
        Regime,
        ReportForm,
        Sector,
        ValidationRule,
    )

    security = Sector.objects.get(code="security")
    an04 = Indicator.objects.create(code="AN04", name="Vụ tai nạn giao thông", sector=security,
                                    family="security_defence", unit_of_measure="vụ",
                                    value_type="integer")
    an05 = Indicator.objects.create(code="AN05", name="Người chết do tai nạn giao thông",
                                    sector=security, family="security_defence",
                                    unit_of_measure="người", value_type="integer")
    yt = catalogue["indicators"]
    form = ReportForm.objects.create(code="BC-C", name="Báo cáo tháng (thu thập)",
                                     regime=Regime.objects.get(code="monthly"))
    form.units.set([tree["ward"], tree["other_ward"]])
    version = FormVersion.objects.create(form=form, number=1)
    table = FormTable.objects.create(version=version, title="Biểu 01",
                                     columns=["actual", "year_to_date", "same_period_last_year",
                                              "note"])
    for order, (indicator, required) in enumerate(
            [(yt["YT01"], True), (yt["YT02"], True), (yt["YT03"], False), (an04, False),
             (an05, False)], start=1):
        FormRow.objects.create(table=table, indicator=indicator, required=required,
                               sort_order=order)
    results = FormSection.objects.create(version=version, kind="results", title="Kết quả",
                                         sort_order=1)
    tasks = FormSection.objects.create(version=version, kind="next_period_tasks",
                                       title="Nhiệm vụ tháng tới", sort_order=2, required=False)
    ValidationRule.objects.create(version=version, left=yt["YT02"], operator="<=",
                                  right=yt["YT01"])
    ValidationRule.objects.create(version=version, left=an05, operator="<=", right=an04,
                                  severity="warning")
    FormVersion.objects.filter(pk=version.pk).update(state="approved")
    return {"form": form, "version": version, "an04": an04, "an05": an05, "yt": yt,
            "results": results, "tasks": tasks}


@pytest.fixture
def collection(collection_form, users, tree):
    """collection_form with a round for 2026-10, due 20/10/2026, for both wards."""
    from datetime import date

    from baocao.collection import rounds

    rnd = rounds.open_round(form=collection_form["form"], period_text="2026-10",
                            units=[tree["ward"], tree["other_ward"]],
                            due_date=date(2026, 10, 20), paper_due_date=date(2026, 10, 22),
                            subject="Báo cáo tháng 10", actor=users["compiler"],
                            outline="I. Kết quả\nII. Nhiệm vụ", number="35/UBND-VP")
    return {**collection_form, "round": rnd,
            "submission": rnd.submissions.get(unit=tree["ward"]),
            "other": rnd.submissions.get(unit=tree["other_ward"])}


def fill(submission, user, **values):
    """Save cells by indicator code: fill(sub, user, YT01="100", YT02="90")."""
    from baocao.catalogue.models import Indicator
    from baocao.collection import submissions

    for code, raw in values.items():
        submissions.save_cell(submission, Indicator.objects.get(code=code).pk, "actual", raw,
                              user)


def sent(*found):
    """The units sent these reports (a shortcut past the head's approval and the checks): their
    values become official, as sending makes them (collection.submissions.send)."""
    from django.utils import timezone

    from baocao.collection import submissions
    from baocao.collection.models import Submission

    for submission in found:
        now = timezone.now()
        Submission.objects.filter(pk=submission.pk).update(
            state=Submission.State.SENT, sent_at=now, first_sent_at=now, on_time=True)
        submission.refresh_from_db()
        submissions._make_official(submission, True)


@pytest.fixture
def recipients(tree):
    from baocao.documents.models import Recipient

    names = [("Quận ủy", "quanuy@example.vn"), ("Thường trực HĐND quận", "hdnd@example.vn"),
             ("Chủ tịch, các Phó Chủ tịch UBND quận", ""), ("Các phòng, ban thuộc quận", "")]
    return [Recipient.objects.create(committee=tree["committee"], name=name, email=email,
                                     sort_order=i) for i, (name, email) in enumerate(names)]


@pytest.fixture
def monthly_draft(collection, users, recipients):
    """The draft of the monthly round (2026-10) built by the office's compiler, our ward's
    figures and texts in it."""
    from baocao.collection import submissions
    from baocao.drafting import building

    fill(collection["submission"], users["reporter"], YT01="1000", YT02="900")
    submissions.save_text(collection["submission"], collection["results"],
                          "<p>Phường đã hoàn thành kế hoạch.</p>", users["reporter"])
    sent(collection["submission"], collection["other"])  # every unit sent: no gate to pass
    return building.draft_from_round(collection["round"], users["compiler"])


@pytest.fixture
def quarterly_round(collection_form, users, tree):
    """The periodic regime's form BC-Q (both wards) with its round for 2026-Q3."""
    from datetime import date

    from baocao.catalogue.models import FormVersion, Regime, ReportForm
    from baocao.collection import rounds

    old = collection_form["version"]
    form = ReportForm.objects.create(code="BC-Q", name="Báo cáo quý",
                                     regime=Regime.objects.get(code="periodic"))
    form.units.set([tree["ward"], tree["other_ward"]])
    version = FormVersion.objects.create(form=form, number=1)
    for table in old.tables.all():
        rows = list(table.rows.all())
        table.pk, table.version = None, version
        table.save()
        for row in rows:
            row.pk, row.table = None, table
            row.save()
    for section in old.sections.all():
        section.pk, section.version = None, version
        section.save()
    FormVersion.objects.filter(pk=version.pk).update(state="approved")
    return rounds.open_round(form=form, period_text="2026-Q3",
                             units=[tree["ward"], tree["other_ward"]],
                             due_date=date(2026, 9, 20), paper_due_date=date(2026, 9, 22),
                             subject="Báo cáo quý III", actor=users["planning_compiler"],
                             outline="I. Kinh tế - xã hội\nII. An ninh - quốc phòng",
                             number="52/UBND-TCKH")


@pytest.fixture
def quality_form(tree):
    """BM.07.01 as its data migration ships it (loaded again: a transactional test's flush
    removes it), filled by the office, the planning department and Phòng Y tế."""
    from baocao.catalogue.models import ReportForm
    from baocao.quality import builtin

    builtin.load_current()
    form = ReportForm.objects.get(code="BM.07.01")
    form.units.set([tree["office"], tree["planning"], tree["department"]])
    return form


def last_month():
    from django.utils import timezone

    from baocao.catalogue.periods import Period

    today = timezone.localdate()
    return Period("month", today.year, today.month).previous()


# The fixed UIDs the DHIS2 files of tests/fixtures/dhis2/ name.
FIXED_UIDS = {"ward": "WardBuoi001", "other_ward": "WardNhatT01", "committee": "TayHoDist01",
              "YT01": "YtDanSo0001", "YT02": "YtBaoHiem01", "AN04": "AnTaiNan001",
              "AN05": "AnNguoiChet", "BC-C": "FormBcC0001"}
DHIS2_FILES = __import__("pathlib").Path(__file__).parent / "fixtures" / "dhis2"


@pytest.fixture
def dhis2_uids(collection, tree):
    """collection, with the units, indicators and the form BC-C given the UIDs that the DHIS2
    files of tests/fixtures/dhis2/ name (FIXED_UIDS)."""
    from baocao.catalogue.models import Indicator, ReportForm

    for key in ("ward", "other_ward", "committee"):
        OrgUnit.objects.filter(pk=tree[key].pk).update(uid=FIXED_UIDS[key])
        tree[key].refresh_from_db()
    for code in ("YT01", "YT02", "AN04", "AN05"):
        Indicator.objects.filter(code=code).update(uid=FIXED_UIDS[code])
    ReportForm.objects.filter(code="BC-C").update(uid=FIXED_UIDS["BC-C"])
    return collection
