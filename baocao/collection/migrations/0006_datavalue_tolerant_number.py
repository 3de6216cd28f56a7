"""DataValue.value reads back whatever the column holds (baocao.lib.numbers.TolerantDecimalField):
the column is unchanged, so only the migration state changes (no table rebuild on SQLite)."""

import baocao.lib.numbers
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('collection', '0005_request_letter_date'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='datavalue',
                name='value',
                field=baocao.lib.numbers.TolerantDecimalField(blank=True, decimal_places=6, max_digits=24, null=True),
            ),
        ]),
    ]
