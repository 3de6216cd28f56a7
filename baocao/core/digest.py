""""Việc cần làm" by e-mail, once a day: each person with something awaiting them gets the list,
most urgent first, with deadlines and links."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from baocao.organisation.models import User

from . import registry


def digest_text(items) -> str:
    base = settings.SITE_URL.rstrip("/")
    lines = []
    for item in items:
        due = f" ({_('due')} {item.due:%d/%m/%Y})" if item.due else ""
        mark = "! " if item.urgent else "- "
        lines.append(f"{mark}{item.title}{due}\n  {base}{item.url}")
    return "\n".join(lines)


def send_todo_digests() -> int:
    """One e-mail per person with an address and something to do; returns how many."""
    from baocao.collection.tasks import send_email

    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in User.objects.filter(is_active=True).exclude(email="").filter(
                memberships__isnull=False).distinct():
            items = registry.todo_for(user)
            if not items:
                continue
            subject = _("To do today: %(n)d item(s)") % {"n": len(items)}
            send_email(subject, digest_text(items), [user.email])
            sent += 1
    return sent
