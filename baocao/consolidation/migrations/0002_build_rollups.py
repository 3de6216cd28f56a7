"""Once built the rollups of the values already in the database; they are rebuilt, counting only
official values, by 0003 (this step now does nothing: its code ran the module of its day)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consolidation", "0001_rollups"),
        ("collection", "0001_initial"),
        ("catalogue", "0003_validation_rules"),
    ]

    operations = []
