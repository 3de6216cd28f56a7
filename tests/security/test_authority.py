"""Authority where the seed puts it.  The committee's forms are approved by the chair ("theo
mẫu báo cáo đã được Chủ tịch UBND Quận Tây Hồ duyệt", seed 1 §5.1.1) or the leader the chair
delegates; a unit's own form by that unit's head.  And every `can_*` of access.py checked for
the unit it applies to: a role held in a ward gives nothing of the committee's.  The issue's
probe: any unit head could approve the committee's form."""

import inspect
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baocao.organisation import access
from baocao.organisation.models import Delegation, Membership, Role, User


@pytest.fixture
def ward_staff(tree):
    """A leader, an administrator, a clerk and a compiler held in the ward, not the committee."""
    people = {}
    for role in (Role.LEADER, Role.ADMIN, Role.CLERK, Role.COMPILER):
        user = User.objects.create_user(f"ward_{role}", password="x" * 12)
        Membership.objects.create(user=user, unit=tree["ward"], role=role,
                                  position="Chủ tịch UBND phường" if role == Role.LEADER else "")
        people[role] = User.objects.get(pk=user.pk)
    return people


def fresh(user):
    """The same person, without the memberships cached on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def department_form(tree, builtins):
    """A form of the department's own (the quality regime, each department for itself)."""
    from baocao.catalogue.models import FormVersion, Regime, ReportForm

    form = ReportForm.objects.create(code="BM-07-YT", name="BM.07.01 Phòng Y tế",
                                     regime=Regime.objects.get(code="quality"))
    form.units.set([tree["department"]])
    FormVersion.objects.create(form=form, number=1)
    return form


# --- approving forms ---------------------------------------------------------------------------

def test_a_ward_head_cannot_approve_the_committees_form(client_for, catalogue):
    response = client_for("head").post("/catalogue/forms/BC-T/v2/approve/")
    assert response.status_code == 403
    assert catalogue["v2"].__class__.objects.get(pk=catalogue["v2"].pk).state == "draft"


@pytest.mark.parametrize("name", ["head", "office_head", "department_head", "planning_head",
                                  "vice_chair", "admin", "qmr", "compiler", "clerk"])
def test_only_the_chair_approves_the_committees_form(users, catalogue, name):
    assert access.can_approve_form(users["leader"], catalogue["form"])
    assert not access.can_approve_form(users[name], catalogue["form"])


def test_the_page_offers_approval_only_to_the_chair(client_for, catalogue):
    assert "Phê duyệt" in client_for("leader").get("/catalogue/forms/BC-T/v2/").content.decode()
    page = client_for("head").get("/catalogue/forms/BC-T/v2/").content.decode()
    assert 'action="/catalogue/forms/BC-T/v2/approve/"' not in page


def test_the_chair_delegates_approval_to_a_vice_chair(users, catalogue):
    delegation = Delegation(granted_by=users["leader"], delegate=users["vice_chair"],
                            decision="Quyết định số 12/QĐ-UBND ngày 05/01/2026")
    access.check_delegation(delegation)
    delegation.save()
    assert access.can_approve_form(fresh(users["vice_chair"]), catalogue["form"])
    delegation.active_to = timezone.localdate() - timedelta(days=1)
    delegation.active_from = date(2020, 1, 1)
    delegation.save()
    assert not access.can_approve_form(fresh(users["vice_chair"]), catalogue["form"])


def test_a_delegated_vice_chair_approves_through_the_page(client_for, users, catalogue):
    Delegation.objects.create(granted_by=users["leader"], delegate=users["vice_chair"])
    response = client_for("vice_chair").post("/catalogue/forms/BC-T/v2/approve/")
    assert response.status_code == 302
    assert catalogue["v2"].__class__.objects.get(pk=catalogue["v2"].pk).state == "approved"


def test_only_the_chair_delegates_and_only_to_a_leader(users):
    with pytest.raises(ValidationError) as error:
        access.check_delegation(Delegation(granted_by=users["vice_chair"],
                                           delegate=users["leader"]))
    assert "granted_by" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        access.check_delegation(Delegation(granted_by=users["leader"],
                                           delegate=users["office_head"]))
    assert "delegate" in error.value.message_dict


