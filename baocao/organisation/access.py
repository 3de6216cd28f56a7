"""Who may see and do what: computed from a user's memberships alone, in this one module.

Every view asks here.  A membership gives its role over a *scope*: the unit it is held in and
everything below it; the committee-wide roles (leaders, administrators, the quality roles) and the
office's and planning department's staff (compiler, clerk, head) work for the whole committee, so
their scope is the committee their unit belongs to.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from baocao.lib import rows
from baocao.lib.memo import per_request

from .models import ADMINISTRATIVE_KINDS, Delegation, Kind, Membership, OrgUnit, Role

COMMITTEE_WIDE_ROLES = frozenset({Role.LEADER, Role.ADMIN, Role.QMR, Role.ISO_SECRETARY})
STAFF_ROLES = frozenset({Role.COMPILER, Role.CLERK, Role.HEAD})
STAFF_UNIT_KINDS = frozenset({Kind.OFFICE, Kind.PLANNING_DEPARTMENT})
# The second factor is required of whoever administers or leads (these roles anywhere), and of
# whoever signs or issues the committee's documents: heads (the office head signs the monthly
# report; heads sign by order, TL., or by authorisation, TUQ.) and clerks (they issue and seal)
# of the office, the planning department and the departments.  A ward's head approves only
# their ward's report: for them, as for everyone else, it is optional.
SECOND_FACTOR_ROLES = frozenset({Role.LEADER, Role.ADMIN})
SIGNING_ROLES = frozenset({Role.HEAD, Role.CLERK})
SIGNING_UNIT_KINDS = frozenset({Kind.OFFICE, Kind.PLANNING_DEPARTMENT, Kind.DEPARTMENT})
# Who answers for a unit asked to comment on a draft.
ANSWERING_ROLES = (Role.HEAD, Role.COMPILER, Role.REPORTER)


def memberships(user) -> list[Membership]:
    """The user's memberships in force today (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_baocao_memberships", None)
    if cached is None:
        today = timezone.localdate()
        cached = []
        for m, unit in rows.fetch(  # every request asks: a statement written once (lib/rows)
                f"SELECT {rows.columns(Membership, 'm')}, {rows.columns(OrgUnit, 'u')} "  # noqa: S608
                f"FROM {rows.table(Membership)} m JOIN {rows.table(OrgUnit)} u "
                "ON u.id = m.unit_id WHERE m.user_id = %s ORDER BY u.path, m.role, m.id",
                [user.pk], Membership, OrgUnit):
            if m.is_active_on(today):
                m.unit = unit
                cached.append(m)
        user._baocao_memberships = cached
    return cached


def people_of(unit, roles) -> list:
    """The active users holding one of `roles` in `unit` today."""
    today = timezone.localdate()
    found = Membership.objects.filter(unit=unit, role__in=roles,
                                      user__is_active=True).select_related("user")
    return list({m.user_id: m.user for m in found if m.is_active_on(today)}.values())


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def is_administrator(user) -> bool:
    """A superuser, or the `admin` role held for the committee (not one held in a ward)."""
    return bool(getattr(user, "is_superuser", False) and user.is_active) or \
        has_committee_role(user, Role.ADMIN)


def scope_of(membership: Membership) -> OrgUnit:
    """The unit under which this membership's role applies (worked out once per membership)."""
    scope = getattr(membership, "_scope", None)
    if scope is None:
        unit, role = membership.unit, membership.role
        widened = role in COMMITTEE_WIDE_ROLES or (
            role in STAFF_ROLES and unit.kind in STAFF_UNIT_KINDS)
        scope = unit.committee() if widened else unit
        membership._scope = scope
    return scope


def scope_roots(user, *only_roles: str) -> list[OrgUnit]:
    ms = memberships(user)
    if only_roles:
        ms = [m for m in ms if m.role in only_roles]
    return [scope_of(m) for m in ms]


def visible_units(user):
    """Every unit this user may see (a queryset)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return OrgUnit.objects.all()
    roots = scope_roots(user)
    if not roots:
        return OrgUnit.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return OrgUnit.objects.filter(condition)


def can_view_unit(user, unit: OrgUnit) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(unit.is_within(root) for root in scope_roots(user))


def can_administer(user) -> bool:
    """Units, users, memberships, and later indicators, forms and calendars."""
    return is_administrator(user)


def can_view_audit(user) -> bool:
    """The audit log: the administrators and the committee's leaders (not a ward's)."""
    return is_administrator(user) or has_committee_role(user, Role.LEADER)


def needs_second_factor(user) -> bool:
    """Whether this user may open no page before their second factor (SECOND_FACTOR_ROLES,
    SIGNING_ROLES in SIGNING_UNIT_KINDS, superusers)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(m.role in SECOND_FACTOR_ROLES
               or (m.role in SIGNING_ROLES and m.unit.kind in SIGNING_UNIT_KINDS)
               for m in memberships(user))


