"""baocao demo [--seed-example] [--no-serve]: migrate, load the demo (twice changes nothing), serve
it with the background jobs beside it (`baocao worker`, so that its e-mails go out, to the
console).

The demo is a committee of today's two-tier local government: UBND thành phố Hà Nội with its
departments and eight of its wards and communes; `--seed-example` loads Quận Tây Hồ of the seed
procedures instead (see baocao/organisation/demo/examples.py).  One database holds one of them."""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.utils.translation import gettext as _

from baocao.core import registry


class Command(BaseCommand):
    help = ("Migrate, load the demo (Hà Nội in the two-tier government; Tây Hồ of the seeds "
            "with --seed-example) and serve it on http://127.0.0.1:8000.")

    def add_arguments(self, parser):
        parser.add_argument("--seed-example", action="store_true",
                            help="load Quận Tây Hồ of the seed procedures instead of Hà Nội")
        parser.add_argument("--no-serve", action="store_true", help="do everything but serve")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve")

    def handle(self, no_serve=False, addrport="127.0.0.1:8000", seed_example=False, **options):
        from baocao.organisation.demo import examples

        self.stdout.write(_("Migrating the database…"))
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        wanted = examples.SEED if seed_example else examples.TODAY
        held = examples.loaded()
        if held is not None and held != wanted:
            raise CommandError(_(
                "This database already holds the demo of %(held)s; it cannot hold %(wanted)s "
                "too. Use another database (DATABASE_URL, BAOCAO_DATA_DIR) or run the command "
                "%(option)s.") % {"held": held.description, "wanted": wanted.description,
                                  "option": f"baocao demo {held.option}".strip()})
        examples.choose(wanted)
        self.stdout.write(wanted.description)
        from baocao.outbox.models import Email

        before = Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        logins = []
        for number, (_order, step) in enumerate(registry.demo_steps, start=1):
            doc = registry.demo_titles.get(step) or (
                step.__doc__ or step.__name__).strip().splitlines()[0]
            self.stdout.write(f"[{number}/{len(registry.demo_steps)}] {doc}")
            logins.extend(step() or [])
        # The demo's history happened in the past: its e-mails count as sent when they were
        # written, rather than all reaching the console at once when the worker starts.
        Email.objects.filter(pk__gt=before, state=Email.State.QUEUED).update(
            state=Email.State.SENT, sent_at=F("created_at"), attempts=1)
        self.print_logins(logins)
        if not no_serve:
            self.serve(addrport)

    def serve(self, addrport):
        """The development server, and the worker beside it for as long as it runs."""
        worker = subprocess.Popen([sys.executable, "-m", "baocao", "worker"])
        self.stdout.write(_("Background jobs (e-mails, reminders) run beside the server; "
                            "e-mails are printed here."))
        self.stdout.write(
            _("Serving on http://%(addr)s/ (Ctrl+C to stop)") % {"addr": addrport}
        )
        # Django's own warning, in English, once per start: said here once, in the reader's words.
        os.environ["DJANGO_RUNSERVER_HIDE_WARNING"] = "true"
        self.stdout.write(_(
            "This is Django's development server, for trying baocao on this machine only; in "
            "production run `baocao serve` behind nginx (docs/deploy.md)."))
        try:
            call_command("runserver", addrport, use_reloader=False, skip_checks=True)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def print_logins(self, logins):
        from baocao.organisation.demo import DEMO_PASSWORD, examples

        example = examples.current()
        shown_units = {example.reporting_units[example.wards[0]],
                       example.reporting_units[example.code("health")]}
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Demo logins (password for all: %(pw)s)")
                                             % {"pw": DEMO_PASSWORD}))
        width = max((len(u) for u, _r, _n in logins), default=10)
        shown = 0
        for username, role, unit in logins:
            slug, _dot, kind = username.rpartition(".")
            if kind in ("baocao", "truong") and slug not in shown_units:
                continue
            self.stdout.write(f"  {username.ljust(width)}  {role} · {unit}")
            shown += 1
        if shown < len(logins):
            ward, department = (example.reporting_units[example.wards[1]],
                                example.reporting_units[example.code("police")])
            self.stdout.write(
                _("  …and in each ward and department: <name>.baocao (reporter) and <name>.truong "
                  "(head), e.g. %(ward)s.baocao, %(department)s.truong.")
                % {"ward": ward, "department": department}
            )
        self.print_second_factors()
        self.stdout.write("")

    def print_second_factors(self):
        from baocao.organisation.demo import enrol_second_factors

        secrets = enrol_second_factors()
        if not secrets:
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_(
            "Second factor (demo only): after the password these people type the six-digit "
            "code of their TOTP secret: an authenticator app, or oathtool --totp -b SECRET")))
        width = max(len(u) for u, _s in secrets)
        for username, secret in secrets:
            self.stdout.write(f"  {username.ljust(width)}  {secret}")