def test_the_administration_pages_record_a_delegation_and_check_it(client_for, users):
    from baocao.audit.models import Event

    client = client_for("admin")
    url = "/admin/organisation/delegation/add/"
    refused = client.post(url, {"granted_by": users["vice_chair"].pk,
                                "delegate": users["leader"].pk, "power": "approve_forms",
                                "active_from": "2026-01-05"})
    assert refused.status_code == 200
    assert "Chỉ Chủ tịch UBND mới ủy quyền việc này" in refused.content.decode()
    done = client.post(url, {"granted_by": users["leader"].pk,
                             "delegate": users["vice_chair"].pk, "power": "approve_forms",
                             "decision": "Quyết định số 12/QĐ-UBND", "active_from": "2026-01-05"})
    assert done.status_code == 302
    assert Delegation.objects.get().delegate == users["vice_chair"]
    assert Event.objects.filter(object_type__icontains="delegation").exists()


def test_a_delegation_by_someone_no_longer_chair_gives_nothing(users, catalogue):
    Delegation.objects.create(granted_by=users["leader"], delegate=users["vice_chair"])
    Membership.objects.filter(user=users["leader"]).update(position="Nguyên Chủ tịch, Phó")
    assert not access.can_approve_form(fresh(users["vice_chair"]), catalogue["form"])


def test_a_units_own_form_is_approved_by_its_head(users, department_form):
    assert access.form_owner(department_form).code == "TAYHO-YT"
    assert access.can_approve_form(users["department_head"], department_form)
    assert access.can_approve_form(users["leader"], department_form)
    for name in ("head", "office_head", "planning_head", "department_reporter", "vice_chair"):
        assert not access.can_approve_form(users[name], department_form), name


def test_a_quality_form_filled_by_several_departments_is_the_committees(users, tree,
                                                                        department_form):
    department_form.units.add(tree["office"])
    assert access.form_owner(department_form) is None
    assert not access.can_approve_form(users["department_head"], department_form)


def test_a_ward_leader_is_not_the_chair(ward_staff, catalogue):
    assert not access.is_chair(ward_staff[Role.LEADER])
    assert not access.can_approve_form(ward_staff[Role.LEADER], catalogue["form"])


# --- every can_* for the unit it applies to ----------------------------------------------------

def test_can_view_unit(users, tree, ward_staff):
    assert access.can_view_unit(users["reporter"], tree["ward"])
    assert not access.can_view_unit(users["reporter"], tree["other_ward"])
    assert not access.can_view_unit(ward_staff[Role.LEADER], tree["other_ward"])
    assert access.can_view_unit(users["leader"], tree["other_ward"])


def test_can_administer(users, ward_staff):
    assert access.can_administer(users["admin"])
    assert not access.can_administer(ward_staff[Role.ADMIN])
    assert not access.can_administer(users["leader"])


def test_can_view_audit(users, ward_staff):
    assert access.can_view_audit(users["leader"]) and access.can_view_audit(users["admin"])
    assert not access.can_view_audit(ward_staff[Role.LEADER])
    assert not access.can_view_audit(ward_staff[Role.ADMIN])
    assert not access.can_view_audit(users["head"])


def test_can_reset_second_factor(users, ward_staff):
    assert access.can_reset_second_factor(users["admin"], users["leader"])
    assert not access.can_reset_second_factor(users["admin"], users["admin"])
    assert not access.can_reset_second_factor(ward_staff[Role.ADMIN], users["leader"])


def test_can_approve_form(users, catalogue, department_form):
    assert access.can_approve_form(users["leader"], catalogue["form"])
    assert not access.can_approve_form(users["head"], catalogue["form"])
    assert access.can_approve_form(users["department_head"], department_form)
    assert not access.can_approve_form(users["department_head"], catalogue["form"])


def test_can_view_catalogue(users):
    assert access.can_view_catalogue(users["reporter"])
    assert not access.can_view_catalogue(users["outsider"])


