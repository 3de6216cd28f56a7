"""Every unit gets a DHIS2-style UID (11 characters, a letter first), filled for the units that
exist, then required and unique."""

from django.db import migrations, models

import baocao.lib.uid


def fill(apps, schema_editor):
    OrgUnit = apps.get_model("organisation", "OrgUnit")
    taken = set()
    for unit in OrgUnit.objects.filter(uid__isnull=True).only("pk"):
        value = baocao.lib.uid.generate()
        while value in taken:
            value = baocao.lib.uid.generate()
        taken.add(value)
        OrgUnit.objects.filter(pk=unit.pk).update(uid=value)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0003_chair_delegations")]

    operations = [
        migrations.AddField("orgunit", "uid", models.CharField(max_length=11, null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            "orgunit", "uid",
            models.CharField(default=baocao.lib.uid.generate, max_length=11, unique=True,
                             validators=[baocao.lib.uid.validator], verbose_name="UID")),
    ]
