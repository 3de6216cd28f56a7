"""baocao audit verify: walk the hash chain; exit non-zero naming the first bad event."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.audit import log


class Command(BaseCommand):
    help = "Audit log: `verify` checks that no event was altered, removed or inserted."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, action, **options):
        verdict = log.verify()
        if not verdict.ok:
            bad = verdict.bad
            raise CommandError(
                _("The audit chain is broken at event #%(seq)d (id %(id)d, %(action)s, %(time)s): "
                  "%(reason)s. %(checked)d event(s) before it are intact.")
                % {"seq": bad.seq, "id": bad.pk, "action": bad.action,
                   "time": bad.created_at.isoformat(), "reason": verdict.reason,
                   "checked": verdict.checked}
            )
        head = verdict.head
        self.stdout.write(self.style.SUCCESS(
            _("The audit chain is intact: %(n)d event(s).") % {"n": verdict.checked}
        ))
        if head:
            self.stdout.write(
                _("Last event: #%(seq)d %(hash)s") % {"seq": head.seq, "hash": head.hash}
            )