def can_reset_second_factor(user, person) -> bool:
    """An administrator resets another person's second factor (never their own: a lost device
    of the administrator's is reset by another administrator)."""
    return is_administrator(user) and user.pk != person.pk


def require(allowed: bool) -> None:
    """Raise the 403 page when a check fails; views call require(can_…(user, …))."""
    if not allowed:
        raise PermissionDenied


@per_request
def committee() -> OrgUnit | None:
    """The committee this installation runs (BAOCAO_COMMITTEE_CODE, else the top unit); read
    once per request."""
    code = settings.BAOCAO_COMMITTEE_CODE
    select = rows.select(OrgUnit, "u")
    if code:
        found = rows.fetch(select + "WHERE u.code = %s ORDER BY u.path LIMIT 1", [code], OrgUnit)
    else:
        kinds = sorted(ADMINISTRATIVE_KINDS)
        found = rows.fetch(select + f"WHERE u.parent_id IS NULL AND u.kind IN ({rows.marks(kinds)})"
                           " ORDER BY u.path LIMIT 1", kinds, OrgUnit)
    return found[0][0] if found else None


def navigation(user) -> list[dict]:
    """The menu a user sees, by role: {"url": URL name, "label"} or {"label", "children"}."""
    from django.utils.translation import gettext as _

    items = [{"url": "home", "label": _("To do")}]
    if memberships(user) or getattr(user, "is_superuser", False):
        items.append({"url": "collection:round_list", "label": _("Reports")})
        items.append({"url": "consolidation:table", "label": _("Consolidation")})
        items.append({"url": "organisation:unit_list", "label": _("Units")})
        items.append({"label": _("Catalogue"), "children": [
            {"url": "catalogue:form_list", "label": _("Report forms")},
            {"url": "catalogue:indicator_list", "label": _("Indicators")},
            {"url": "catalogue:regime_list", "label": _("Regimes and calendar")},
        ]})
    if memberships(user):
        items.append({"url": "drafting:draft_list", "label": _("Drafts")})
        items.append({"url": "quality:home", "label": _("Quality")})
    if can_view_register(user):
        items.append({"url": "documents:register", "label": _("Documents")})
    if can_view_records(user):
        items.append({"url": "records:dossier_list", "label": _("Records")})
    if can_view_audit(user):
        items.append({"url": "audit:event_list", "label": _("Audit log")})
    if can_administer(user):
        items.append({"url": "admin:index", "label": _("Administration")})
    return items


# --- the catalogue -----------------------------------------------------------------------------

def can_view_catalogue(user) -> bool:
    """Indicators, regimes and the calendar are reference data for anyone with a role."""
    return bool(memberships(user)) or is_administrator(user)


def _committee_for(user):
    """committee(), looked up once per request's user."""
    if not hasattr(user, "_baocao_committee"):
        user._baocao_committee = committee()
    return user._baocao_committee


def sees_whole_committee(user) -> bool:
    committee_unit = _committee_for(user)
    return is_administrator(user) or (
        committee_unit is not None
        and any(root.pk == committee_unit.pk for root in scope_roots(user))
    )


def can_view_form(user, form) -> bool:
    """A form is seen by the committee-wide roles and by the units that fill it."""
    if sees_whole_committee(user):
        return True
    return any(can_view_unit(user, unit) for unit in form.units.all())


def visible_forms(user, forms):
    """Of a ReportForm queryset, those the user may see."""
    if sees_whole_committee(user):
        return forms
    return forms.filter(units__in=visible_units(user)).distinct()


def is_chair(user) -> bool:
    """The committee's chair (or acting chair): a leader of the committee whose position is
    "Chủ tịch" or "Quyền Chủ tịch", not a vice chair."""
    committee_unit = _committee_for(user)
    if committee_unit is None:
        return False
    for m in memberships(user):
        position = m.position.strip().lower()
        if (m.role == Role.LEADER and scope_of(m).pk == committee_unit.pk
                and "chủ tịch" in position and "phó" not in position):
            return True
    return False


def has_delegation(user, power: str) -> bool:
    """A power the chair delegated to this user, in force today."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    today = timezone.localdate()
    return any(d.is_active_on(today) and is_chair(d.granted_by)
               for d in Delegation.objects.filter(delegate=user, power=power)
               .select_related("granted_by"))


def check_delegation(delegation: Delegation) -> None:
    """Only the chair delegates, and only to another leader of the committee; raises a
    ValidationError naming the field otherwise."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    errors = {}
    if delegation.granted_by_id and not is_chair(delegation.granted_by):
        errors["granted_by"] = _("Only the chair of the committee delegates this power.")
    if delegation.delegate_id and not has_committee_role(delegation.delegate, Role.LEADER):
        errors["delegate"] = _("The power goes to a leader of the committee (a vice chair).")
    if delegation.granted_by_id and delegation.granted_by_id == delegation.delegate_id:
        errors["delegate"] = _("The chair holds this power already.")
    if errors:
        raise ValidationError(errors)


