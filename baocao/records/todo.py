"""What awaits the office's clerk in records, for "Việc cần làm": dossiers to file, dossiers
due for transfer, dossiers past retention (marked by the daily job, retention.mark_due)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from baocao.core.registry import TodoItem
from baocao.organisation import access

from . import filing
from .models import Dossier


def todo_items(user) -> list[TodoItem]:
    if not access.memberships(user) or not access.can_keep_records(user):
        return []
    items = [TodoItem(_("File the dossier: %(title)s") % {"title": d.title},
                      reverse("records:dossier", args=[d.pk]), d.code)
             for d in filing.to_file(user)]
    for d in Dossier.objects.exclude(due="").order_by("due_since", "code"):
        if d.due == Dossier.Due.TRANSFER:
            what, since = _("Due for transfer to the archive: %(title)s"), d.transfer_due_on
        else:  # due since the day after its retention ended
            what = _("Past retention, to dispose of: %(title)s")
            since = d.retention_ends_on + timedelta(days=1) if d.retention_ends_on else None
        items.append(TodoItem(what % {"title": d.title}, reverse("records:due"),
                              d.code, since or d.due_since))
    return items
