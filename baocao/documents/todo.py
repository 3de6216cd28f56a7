"""What awaits people in documents, for "Việc cần làm": signing keys whose certificate ends
within a month: for the administrator, every one (a signer's, or the committee's seal that every
issue needs); for a signer, their own."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.registry import TodoItem
from baocao.organisation import access

from .models import SigningKey

NOTICE = timedelta(days=30)


def todo_items(user) -> list[TodoItem]:
    now = timezone.now()
    items = [TodoItem(_("Your signing certificate ends on %(day)s: ask the administrator for "
                        "the new one") % {"day": timezone.localtime(key.not_after)
                                          .strftime("%d/%m/%Y")},
                      reverse("documents:my_keys"), key.subject,
                      timezone.localtime(key.not_after).date(), urgent=key.not_after <= now)
             for key in SigningKey.objects.filter(user=user, active=True,
                                                  not_after__lte=now + NOTICE)]
    if not access.can_administer(user):
        return items
    for key in SigningKey.objects.filter(active=True, not_after__lte=now + NOTICE).select_related(
            "user", "committee").order_by("not_after"):
        owner = key.user.display_name if key.user_id else _("the seal of %(committee)s") % {
            "committee": key.committee.name}
        ended = key.not_after <= now
        title = (_("The certificate of %(owner)s has expired: register a new one") if ended
                 else _("The certificate of %(owner)s ends soon: register a new one")) % {
            "owner": owner}
        items.append(TodoItem(title, reverse("admin:documents_signingkey_change", args=[key.pk]),
                              key.subject, timezone.localtime(key.not_after).date(),
                              urgent=ended or key.committee_id is not None))
    return items
