import django.db.models.deletion
from django.db import migrations, models


def keep_history(apps, schema_editor):
    """Copies e-mailed before the outbox existed keep their sending time, as sent e-mails."""
    Distribution = apps.get_model("documents", "Distribution")
    Email = apps.get_model("outbox", "Email")
    for copy in Distribution.objects.filter(sent_at__isnull=False).exclude(email="") \
            .select_related("document"):
        document = copy.document
        copy.message = Email.objects.create(
            kind="document_copy", to=copy.email, language="vi",
            subject=f"{document.number}/{document.symbol}: {document.summary}"[:300], text="",
            state="sent", attempts=1, created_at=copy.sent_at, next_attempt_at=copy.sent_at,
            sent_at=copy.sent_at)
        copy.save(update_fields=["message"])


class Migration(migrations.Migration):
    """A copy's e-mail is a row of the outbox: its state (queued, sent at…, failed) replaces the
    copy's own `sent_at`."""

    dependencies = [
        ("documents", "0003_remote_signatures"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="distribution",
            name="message",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="outbox.email"),
        ),
        migrations.RunPython(keep_history, migrations.RunPython.noop),
        migrations.RemoveField(model_name="distribution", name="sent_at"),
    ]