def form_owner(form) -> OrgUnit | None:
    """The unit whose own form this is, or None for the committee's forms.  A form is a unit's
    own when its regime is run by each department for itself (lead `each_department`) and
    only that unit, or units under it, fill it; every other form collects for the committee."""
    if form.regime.lead != "each_department":
        return None
    units = list(form.units.all())
    if not units:
        return None
    common = units[0].path
    for unit in units[1:]:
        while not unit.path.startswith(common):
            common = common[:common.rstrip("/").rfind("/") + 1]
    owner = OrgUnit.objects.filter(path=common).first()
    if owner is None or owner.is_committee:
        return None
    return owner


def can_approve_form(user, form) -> bool:
    """The committee's forms are approved by the chair ("mẫu báo cáo đã được Chủ tịch UBND
    duyệt", seed 1 §5.1.1), or by the leader the chair delegated (Delegation); a unit's own
    form by that unit's head (or the chair)."""
    owner = form_owner(form)
    if owner is not None and Role.HEAD in roles_in_unit(user, owner):
        return True
    return is_chair(user) or has_delegation(user, Delegation.Power.APPROVE_FORMS)


# --- collection --------------------------------------------------------------------------------

def roles_in_unit(user, unit) -> set[str]:
    """Roles held in the unit itself or in a unit above it (not widened to the committee):
    the roles that let someone fill, approve and send *this unit's* report."""
    return {m.role for m in memberships(user) if unit.is_within(m.unit)}


def has_committee_role(user, *wanted: str) -> bool:
    """A role held with the whole committee as its scope (the office's compiler and clerk…)."""
    committee_unit = _committee_for(user)
    if committee_unit is None:
        return False
    return any(m.role in wanted and scope_of(m).pk == committee_unit.pk
               for m in memberships(user))


def can_open_round(user) -> bool:
    return has_committee_role(user, Role.COMPILER)


def can_watch_rounds(user) -> bool:
    """The round pages with every unit: the office and planning staff, leaders, admins."""
    return sees_whole_committee(user)


def can_view_submission(user, submission) -> bool:
    return sees_whole_committee(user) or can_view_unit(user, submission.unit)


def can_edit_submission(user, submission) -> bool:
    return bool(roles_in_unit(user, submission.unit) & {Role.REPORTER, Role.HEAD})


def can_approve_submission(user, submission) -> bool:
    return Role.HEAD in roles_in_unit(user, submission.unit)


def can_send_submission(user, submission) -> bool:
    return can_edit_submission(user, submission)


def can_receive_submissions(user) -> bool:
    return has_committee_role(user, Role.CLERK)


def can_extend_submission(user) -> bool:
    return has_committee_role(user, Role.COMPILER)


def can_remind_units(user) -> bool:
    """Reminding the units that have not sent: the office's clerk, who receives the reports, and
    the compiler, who opened the round."""
    return has_committee_role(user, Role.CLERK, Role.COMPILER)


# --- consolidation -----------------------------------------------------------------------------

def can_view_consolidation(user, unit) -> bool:
    """The consolidated figures of a unit: for those who see that unit (the committee's staff and
    leaders see all; a ward's people their ward)."""
    return can_view_unit(user, unit)


def default_unit(user):
    """The unit a user's consolidated pages open on: the committee, or their own unit."""
    if sees_whole_committee(user):
        return committee()
    roots = scope_roots(user)
    return roots[0] if roots else None


# --- drafting and documents --------------------------------------------------------------------

def can_view_draft(user, draft) -> bool:
    """A draft is seen by the committee's staff and leaders, by its leading unit, and by whoever
    is asked to comment on it."""
    if sees_whole_committee(user) or any(m.unit_id == draft.lead_unit_id
                                         for m in memberships(user)):
        return True
    return any(invitee_for(c, user) is not None for c in draft.consultations.all())


def invitee_for(consultation, user):
    """The invitation of a consultation this user answers: their own, or their unit's."""
    units = {m.unit_id for m in memberships(user) if m.role in ANSWERING_ROLES}
    for invitee in consultation.invitees.all():
        if invitee.user_id == user.pk or (invitee.unit_id and invitee.unit_id in units):
            return invitee
    return None


def can_order_ad_hoc(user) -> bool:
    """Ad hoc reports are ordered by the committee's leaders (seed 2 §5.1.2 d)."""
    return has_committee_role(user, Role.LEADER)