def test_can_view_form(users, catalogue, department_form):
    assert access.can_view_form(users["reporter"], catalogue["form"])  # our ward fills it
    assert not access.can_view_form(users["other_reporter"], catalogue["form"])
    assert not access.can_view_form(users["reporter"], department_form)
    assert access.can_view_form(users["department_reporter"], department_form)


def test_can_open_round(users, ward_staff):
    assert access.can_open_round(users["compiler"]) and access.can_open_round(
        users["planning_compiler"])
    assert not access.can_open_round(ward_staff[Role.COMPILER])
    assert not access.can_open_round(users["department_reporter"])


def test_can_watch_rounds(users, ward_staff):
    assert access.can_watch_rounds(users["clerk"])
    assert not access.can_watch_rounds(ward_staff[Role.LEADER])
    assert not access.can_watch_rounds(users["head"])


def test_can_view_submission(users, collection, ward_staff):
    assert access.can_view_submission(users["reporter"], collection["submission"])
    assert not access.can_view_submission(users["reporter"], collection["other"])
    assert access.can_view_submission(ward_staff[Role.CLERK], collection["submission"])
    assert not access.can_view_submission(ward_staff[Role.CLERK], collection["other"])


def test_can_edit_submission(users, collection):
    assert access.can_edit_submission(users["reporter"], collection["submission"])
    assert not access.can_edit_submission(users["reporter"], collection["other"])
    assert not access.can_edit_submission(users["compiler"], collection["submission"])


def test_can_approve_submission(users, collection):
    assert access.can_approve_submission(users["head"], collection["submission"])
    assert not access.can_approve_submission(users["head"], collection["other"])
    assert not access.can_approve_submission(users["department_head"], collection["submission"])
    assert not access.can_approve_submission(users["reporter"], collection["submission"])


def test_can_send_submission(users, collection):
    assert access.can_send_submission(users["head"], collection["submission"])
    assert not access.can_send_submission(users["other_reporter"], collection["submission"])


def test_can_receive_submissions(users, ward_staff):
    assert access.can_receive_submissions(users["clerk"])
    assert not access.can_receive_submissions(ward_staff[Role.CLERK])


def test_can_extend_submission(users, ward_staff):
    assert access.can_extend_submission(users["compiler"])
    assert not access.can_extend_submission(ward_staff[Role.COMPILER])
    assert not access.can_extend_submission(users["head"])


def test_can_view_consolidation(users, tree):
    assert access.can_view_consolidation(users["leader"], tree["committee"])
    assert access.can_view_consolidation(users["reporter"], tree["ward"])
    assert not access.can_view_consolidation(users["reporter"], tree["committee"])
    assert not access.can_view_consolidation(users["reporter"], tree["other_ward"])


def test_can_view_draft(users, monthly_draft, ward_staff):
    assert access.can_view_draft(users["compiler"], monthly_draft)
    assert access.can_view_draft(users["leader"], monthly_draft)
    assert not access.can_view_draft(users["reporter"], monthly_draft)
    assert not access.can_view_draft(ward_staff[Role.LEADER], monthly_draft)


def test_can_order_ad_hoc(users, ward_staff):
    assert access.can_order_ad_hoc(users["leader"])
    assert not access.can_order_ad_hoc(ward_staff[Role.LEADER])
    assert not access.can_order_ad_hoc(users["office_head"])


def test_can_view_register(users, ward_staff):
    assert access.can_view_register(users["clerk"])
    assert not access.can_view_register(ward_staff[Role.CLERK])
    assert not access.can_view_register(users["head"])


@pytest.fixture
def document(monthly_draft, users, recipients):
    from baocao.documents.models import Document
    from baocao.drafting import workflow

    monthly_draft.step = monthly_draft.regime.steps.get(code="sign")
    monthly_draft.save()
    workflow.act(monthly_draft, "sign", users["office_head"])
    workflow.act(monthly_draft, "issue", users["clerk"], recipients=recipients)
    return Document.objects.get(draft=monthly_draft)


def test_can_view_document(users, document, ward_staff):
    assert access.can_view_document(users["clerk"], document)
    assert not access.can_view_document(users["reporter"], document)
    assert not access.can_view_document(ward_staff[Role.CLERK], document)


