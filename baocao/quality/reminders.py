"""The daily reminders of quality (run by `baocao worker`, tasks.quality_daily): each goes out
once a day, the day before a deadline and every day after it."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.audit.log import record
from baocao.organisation import access
from baocao.organisation.models import Role

from . import suggestions
from .models import Capa, Complaint
from .tell import tell


def remind_capas(today: date) -> int:
    sent = 0
    for capa in Capa.objects.filter(state=Capa.State.OPEN).exclude(reminded_on=today) \
            .select_related("responsible"):
        if (capa.due_date - today).days > 1:
            continue
        with transaction.atomic():
            late = capa.due_date < today
            title = (_("Late: %(capa)s was due %(due)s") if late else
                     _("Reminder: %(capa)s is due %(due)s"))
            sent += tell([capa.responsible], title, reverse("quality:capa", args=[capa.pk]),
                         capa.action, capa=str(capa), due=capa.due_date.strftime("%d/%m/%Y"))
            Capa.objects.filter(pk=capa.pk).update(reminded_on=today)
            record("capa.remind", capa, actor=None, details={"late": late})
    return sent


def remind_complaints(today: date) -> int:
    sent = 0
    for complaint in Complaint.objects.filter(state=Complaint.State.RECEIVED).exclude(
            reminded_on=today).select_related("unit"):
        if (complaint.explanation_due - today).days > 1:
            continue
        with transaction.atomic():
            late = complaint.explanation_due < today
            title = (_("Late: the explanation of a complaint was due %(due)s") if late else
                     _("Reminder: the explanation of a complaint is due %(due)s"))
            sent += tell(access.people_of(complaint.unit, [Role.HEAD]), title,
                         reverse("quality:complaint", args=[complaint.pk]),
                         complaint.subject[:300],
                         due=complaint.explanation_due.strftime("%d/%m/%Y"))
            Complaint.objects.filter(pk=complaint.pk).update(reminded_on=today)
            record("complaint.remind", complaint, actor=None, details={"late": late})
    return sent


def remind_all(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return suggestions.remind(today) + remind_capas(today) + remind_complaints(today)
