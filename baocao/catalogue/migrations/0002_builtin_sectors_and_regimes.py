from django.db import migrations


def load(apps, schema_editor):
    from baocao.catalogue import builtin

    builtin.load(
        apps.get_model("catalogue", "Sector"),
        apps.get_model("catalogue", "Regime"),
        apps.get_model("catalogue", "WorkflowStep"),
        apps.get_model("catalogue", "WorkflowTransition"),
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
