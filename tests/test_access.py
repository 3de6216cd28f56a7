"""The one permission module: scopes computed from memberships."""

from datetime import timedelta

from django.utils import timezone

from baocao.organisation import access
from baocao.organisation.models import Membership, OrgUnit, Role


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_a_ward_reporter_sees_only_the_ward(users, tree):
    assert codes(access.visible_units(users["reporter"])) == {"TAYHO-BUOI"}
    assert not access.can_view_unit(users["reporter"], tree["other_ward"])
    assert not access.can_view_unit(users["reporter"], tree["committee"])


def test_committee_wide_roles_see_the_whole_committee(users):
    everything = codes(OrgUnit.objects.all())
    for name in ["leader", "admin", "qmr", "iso_secretary", "clerk", "compiler", "office_head",
                 "planning_head", "committee_member"]:
        assert codes(access.visible_units(users[name])) == everything, name


def test_a_department_reporter_sees_only_the_department(users):
    assert codes(access.visible_units(users["department_reporter"])) == {"TAYHO-YT"}


def test_someone_without_a_role_sees_nothing(users, tree):
    assert codes(access.visible_units(users["outsider"])) == set()
    assert not access.can_view_unit(users["outsider"], tree["ward"])
    assert access.navigation(users["outsider"]) == [{"url": "home", "label": "Việc cần làm"}]


def test_an_ended_membership_gives_nothing(users, tree):
    membership = Membership.objects.get(user=users["reporter"])
    membership.active_to = timezone.localdate() - timedelta(days=1)
    membership.save()
    users["reporter"].refresh_from_db()
    assert access.memberships(users["reporter"]) == []


def test_audit_and_administration_are_for_their_roles(users):
    assert access.can_view_audit(users["leader"]) and access.can_view_audit(users["admin"])
    assert not access.can_view_audit(users["compiler"])
    assert access.can_administer(users["admin"])
    assert not access.can_administer(users["leader"])


def test_the_committee_is_the_top_administrative_unit(tree, settings):
    assert access.committee() == tree["committee"]
    settings.BAOCAO_COMMITTEE_CODE = "TAYHO-BUOI"
    assert access.committee() == tree["ward"]


def test_roles_are_read_from_memberships(users):
    assert access.roles(users["leader"]) == {Role.LEADER}