def can_upload_signature(user, has_key: bool = False) -> bool:
    """A signer keeps the image of their handwritten signature: those who sign the committee's
    documents (the leaders, the heads of its office and planning department), and anyone the
    administrator gave a signing key.  A head or chair of a ward signs nothing of the
    committee's."""
    return has_key or has_committee_role(user, Role.HEAD, Role.LEADER)


def can_view_records(user) -> bool:
    """The dossiers (Mục lục hồ sơ): whoever sees the whole committee (its office, leaders)."""
    return sees_whole_committee(user) or has_committee_role(user, Role.CLERK)


def can_keep_records(user) -> bool:
    """Filing, holds, transfers, disposals: the office's clerk (văn thư, who files records)."""
    return has_committee_role(user, Role.CLERK)


def can_view_register(user) -> bool:
    return sees_whole_committee(user)


def can_view_document(user, document) -> bool:
    return can_view_draft(user, document.draft)


def can_correct_document(user, document) -> bool:
    """A correction is drafted by the compiler of the unit that led the document."""
    return any(m.unit_id == document.draft.lead_unit_id and m.role == Role.COMPILER
               for m in memberships(user))


# --- quality (QT.07) ---------------------------------------------------------------------------

QUALITY_RECORDING_ROLES = frozenset({Role.REPORTER, Role.HEAD, Role.COMPILER})


def can_view_quality(user, unit) -> bool:
    """A unit's quality registers and statistics: its own people, and the committee's staff,
    leaders, QMR and ISO secretary."""
    return sees_whole_committee(user) or can_view_unit(user, unit)


def can_manage_quality(user) -> bool:
    """The quality system of the committee: the audit plan, the surveys and their questions, the
    registers' completeness.  The QMR and the ISO secretary, within their committee only."""
    return has_committee_role(user, Role.QMR, Role.ISO_SECRETARY)


def can_record_quality(user, unit) -> bool:
    """Entries in a unit's registers: its reporter, head or compiler; the ISO secretary and the
    QMR for any unit of the committee."""
    return bool(roles_in_unit(user, unit) & QUALITY_RECORDING_ROLES) or (
        can_manage_quality(user) and can_view_unit(user, unit))


def can_view_internal_audit(user, audit) -> bool:
    """An audit of the plan: the committee's staff and quality roles, its auditors, and the heads
    of the units it audits."""
    return sees_whole_committee(user) or audit.auditors.filter(pk=user.pk).exists() or any(
        Role.HEAD in roles_in_unit(user, unit) for unit in audit.units.all())


def can_check_effectiveness(user, capa) -> bool:
    """A CAPA's effectiveness is checked by the unit's head, the QMR or the ISO secretary, and
    never by whoever carried it out."""
    if capa.responsible_id == user.pk:
        return False
    return Role.HEAD in roles_in_unit(user, capa.unit) or can_manage_quality(user)


def can_complete_capa(user, capa) -> bool:
    return capa.responsible_id == user.pk or can_record_quality(user, capa.unit)


def is_head_of(user, unit) -> bool:
    return Role.HEAD in roles_in_unit(user, unit)


def can_assign_suggestions(user) -> bool:
    """The QMR assigns (or declines) the suggestions sent up to them."""
    return has_committee_role(user, Role.QMR)


def can_view_suggestion(user, suggestion) -> bool:
    """Its author, whoever it is assigned to, the department concerned, and the committee's
    quality roles, staff and leaders."""
    return (suggestion.author_id == user.pk or suggestion.assignee_id == user.pk
            or can_view_quality(user, suggestion.unit))


def can_suggest(user) -> bool:
    """Anyone with a role may make a suggestion (citizens through the public page)."""
    return bool(memberships(user))


def can_write_management_review(user) -> bool:
    return has_committee_role(user, Role.QMR)


def can_view_management_reviews(user) -> bool:
    return sees_whole_committee(user)


# --- the API -----------------------------------------------------------------------------------

def can_import_values(user) -> bool:
    """Values imported directly (official as they come, DESIGN §8: `baocao import values`,
    POST /api/dataValueSets): the administrators and the committee's compilers."""
    return is_administrator(user) or has_committee_role(user, Role.COMPILER)


def can_write_values_of(user, unit) -> bool:
    """Official values of `unit` written through the API: an importer who sees the unit."""
    return can_import_values(user) and can_view_unit(user, unit)


def can_view_values_of(user, unit) -> bool:
    """A unit's official values (GET /api/dataValueSets): whoever sees the unit."""
    return can_view_unit(user, unit)


def can_view_people(user) -> bool:
    """The list of people and their roles (GET /api/v1/people): the committee's staff, leaders
    and administrators."""
    return sees_whole_committee(user)
