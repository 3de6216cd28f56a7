import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Notification moves here from collection (its table is renamed there, in
    collection.0002); Email is new."""

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("collection", "0002_notification_to_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=300)),
                        ("body", models.TextField(blank=True)),
                        ("url", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        ("user", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="notifications", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["user", "read_at"],
                                                 name="notification_unread_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="Email",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("kind", models.CharField(max_length=50, verbose_name="kind")),
                ("to", models.CharField(max_length=254, verbose_name="to")),
                ("language", models.CharField(default="vi", max_length=10,
                                              verbose_name="language")),
                ("subject", models.CharField(max_length=300, verbose_name="subject")),
                ("text", models.TextField(verbose_name="text")),
                ("html", models.TextField(blank=True, verbose_name="HTML")),
                ("state", models.CharField(
                    choices=[("queued", "Queued"), ("sending", "Sending"), ("sent", "Sent"),
                             ("failed", "Failed")],
                    default="queued", max_length=10, verbose_name="state")),
                ("attempts", models.PositiveSmallIntegerField(default=0,
                                                              verbose_name="attempts")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now,
                                                    verbose_name="queued at")),
                ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now,
                                                         verbose_name="next attempt")),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
            ],
            options={
                "verbose_name": "e-mail",
                "verbose_name_plural": "e-mails",
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["state", "next_attempt_at"],
                                         name="email_due_idx")],
            },
        ),
    ]
