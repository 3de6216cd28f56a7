"""BM.07.01 ships with the installation: its computed indicators, the form under the quality
regime (a new approved version where an older demo form of that code exists), the management
review's regime and workflow, and the standard survey questions (quality.builtin)."""

from django.db import migrations


def load(apps, schema_editor):
    from baocao.quality import builtin

    builtin.load(*(apps.get_model(*name.split(".")) for name in [
        "catalogue.Sector", "catalogue.Indicator", "catalogue.Regime", "catalogue.ReportForm",
        "catalogue.FormVersion", "catalogue.FormTable", "catalogue.FormRow",
        "catalogue.FormSection", "catalogue.WorkflowStep", "catalogue.WorkflowTransition",
        "quality.SurveyQuestion"]))


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0001_registers_surveys_suggestions"),
        ("catalogue", "0006_leadkind_qmr"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
