"""An indicator's smallest and largest value, and how its sentences compare with last year;
a target's value reads back whatever its column holds."""

import baocao.lib.numbers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0008_request_letter_regime'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='comparison',
            field=models.CharField(choices=[('auto', 'By the usual rule: in percent; a percentage in points; a count where lower is better by the difference'), ('percent', "In percent of last year's figure"), ('difference', 'By the difference, in its unit of measure'), ('points', 'In percentage points')], default='auto', max_length=10, verbose_name='compared with the same period last year'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='maximum',
            field=baocao.lib.numbers.TolerantDecimalField(blank=True, decimal_places=6, help_text='Empty: 100 for a percentage; otherwise only the common bound (below 10^15).', max_digits=24, null=True, verbose_name='largest value'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='minimum',
            field=baocao.lib.numbers.TolerantDecimalField(blank=True, decimal_places=6, help_text='Empty: 0 (a value cannot be negative).', max_digits=24, null=True, verbose_name='smallest value'),
        ),
        # The column is unchanged: only the state (no table rebuild on SQLite).
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='target',
                name='value',
                field=baocao.lib.numbers.TolerantDecimalField(decimal_places=6, max_digits=24, verbose_name='value'),
            ),
        ]),
    ]
