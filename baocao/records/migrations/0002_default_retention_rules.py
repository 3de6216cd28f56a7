"""The retention schedule as shipped, each default naming its rule (records.builtin)."""

from django.db import migrations


def load(apps, schema_editor):
    from baocao.records import builtin

    builtin.load(apps.get_model("records", "RetentionRule"))


class Migration(migrations.Migration):
    dependencies = [("records", "0001_dossiers")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
