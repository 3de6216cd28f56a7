from django.db import migrations


class Migration(migrations.Migration):
    """Notification moves to the outbox app: its table is renamed, the model leaves this app's
    state (outbox.0001 takes it in)."""

    dependencies = [("collection", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[
                migrations.AlterModelTable(name="Notification", table="outbox_notification"),
            ],
        ),
    ]
