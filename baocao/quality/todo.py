"""What awaits each person in quality, for "Việc cần làm": suggestions to record, assign, carry
out or answer; CAPAs to carry out or check; complaints to explain; erroneous documents to
correct; for the ISO secretary, the audits coming and the registers not yet complete."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.registry import TodoItem
from baocao.lib import probe
from baocao.organisation import access
from baocao.organisation.models import Role, User

from . import completeness
from .models import Capa, Complaint, DocumentError, InternalAudit, Suggestion

S = Suggestion.State


def _units_where(user, *roles) -> list:
    return [m.unit for m in access.memberships(user) if m.role in roles]


def _under(queryset, units, field="unit"):
    from django.db.models import Q

    condition = Q()
    for unit in units:
        condition |= Q(**{f"{field}__path__startswith": unit.path})
    return queryset.filter(condition) if units else queryset.none()


def todo_items(user) -> list[TodoItem]:
    if not access.memberships(user):
        return []
    today = timezone.localdate()
    items: list[TodoItem] = []
    headed = _units_where(user, Role.HEAD)
    recording = _units_where(user, Role.HEAD, Role.REPORTER, Role.COMPILER)

    def suggestion(title):
        return lambda s: TodoItem(title % {"title": s.title},
                                  reverse("quality:suggestion", args=[s.pk]), s.unit.name,
                                  s.step_due, urgent=bool(s.step_due and s.step_due <= today))

    def capa_to_do(capa):
        return TodoItem(_("Carry out %(capa)s: %(action)s") % {
            "capa": capa, "action": capa.action[:80]}, reverse("quality:capa", args=[capa.pk]),
            capa.unit.name, capa.due_date, urgent=capa.due_date <= today)

    def capa_to_check(capa):
        return TodoItem(_("Check the effectiveness of %(capa)s") % {"capa": capa},
                        reverse("quality:capa", args=[capa.pk]), _("%(unit)s · done on %(day)s") % {
                            "unit": capa.unit.name,
                            "day": capa.done_on.strftime("%d/%m/%Y") if capa.done_on else "—"})

    def complaint(c):
        return TodoItem(_("Explain the complaint: %(subject)s") % {"subject": c.subject[:80]},
                        reverse("quality:complaint", args=[c.pk]), c.unit.name,
                        c.explanation_due, urgent=c.explanation_due <= today)

    def document_error(e):
        return TodoItem(_("Correct the erroneous document: %(doc)s") % {
            "doc": e.document_title[:80]}, reverse("quality:document_error", args=[e.pk]),
            e.unit.name, urgent=(today - e.found_on).days > 7)

    # (name, the rows, the task of a row), in the order the tasks are listed; only what the
    # user's roles can have, and of that only what one probe finds rows for (mostly nothing).
    kinds = []
    if headed:
        kinds += [
            ("recorded", _under(Suggestion.objects.filter(state=S.SUBMITTED), headed), suggestion(
                _("Record the suggestion and send it to the QMR: %(title)s"))),
            ("answered", _under(Suggestion.objects.filter(state__in=[S.DONE, S.DECLINED]),
                                headed),
             suggestion(_("Tell the author what became of: %(title)s")))]
    if access.can_assign_suggestions(user):
        kinds.append(("with_qmr", Suggestion.objects.filter(state=S.WITH_QMR), suggestion(
            _("Assign or decline the suggestion: %(title)s"))))
    kinds += [
        ("assigned", Suggestion.objects.filter(state=S.ASSIGNED, assignee=user), suggestion(
            _("Carry out the suggestion: %(title)s"))),
        ("capa", Capa.objects.filter(state=Capa.State.OPEN, responsible=user), capa_to_do)]
    checking = Capa.objects.filter(state=Capa.State.DONE).exclude(responsible=user)
    if access.can_manage_quality(user) or headed:
        kinds.append(("checking", checking if access.can_manage_quality(user)
                      else _under(checking, headed), capa_to_check))
    if headed:
        kinds.append(("complaint", _under(Complaint.objects.filter(
            state=Complaint.State.RECEIVED), headed), complaint))
    if recording:
        kinds.append(("document_error", _under(DocumentError.objects.filter(
            state=DocumentError.State.OPEN), recording), document_error))
    there = probe.which_exist(User.objects.filter(pk=user.pk),
                              **{name: rows for name, rows, _task in kinds})
    for name, rows, task in kinds:
        if name in there:
            items.extend(task(row) for row in rows.select_related("unit"))

    if access.can_manage_quality(user):
        soon = today + timedelta(days=14)
        for audit in InternalAudit.objects.filter(state=InternalAudit.State.PLANNED,
                                                  planned_on__lte=soon):
            items.append(TodoItem(_("Internal audit: %(audit)s") % {"audit": audit.title},
                                  reverse("quality:audit", args=[audit.pk]), audit.scope[:100],
                                  audit.planned_on, urgent=audit.planned_on < today))
        gaps = completeness.summary(today)
        if gaps["units"]:
            items.append(TodoItem(
                _("%(n)d unit(s) have not completed their registers for %(period)s") % {
                    "n": gaps["units"], "period": gaps["period"].label()},
                reverse("quality:completeness"), ", ".join(gaps["names"][:5])))
    return items
