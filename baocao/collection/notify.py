"""Telling people: a row in their list in the application, and an e-mail (sent after the
transaction commits, by a background job)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from baocao.organisation.models import Membership

from .models import Notification


def people_of(unit, roles) -> list:
    """The active users holding one of `roles` in `unit` today."""
    today = timezone.localdate()
    memberships = Membership.objects.filter(unit=unit, role__in=roles,
                                            user__is_active=True).select_related("user")
    seen, users = set(), []
    for m in memberships:
        if m.is_active_on(today) and m.user_id not in seen:
            seen.add(m.user_id)
            users.append(m.user)
    return users


def notify(users, title: str, url: str = "", body: str = "", email: bool = True) -> int:
    users = list({u.pk: u for u in users}.values())
    Notification.objects.bulk_create(
        Notification(user=u, title=title[:300], body=body, url=url) for u in users)
    addresses = sorted({u.email for u in users if u.email})
    if email and addresses:
        link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
        text = "\n\n".join(part for part in (body, link) if part)

        def enqueue():
            from .tasks import send_email

            send_email(title, text, addresses)

        transaction.on_commit(enqueue)
    return len(users)
