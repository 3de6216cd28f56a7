"""baocao demo [--seed-example] --no-serve

Each demo takes a minute to load.  Where the browser's walk of the demos
(tests/browser/test_demo.py) is in the same run, it loads each demo once and makes these
checks on it before its walk, and the tests here skip; run alone, or without a browser, they
load the demos themselves."""

from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from baocao.audit.log import verify
from baocao.audit.models import Event
from baocao.catalogue.models import Indicator, ReportForm, Target
from baocao.organisation.demo import DEMO_PASSWORD
from baocao.organisation.models import Membership, OrgUnit, Role, User

WARDS = ["Bưởi", "Nhật Tân", "Phú Thượng", "Quảng An", "Thụy Khuê", "Tứ Liên", "Xuân La", "Yên Phụ"]


def state():
    return (
        sorted(OrgUnit.objects.values_list("code", "name", "kind", "path")),
        sorted(User.objects.values_list("username", "full_name", "password")),
        sorted(Membership.objects.values_list("user__username", "unit__code", "role")),
        sorted(Indicator.objects.values_list("code", "formula")),
        sorted(Target.objects.values_list("indicator__code", "unit__code", "year", "value")),
        sorted(ReportForm.objects.values_list("code", "versions__number", "versions__state")),
        Event.objects.count(),
    )


BROWSER_WALK = Path(__file__).parent / "browser" / "test_demo.py"


def skip_if_walked(request, demo: str) -> None:
    """Skip when the browser's walk of this demo is in this run: it makes these checks."""
    if Path("/usr/bin/chromium").exists() and any(
            Path(item.path) == BROWSER_WALK and getattr(item, "callspec", None) is not None
            and item.callspec.params.get("demo") == demo for item in request.session.items):
        pytest.skip("checked by tests/browser/test_demo.py, on the demo it loads for its walk")


def test_the_seed_example_loads_tay_ho_and_loading_twice_changes_nothing(transactional_db,
                                                                        capsys, request):
    skip_if_walked(request, "seed-example")
    call_command("demo", "--seed-example", "--no-serve")
    check_seed_example(capsys.readouterr().out)


def test_the_demo_is_ha_noi_in_the_two_tier_government(transactional_db, capsys, request):
    skip_if_walked(request, "today")
    call_command("demo", "--no-serve")
    check_ha_noi(capsys.readouterr().out)


def check_everyone_has_work() -> None:
    """Whoever signs in to the demo finds something on "Việc cần làm": the leaders last
    month's report to comment on (it was with the office head), the office its own work."""
    from baocao.core.registry import todo_for

    for username in ("chutich", "phochutich1", "uyvien.congan"):
        titles = [i.title for i in todo_for(User.objects.get(username=username))]
        assert [t for t in titles if t.startswith("Cho ý kiến: Báo cáo tháng")], (username, titles)
    for username in ("tonghop", "chanhvanphong", "vanthu"):
        assert todo_for(User.objects.get(username=username)), username


def check_seed_example(out: str) -> None:
    """`baocao demo --seed-example` just ran and printed `out`."""
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

    # The catalogue: about sixty indicators of both families, targets, four approved forms.
    assert Indicator.objects.count() >= 60
    assert set(Indicator.objects.values_list("family", flat=True)) == {
        "socio_economic", "security_defence"}
    assert Indicator.objects.exclude(formula="").count() >= 8
    for year in (2025, 2026):
        assert Target.objects.filter(year=year, unit__code="TAYHO").count() >= 40
        assert Target.objects.filter(year=year, unit__kind="ward").count() >= 8 * 30
    for code in ["BC-THANG", "BC-QUY", "BC-KHNAM", "BM.07.01"]:
        form = ReportForm.objects.get(code=code)
        assert form.current_version().state in ("approved", "used"), code
        assert form.units.exists()

    # Collection: twelve past months of the monthly report and the current one open.
    from baocao.collection.models import DataValue, Round, Submission

    rounds = list(Round.objects.filter(form__code="BC-THANG").order_by("period_start"))
    assert len(rounds) == 13 and rounds[-1].state == "open"
    past = Submission.objects.filter(round__in=rounds[:-1])
    assert past.filter(on_time=False).count() >= 3
    assert past.filter(first_sent_at__isnull=True).count() == 1  # one missing
    assert past.exclude(return_reason="").count() == 1  # one returned and corrected
    assert rounds[-1].submissions.filter(state="draft").exists()
    assert DataValue.objects.filter(unit__kind="ward").count() > 1000
    assert DataValue.objects.filter(unit__code="TAYHO-CA").exists()

    # Records: the issued months filed; two older years at the archive; one dossier disposed
    # of on its decision, another past retention and one due for transfer on "Việc cần làm".
    from baocao.records.models import Disposal, Dossier, Transfer

    assert set(Dossier.objects.values_list("state", flat=True)) == {
        "open", "filed", "transferred", "disposed"}
    assert [d.state for d in Dossier.objects.filter(round__in=rounds).order_by(
        "period_end")] == ["filed"] * 11 + ["open"] * 2
    assert Round.objects.filter(form__code="BC-THANG", state="closed").count() == 11
    transferred_years = set(Dossier.objects.filter(state="transferred").values_list(
        "period_end__year", flat=True))
    assert len(transferred_years) == 3 and Transfer.objects.count() == 3
    disposal = Disposal.objects.get()
    assert disposal.pdf and disposal.decision.number and disposal.dossiers.count() == 1
    assert not disposal.dossiers.get().items.exclude(contents_removed_at__isnull=False).exists()
    assert sorted(Dossier.objects.exclude(due="").values_list("due", flat=True)) == [
        "disposal", "transfer"]

    before = state()
    call_command("demo", "--seed-example", "--no-serve")
    assert state() == before
    assert verify().ok
    check_everyone_has_work()


