"""What awaits each person in collection, for the home page "Việc cần làm"."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.registry import TodoItem
from baocao.organisation import access
from baocao.organisation.models import Role

from .models import Round, Submission

S = Submission.State


def todo_items(user) -> list[TodoItem]:
    items: list[TodoItem] = []
    today = timezone.localdate()
    open_subs = Submission.objects.filter(round__state=Round.State.OPEN).select_related(
        "round", "round__form", "unit")
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
            items.append(TodoItem(title % {"round": s.round}, reverse(
                "collection:submission", args=[s.pk]), s.unit.name, s.due_date,
                urgent=s.due_date <= today or s.state == S.RETURNED))
    if access.can_receive_submissions(user):
        waiting = open_subs.filter(state=S.SENT).count()
        if waiting:
            items.append(TodoItem(_("%(n)d sent report(s) to receive") % {"n": waiting},
                                  reverse("collection:round_list"), urgent=True))
    if access.can_open_round(user):
        for r in Round.objects.filter(state=Round.State.OPEN).annotate(
                waiting=Count("submissions", filter=~Q(submissions__state__in=[S.SENT,
                                                                              S.RECEIVED]))
        ).filter(waiting__gt=0).select_related("form"):
            items.append(TodoItem(
                _("Watch the round %(round)s: %(n)d unit(s) have not sent") % {
                    "round": r, "n": r.waiting},
                reverse("collection:round_detail", args=[r.pk]), due=r.due_date,
                urgent=r.due_date < today))
    return items
