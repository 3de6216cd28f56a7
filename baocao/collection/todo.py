"""What awaits each person in collection, for the home page "Việc cần làm"."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.registry import TodoItem
from baocao.organisation import access
from baocao.organisation.models import Role

from .models import Round, Submission
from .pages import progress_line

S = Submission.State


def todo_items(user) -> list[TodoItem]:
    items: list[TodoItem] = []
    today = timezone.localdate()
    open_subs = Submission.objects.filter(round__state=Round.State.OPEN).select_related(
        "round", "round__form", "round__form_version", "unit")
    units_with = {}
    for m in access.memberships(user):
        units_with.setdefault(m.role, []).append(m.unit)
    reporting = units_with.get(Role.REPORTER, []) + units_with.get(Role.HEAD, [])
    if reporting:
        condition = Q()
        for unit in reporting:
            condition |= Q(unit__path__startswith=unit.path)
        for s in open_subs.filter(condition, state__in=[S.DRAFT, S.RETURNED, S.APPROVED]):
            heads = Role.HEAD in access.roles_in_unit(user, s.unit)
            if s.state == S.RETURNED:
                title = _("Correct the returned report: %(round)s")
            elif s.state == S.APPROVED:
                title = _("Send the approved report: %(round)s")
            elif heads:
                title = _("Fill, approve and send: %(round)s")
            else:
                title = _("Fill the report: %(round)s")
            detail = " · ".join(filter(None, [s.unit.name, progress_line(s)]))
            if s.state == S.RETURNED and s.return_reason:
                detail += " · " + _("Reason for the return: %(reason)s") % {
                    "reason": s.return_reason[:200]}
            items.append(TodoItem(title % {"round": _named(s.round)}, reverse(
                "collection:submission", args=[s.pk]), detail, s.due_date,
                urgent=s.due_date <= today or s.state == S.RETURNED))
    if access.can_receive_submissions(user):
        # one task per round, leading to it (its sent reports are received there, one by one or
        # all at once)
        for r in Round.objects.filter(state=Round.State.OPEN).annotate(
                waiting=Count("submissions", filter=Q(submissions__state=S.SENT))).filter(
                waiting__gt=0).select_related("form").order_by("-period_end", "form__name"):
            items.append(TodoItem(
                _("Receive %(n)d sent report(s): %(round)s") % {
                    "n": r.waiting, "round": _named(r)},
                reverse("collection:round_detail", args=[r.pk]) + "#bulk-form",
                due=r.due_date, urgent=True))
    if access.can_open_round(user):
        for r in latest_open_rounds().annotate(
                waiting=Count("submissions", filter=~Q(submissions__state__in=[S.SENT,
                                                                              S.RECEIVED]))
        ).filter(waiting__gt=0):
            items.append(TodoItem(
                _("Watch the round %(round)s: %(n)d unit(s) have not sent") % {
                    "round": _named(r), "n": r.waiting},
                reverse("collection:round_detail", args=[r.pk]), due=r.due_date,
                urgent=r.due_date < today))
    return items


def _named(rnd: Round) -> str:
    """A round as a person tells it from the others: its form's name and its period in words."""
    return f"{rnd.form.name} — {rnd.period_label}"


def latest_open_rounds():
    """The open rounds that no later round of the same form has superseded: a task to watch
    August's collection goes once September's round is open."""
    later = Round.objects.filter(form=OuterRef("form"), period_end__gt=OuterRef("period_end"))
    return Round.objects.filter(state=Round.State.OPEN).exclude(Exists(later)).select_related(
        "form").order_by("-period_end", "form__name")