def check_ha_noi(out: str) -> None:
    """`baocao demo` just ran and printed `out`: a province-level committee of today (no
    district), its departments (sở, Sở Tài chính planning), wards and communes; figures,
    history and records as deep."""
    from baocao.collection.models import DataValue, Round, Submission
    from baocao.documents.models import Document, Recipient
    from baocao.quality.models import Complaint, Suggestion

    assert "Hà Nội" in out and "tayho.baocao" in out and "buoi." not in out
    assert not OrgUnit.objects.filter(kind="district").exists()
    assert not OrgUnit.objects.filter(code__startswith="TAYHO").exists()
    root = OrgUnit.objects.get(parent=None)
    assert (root.name, root.kind) == ("Thành phố Hà Nội", "province")
    assert OrgUnit.objects.get(kind="planning_department").name == "Sở Tài chính"
    assert not OrgUnit.objects.filter(name__contains="Kế hoạch và Đầu tư").exists()
    assert not OrgUnit.objects.filter(name__contains="Lao động - Thương binh").exists()
    assert OrgUnit.objects.filter(kind="ward").count() == 5
    assert OrgUnit.objects.filter(kind="commune").count() == 3
    for unit in OrgUnit.objects.filter(kind__in=["ward", "commune", "department"]):
        assert set(unit.memberships.values_list("role", flat=True)) >= {"reporter", "head"}
    assert Membership.objects.get(user__username="socson.truong").position == \
        "Chủ tịch UBND xã"
    assert Membership.objects.get(user__username="giamdoc.stc").position == "Giám đốc Sở"
    for role in Role:
        assert Membership.objects.filter(role=role).exists(), role
    # No place-word of the old map in what the demo wrote for people to read.
    assert not Recipient.objects.filter(name__contains="quận").exists()
    assert not Complaint.objects.filter(subject__contains="quận").exists()
    assert not Suggestion.objects.filter(body__contains="quận").exists()

    assert Target.objects.filter(year=2026, unit=root).count() >= 40
    assert Target.objects.filter(year=2026, unit__kind="commune").count() >= 3 * 30
    rounds = list(Round.objects.filter(form__code="BC-THANG").order_by("period_start"))
    assert len(rounds) == 13 and rounds[-1].state == "open"
    past = Submission.objects.filter(round__in=rounds[:-1])
    assert past.filter(on_time=False).count() >= 3
    assert past.filter(first_sent_at__isnull=True).count() == 1
    assert past.exclude(return_reason="").count() == 1
    assert DataValue.objects.filter(unit__kind="commune").count() > 300
    issued = Document.objects.exclude(issued_on=None)
    assert issued.count() >= 3
    assert all(d.issuer_name.splitlines()[-1] == "THÀNH PHỐ HÀ NỘI" for d in issued)
    assert all(d.place == "Hà Nội" for d in issued)
    assert verify().ok
    check_everyone_has_work()
    # The printed logins work (checked here: a load of the demo of its own took a minute).
    request = RequestFactory().post("/login/")
    assert authenticate(request, username="tonghop", password=DEMO_PASSWORD) is not None

    # One database holds one demo: asking for the other changes nothing and says why.
    before = state()
    with pytest.raises(CommandError, match="Hà Nội"):
        call_command("demo", "--seed-example", "--no-serve")
    assert state() == before
