"""What awaits each person in drafting, for "Việc cần làm": drafts to write, review, initial,
sign or issue; consultations to answer; comments to take in."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from baocao.catalogue.models import Action, ActorUnit
from baocao.core.registry import TodoItem
from baocao.organisation import access
from baocao.organisation.models import Role

from . import workflow
from .models import Comment, Draft, Invitee

VERBS = {
    Action.SUBMIT: gettext_lazy("Write and submit"), Action.APPROVE: gettext_lazy("Review"),
    Action.EDIT: gettext_lazy("Review"), Action.INITIAL: gettext_lazy("Review and initial"),
    Action.CONSULT: gettext_lazy("Ask for comments on"),
    Action.RESOLVE: gettext_lazy("Take in the comments on"), Action.SIGN: gettext_lazy("Sign"),
    Action.ISSUE: gettext_lazy("Issue"), Action.DISTRIBUTE: gettext_lazy("Distribute"),
}


def _verb(draft: Draft) -> str:
    actions = [t.action for t in draft.step.transitions.all()]
    for action in (Action.ISSUE, Action.SIGN, Action.INITIAL, Action.RESOLVE, Action.CONSULT,
                   Action.DISTRIBUTE, Action.APPROVE, Action.SUBMIT):
        if action in actions:
            return str(VERBS[action])
    return _("Act on")


def _later_draft():
    """A draft of a later round of the same form: it supersedes this one's tasks (August's
    report, never finished, leaves the home page once September's is drafted)."""
    return Draft.objects.filter(
        round__form=OuterRef("round__form"), round__period_end__gt=OuterRef("round__period_end"),
        corrects__isnull=True, report_request__isnull=True)


def _could_act(user) -> Q:
    """The drafts whose current step this user might act at, in SQL: a step of the leading
    unit with a role the user holds there, or a committee's or office's step with a role the
    user holds anywhere.  A wider set than workflow.is_actor's, which still decides; it only
    keeps the drafts a person could never act on (all of them, for a ward's reporter) from
    being read."""
    anywhere = Q(step__actor_unit__in=(ActorUnit.COMMITTEE, ActorUnit.OFFICE),
                 step__role__in=access.roles(user))
    lead = Q()
    for m in access.memberships(user):
        acting_as = {m.role, Role.COMPILER} if m.role == Role.REPORTER else {m.role}
        lead |= Q(step__actor_unit=ActorUnit.LEAD, lead_unit_id=m.unit_id,
                  step__role__in=acting_as)
    return anywhere | lead


def todo_items(user) -> list[TodoItem]:
    if not access.memberships(user):
        return []
    items: list[TodoItem] = []
    today = timezone.localdate()
    drafts = Draft.objects.exclude(step__is_final=True).exclude(
        Exists(_later_draft())).select_related("step", "lead_unit", "regime").prefetch_related(
        "step__transitions")
    # Taking in comments is for the leading unit's compiler or reporter (can_take_in).
    taking_in = {m.unit_id for m in access.memberships(user)
                 if m.role in (Role.COMPILER, Role.REPORTER)}
    pending = {} if not taking_in else Counter(Comment.objects.filter(
        resolution=Comment.Resolution.PENDING, draft__state=Draft.State.OPEN,
        draft__lead_unit__in=taking_in).values_list("draft_id", flat=True))
    mine: set[int] = set()  # drafts with a task already: their comments join it
    # The drafts this user could act on, by a light query first: mostly none, and then the
    # drafts with their steps and transitions are not read at all.
    candidates = list(Draft.objects.filter(_could_act(user)).exclude(
        step__is_final=True).values_list("pk", flat=True))
    for draft in drafts.filter(pk__in=candidates) if candidates else ():
        if draft.step.actor_unit == ActorUnit.CONSULTED:
            continue
        if not workflow.is_actor(draft, draft.step, user):
            continue
        detail = _("%(step)s · waiting since %(day)s") % {
            "step": draft.step.name, "day": draft.step_since.strftime("%d/%m/%Y")}
        url = reverse("drafting:draft", args=[draft.pk])
        if pending.get(draft.pk) and workflow.can_take_in(draft, user):
            detail += " · " + ngettext("%(n)d comment to take in", "%(n)d comments to take in",
                                       pending[draft.pk]) % {"n": pending[draft.pk]}
            if _verb(draft) == str(VERBS[Action.RESOLVE]):
                url = reverse("drafting:comments", args=[draft.pk])
            mine.add(draft.pk)
        items.append(TodoItem(
            f"{_verb(draft)}: {draft.title}", url, detail,
            draft.due_date, urgent=bool(draft.due_date and draft.due_date <= today)))
    heads_of = {m.unit_id for m in access.memberships(user) if m.role == Role.HEAD}
    for draft in drafts.filter(ad_hoc__isnull=False, lead_unit__in=heads_of) if heads_of \
            else ():  # (no unit headed: no query to compile)
        if not workflow.is_actor(draft, draft.step, user):
            items.append(TodoItem(
                _("Ad hoc report assigned to your unit: %(draft)s") % {"draft": draft.title},
                reverse("drafting:draft", args=[draft.pk]), draft.step.name, draft.due_date,
                urgent=bool(draft.due_date and draft.due_date <= today)))
    # The consultations this user answers (access.invitee_for: their own invitation, or their
    # unit's, the first of the consultation's), in one query of the user's invitations.
    answering = {m.unit_id for m in access.memberships(user) if m.role in access.ANSWERING_ROLES}
    first: dict[int, Invitee] = {}
    invited = Invitee.objects.filter(consultation__closed_at__isnull=True).filter(
        Q(user=user) | Q(unit_id__in=answering))
    for invitee in invited.select_related("consultation__draft").order_by("pk") \
            if invited.values_list("pk").order_by()[:1] else ():  # (mostly none: light first)
        first.setdefault(invitee.consultation_id, invitee)
    for invitee in sorted(first.values(), key=lambda i: i.consultation_id):
        consultation = invitee.consultation
        if invitee.state == Invitee.State.PENDING:
            items.append(TodoItem(
                _("Comment on: %(draft)s") % {"draft": consultation.draft.title},
                reverse("drafting:draft", args=[consultation.draft_id]) + "#consultation",
                consultation.message[:120], consultation.deadline,
                urgent=consultation.deadline <= today))
    others = set(pending) - mine
    waiting = () if not others else Draft.objects.filter(pk__in=others).exclude(
        Exists(_later_draft())).annotate(pending=Count(
            "comments", filter=Q(comments__resolution=Comment.Resolution.PENDING))
    ).select_related("lead_unit")
    for draft in waiting:
        if workflow.can_take_in(draft, user):
            items.append(TodoItem(
                _("%(n)d comment(s) to take in: %(draft)s") % {"n": draft.pending,
                                                                 "draft": draft.title},
                reverse("drafting:comments", args=[draft.pk]), due=draft.due_date))
    return items
