"""Every indicator and report form gets a DHIS2-style UID (data element and data set UIDs),
filled for those that exist, then required and unique."""

from django.db import migrations, models

import baocao.lib.uid


def fill(apps, schema_editor):
    taken = set()
    for name in ("Indicator", "ReportForm"):
        model = apps.get_model("catalogue", name)
        for row in model.objects.filter(uid__isnull=True).only("pk"):
            value = baocao.lib.uid.generate()
            while value in taken:
                value = baocao.lib.uid.generate()
            taken.add(value)
            model.objects.filter(pk=row.pk).update(uid=value)


def _final():
    return models.CharField(default=baocao.lib.uid.generate, max_length=11, unique=True,
                            validators=[baocao.lib.uid.validator], verbose_name="UID")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_leadkind_qmr")]

    operations = [
        migrations.AddField("indicator", "uid", models.CharField(max_length=11, null=True)),
        migrations.AddField("reportform", "uid", models.CharField(max_length=11, null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("indicator", "uid", _final()),
        migrations.AlterField("reportform", "uid", _final()),
    ]