def test_can_correct_document(users, document, ward_staff):
    assert access.can_correct_document(users["compiler"], document)
    assert not access.can_correct_document(users["planning_compiler"], document)
    assert not access.can_correct_document(ward_staff[Role.COMPILER], document)


def test_can_import_values(users, ward_staff):
    assert access.can_import_values(users["compiler"]) and access.can_import_values(
        users["admin"])
    assert not access.can_import_values(users["reporter"])
    assert not access.can_import_values(ward_staff[Role.COMPILER])
    assert not access.can_import_values(users["leader"])


def test_can_write_values_of(users, tree, ward_staff):
    assert access.can_write_values_of(users["compiler"], tree["ward"])
    assert not access.can_write_values_of(users["reporter"], tree["ward"])
    assert not access.can_write_values_of(ward_staff[Role.COMPILER], tree["other_ward"])


def test_can_view_values_of(users, tree):
    assert access.can_view_values_of(users["reporter"], tree["ward"])
    assert not access.can_view_values_of(users["reporter"], tree["other_ward"])
    assert access.can_view_values_of(users["leader"], tree["other_ward"])


def test_can_view_people(users, ward_staff):
    assert access.can_view_people(users["compiler"]) and access.can_view_people(users["leader"])
    assert not access.can_view_people(users["reporter"])
    assert not access.can_view_people(ward_staff[Role.LEADER])


def test_can_upload_signature(users, ward_staff):
    assert access.can_upload_signature(users["office_head"])
    assert access.can_upload_signature(users["leader"])
    assert not access.can_upload_signature(ward_staff[Role.LEADER])
    assert not access.can_upload_signature(users["head"])  # the ward's head
    assert not access.can_upload_signature(users["clerk"])
    assert access.can_upload_signature(users["clerk"], has_key=True)  # given a key


def test_every_can_function_has_its_test():
    names = {n for n, f in inspect.getmembers(access, inspect.isfunction)
             if n.startswith("can_")}
    tested = {n[len("test_"):] for n in globals() if n.startswith("test_can_")}
    assert names - tested == set()


# --- quality (QT.07) ------------------------------------------------------------------------

@pytest.fixture
def ward_quality(tree):
    """A QMR and an ISO secretary of the ward's own committee, not of the installation's."""
    people = {}
    for role in (Role.QMR, Role.ISO_SECRETARY):
        user = User.objects.create_user(f"ward_{role}", password="x" * 12)
        Membership.objects.create(user=user, unit=tree["ward"], role=role)
        people[role] = User.objects.get(pk=user.pk)
    return people


@pytest.fixture
def quality_entries(users, tree, quality_form):
    from baocao.quality import registers, suggestions

    today = timezone.localdate()
    capa = registers.open_capa(unit=tree["department"], kind="corrective", problem="p",
                               action="a", responsible=users["department_reporter"],
                               due_date=today, actor=users["department_head"])
    audit = registers.plan_audit(committee=tree["committee"], title="a", planned_on=today,
                                 scope="s", units=[tree["department"]],
                                 auditors=[users["iso_secretary"]], actor=users["qmr"])
    suggestion = suggestions.submit(unit=tree["department"], title="t", body="b",
                                    actor=users["reporter"])
    return {"capa": capa, "audit": audit, "suggestion": suggestion}


def test_can_view_quality(users, tree, ward_staff, ward_quality):
    assert access.can_view_quality(users["department_reporter"], tree["department"])
    assert access.can_view_quality(users["iso_secretary"], tree["department"])
    assert not access.can_view_quality(users["reporter"], tree["department"])
    assert not access.can_view_quality(ward_staff[Role.LEADER], tree["department"])
    assert not access.can_view_quality(ward_quality[Role.QMR], tree["department"])


def test_can_manage_quality(users, ward_staff, ward_quality):
    assert access.can_manage_quality(users["qmr"]) and access.can_manage_quality(
        users["iso_secretary"])
    for user in (users["leader"], users["department_head"], ward_quality[Role.QMR],
                 ward_quality[Role.ISO_SECRETARY], ward_staff[Role.ADMIN]):
        assert not access.can_manage_quality(user)


