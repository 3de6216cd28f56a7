"""The ad hoc and quality workflows: the leader's order asks the contributing units (a
consultation with a deadline), and the step moves on when they have answered.  Changes only the
built-in transitions a committee has not changed."""

from django.db import migrations


def forwards(apps, schema_editor):
    WorkflowTransition = apps.get_model("catalogue", "WorkflowTransition")
    for regime in ("ad_hoc", "quality"):
        WorkflowTransition.objects.filter(step__regime__code=regime, step__code="assign",
                                          action="submit", to_step__code="contribute").update(
            action="consult")
        WorkflowTransition.objects.filter(step__regime__code=regime, step__code="contribute",
                                          action="submit", to_step__code="draft1").update(
            action="comment")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_validation_rules")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
