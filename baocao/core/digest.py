""""Việc cần làm" by e-mail, once a day: each person with something awaiting them gets the list,
most urgent first, with deadlines and links."""

from django.utils import translation

from baocao.organisation.models import User
from baocao.outbox import emails
from baocao.outbox.sending import send_due

from . import registry


def send_todo_digests() -> int:
    """One e-mail per person with an address and something to do; returns how many."""
    sent = 0
    for user in User.objects.filter(is_active=True).exclude(email="").filter(
            memberships__isnull=False).distinct():
        with translation.override(user.language):
            items = registry.todo_for(user)
        if not items:
            continue
        emails.todo_digest(user, items)
        sent += 1
    send_due()  # this job runs in the worker: send them now
    return sent