def test_can_record_quality(users, tree, ward_quality):
    assert access.can_record_quality(users["department_reporter"], tree["department"])
    assert access.can_record_quality(users["department_head"], tree["department"])
    assert access.can_record_quality(users["iso_secretary"], tree["department"])
    assert not access.can_record_quality(users["leader"], tree["department"])
    assert not access.can_record_quality(users["reporter"], tree["department"])
    assert not access.can_record_quality(ward_quality[Role.ISO_SECRETARY], tree["department"])


def test_can_check_effectiveness(users, quality_entries, ward_quality):
    capa = quality_entries["capa"]
    assert access.can_check_effectiveness(users["department_head"], capa)
    assert access.can_check_effectiveness(users["qmr"], capa)
    assert not access.can_check_effectiveness(users["department_reporter"], capa)  # did it
    assert not access.can_check_effectiveness(ward_quality[Role.QMR], capa)


def test_can_complete_capa(users, quality_entries, ward_staff):
    capa = quality_entries["capa"]
    assert access.can_complete_capa(users["department_reporter"], capa)
    assert not access.can_complete_capa(users["leader"], capa)
    assert not access.can_complete_capa(ward_staff[Role.COMPILER], capa)


def test_can_assign_suggestions(users, ward_quality, ward_staff):
    assert access.can_assign_suggestions(users["qmr"])
    for user in (users["iso_secretary"], users["leader"], ward_quality[Role.QMR],
                 ward_staff[Role.ADMIN]):
        assert not access.can_assign_suggestions(user)


def test_can_view_suggestion(users, quality_entries, ward_staff):
    suggestion = quality_entries["suggestion"]
    assert access.can_view_suggestion(users["reporter"], suggestion)  # its author
    assert access.can_view_suggestion(users["department_head"], suggestion)
    assert access.can_view_suggestion(users["qmr"], suggestion)
    assert not access.can_view_suggestion(users["other_reporter"], suggestion)
    assert not access.can_view_suggestion(ward_staff[Role.LEADER], suggestion)


def test_can_suggest(users):
    assert access.can_suggest(users["reporter"]) and access.can_suggest(users["leader"])
    assert not access.can_suggest(users["outsider"])


def test_can_write_management_review(users, ward_quality):
    assert access.can_write_management_review(users["qmr"])
    for user in (users["iso_secretary"], users["leader"], ward_quality[Role.QMR]):
        assert not access.can_write_management_review(user)


def test_can_view_management_reviews(users, ward_staff, ward_quality):
    assert access.can_view_management_reviews(users["leader"])
    assert access.can_view_management_reviews(users["qmr"])
    for user in (users["department_head"], ward_staff[Role.LEADER], ward_quality[Role.QMR]):
        assert not access.can_view_management_reviews(user)


def test_can_view_internal_audit(users, quality_entries, ward_staff):
    audit = quality_entries["audit"]
    assert access.can_view_internal_audit(users["iso_secretary"], audit)  # its auditor
    assert access.can_view_internal_audit(users["department_head"], audit)  # audited
    assert not access.can_view_internal_audit(users["department_reporter"], audit)
    assert not access.can_view_internal_audit(ward_staff[Role.LEADER], audit)


def test_can_remind_units(users, ward_staff):
    assert access.can_remind_units(users["clerk"])
    assert access.can_remind_units(users["compiler"])
    assert not access.can_remind_units(ward_staff[Role.COMPILER])
    assert not access.can_remind_units(users["reporter"])
    assert not access.can_remind_units(users["outsider"])


def test_can_view_records(users):
    assert access.can_view_records(users["clerk"])
    assert access.can_view_records(users["leader"])
    assert not access.can_view_records(users["reporter"])
    assert not access.can_view_records(users["outsider"])


def test_can_keep_records(users, ward_staff):
    assert access.can_keep_records(users["clerk"])
    assert not access.can_keep_records(users["leader"])
    assert not access.can_keep_records(users["compiler"])
    assert not access.can_keep_records(ward_staff[Role.COMPILER])
