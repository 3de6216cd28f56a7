"""What every signed-in page reads, made cheaper in issue 18's fourth pass: the session, the
user, their memberships, the committee and the unread count by statements written once
(lib/rows.py, organisation/sessions.py), the header rendered once per process for what it shows
({% kept %}), and drafting's tasks asking first whether any draft could be the person's."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from baocao.core import registry
from baocao.drafting import workflow
from baocao.drafting.models import Draft
from baocao.organisation import access
from baocao.organisation.models import Membership, Role, User
from baocao.outbox.notify import notify

from .conftest import PASSWORD


def _header(client, path="/", tokens=False):
    html = client.get(path).content.decode()
    header = html[html.index("<header>"):html.index("</header>")]
    return header if tokens else re.sub(r'(csrfmiddlewaretoken" value=")[^"]+', r"\1", header)


def test_the_header_follows_what_it_shows(client_for, users, tree):
    client = client_for("reporter")
    first = _header(client)
    assert "Phường Bưởi" in first and "badge" not in first
    assert _header(client) == first  # kept: the same render again (a token of its own each)
    assert _header(client, tokens=True) != _header(client, tokens=True)

    notify([users["reporter"]], "Có báo cáo mới", "", "/")
    assert 'aria-label="1 thông báo chưa đọc">1</span>' in _header(client)

    Membership.objects.create(user=users["reporter"], unit=tree["other_ward"],
                              role=Role.REPORTER, position="Công chức")
    assert "Phường Nhật Tân" in _header(client)

    tree["committee"].name = "Quận Tây Hồ mới"
    tree["committee"].save()
    assert "Tây Hồ mới" in _header(client)

    assert 'aria-current="page"' not in _header(client, "/notifications/").split(
        'href="/"')[0]  # the active item follows the page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Your roles" in _header(client)


def test_each_request_s_header_carries_its_own_csrf_token(users):
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users["reporter"])
        header = _header(client, tokens=True)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)
        assert "BAOCAO-CSRF" not in header
        tokens.append(token)
        # the kept header's sign-out form works with the token put in for this request
        assert client.post("/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
        assert client.get("/").status_code == 302  # signed out
    assert tokens[0] != tokens[1]


def test_the_frame_reads_its_rows_with_their_types(users, tree, django_assert_num_queries):
    from datetime import datetime

    from baocao.organisation.sessions import ModelBackend

    reporter = User.objects.get(pk=users["reporter"].pk)
    Membership.objects.create(user=reporter, unit=tree["other_ward"], role=Role.HEAD,
                              position="Cũ", active_from=date(2020, 1, 1),
                              active_to=date(2020, 12, 31))
    Membership.objects.create(user=reporter, unit=tree["department"], role=Role.REPORTER,
                              position="Kiêm nhiệm", active_from=date(2021, 3, 1))
    with django_assert_num_queries(1):
        found = access.memberships(reporter)
    assert [(m.role, m.unit.name) for m in found] == [
        (Role.REPORTER, "Phòng Y tế"), (Role.REPORTER, "Phường Bưởi")]  # by the units' paths
    assert tree["department"].path < tree["ward"].path
    m = found[0]
    assert m.active_from == date(2021, 3, 1) and m.unit.parent_id == tree["committee"].pk
    assert m.unit == tree["department"] and m.unit.path == tree["department"].path
    assert access.committee() == tree["committee"]
    user = ModelBackend().get_user(reporter.pk)
    assert user == reporter and isinstance(user.date_joined, datetime)
    assert user.date_joined == reporter.date_joined and user.password == reporter.password
    assert ModelBackend().get_user("not a number") is None


@pytest.mark.parametrize("case", ["expired", "inactive", "password changed"])
def test_a_session_that_no_longer_holds_signs_out(users, case):
    client = Client()
    assert client.post("/login/", {"username": "reporter", "password": PASSWORD}
                       ).status_code == 302
    assert client.get("/").status_code == 200
    if case == "expired":
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    elif case == "inactive":
        User.objects.filter(pk=users["reporter"].pk).update(is_active=False)
    else:
        user = User.objects.get(pk=users["reporter"].pk)
        user.set_password("Khac@2026xyz")
        user.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_made_up_session_key_is_nobody(users):
    client = Client()
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/").status_code == 302
    client.cookies["sessionid"] = "short"
    assert client.get("/").status_code == 302


def _tasks(user, draft):
    return [t for t in registry.todo_for(user) if t.url.startswith(f"/drafts/{draft.pk}/")
            and "Comment on" not in t.title and "Cho ý kiến" not in t.title]


def test_drafting_s_light_first_query_keeps_every_actor_s_task(monthly_draft, users, tree):
    """At every step of the monthly report's workflow, exactly those whom the workflow makes its
    actors have the draft on their home page (the SQL filter may only leave out people who are
    not: a reporter of the leading unit acts at a compiler's step)."""
    office_reporter = User.objects.create_user("office_reporter", password=PASSWORD)
    Membership.objects.create(user=office_reporter, unit=tree["office"], role=Role.REPORTER,
                              position="Chuyên viên")
    people = [User.objects.get(pk=u.pk) for u in [*users.values(), office_reporter]]
    steps = [s for s in monthly_draft.regime.steps.all() if not s.is_final
             and s.actor_unit != "consulted"]
    assert len(steps) >= 4
    for step in steps:
        Draft.objects.filter(pk=monthly_draft.pk).update(step=step)
        draft = Draft.objects.get(pk=monthly_draft.pk)
        for person in people:
            expected = workflow.is_actor(draft, step, person)
            assert bool(_tasks(person, draft)) == expected, (step.code, person.username)
        assert any(workflow.is_actor(draft, step, p) for p in people), step.code
    compiler_steps = [s for s in steps if s.role == Role.COMPILER]
    assert compiler_steps  # so the reporter's case was asked


def test_an_id_too_large_for_the_database_is_no_row(users, client_for):
    from baocao.lib import rows
    from baocao.organisation.sessions import ModelBackend

    assert ModelBackend().get_user(2**70) is None and ModelBackend().get_user(-(2**70)) is None
    assert rows.fits(User, 5) and not rows.fits(User, 2**70) and not rows.fits(User, "5")
    assert client_for("reporter").get(f"/rounds/submissions/{2**64 + 1}/").status_code == 404


def test_a_save_through_a_report_read_before_its_round_closed_is_refused(collection, users):
    """The save locks the report and reads its round again: a caller's submission whose round
    was read before the round closed must not let a change in."""
    from django.core.exceptions import ValidationError

    from baocao.catalogue.models import Indicator
    from baocao.collection import submissions
    from baocao.collection.models import DataValue, Round

    submission = collection["submission"]
    assert submission.round.state == Round.State.OPEN  # read now, kept on the object
    Round.objects.filter(pk=submission.round_id).update(state=Round.State.CLOSED)
    yt01 = Indicator.objects.get(code="YT01")
    with pytest.raises(ValidationError):
        submissions.save_cell(submission, yt01.pk, "actual", "4321", users["reporter"])
    assert not DataValue.objects.filter(indicator=yt01, value=4321).exists()
