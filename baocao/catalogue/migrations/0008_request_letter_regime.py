"""The request letter's workflow (công văn yêu cầu báo cáo, seed 1 §5.2.2, §5.3.2): compiler
drafts → the leading unit's head signs (or sends it up to a leader) → the clerk numbers it from
the letters' register and issues it.  Adds only what is missing."""

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
    dependencies = [("catalogue", "0007_indicator_and_form_uids")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
