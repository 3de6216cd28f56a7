"""Build the rollups of the values and targets already in the database (a database that had
values before the rollups existed would otherwise consolidate to nothing)."""

from django.db import migrations


def build(apps, schema_editor):
    from baocao.consolidation import rollups

    rollups.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("consolidation", "0001_rollups"),
        ("collection", "0001_initial"),
        ("catalogue", "0003_validation_rules"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
