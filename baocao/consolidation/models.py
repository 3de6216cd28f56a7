"""Rollups: the subtree's figures of each month, kept when values and targets are saved, so a
consolidation reads a few rows per indicator instead of every unit's 22 months.

They hold nothing that is not derived from collection_datavalue and catalogue_target:
`baocao rollup` rebuilds them from scratch and `baocao rollup --check` compares.  Only units
that have units under them get rollups (a unit without children is its own subtree).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.models import Indicator
from baocao.organisation.models import OrgUnit

NUMBER = {"max_digits": 40, "decimal_places": 12, "null": True}


class Rollup(models.Model):
    """For an indicator, a unit's subtree and a month: across the subtree's units, the sum,
    maximum, minimum and count of each unit's value of the month (m_…) and of each unit's value
    of January to that month combined over time (y_…: flows add up, stocks the last month with
    a value, averages average); and `lapsed`: the units that reported in one of the twelve
    months before but not in this one."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    m_sum = models.DecimalField(**NUMBER)
    m_max = models.DecimalField(**NUMBER)
    m_min = models.DecimalField(**NUMBER)
    m_count = models.IntegerField(default=0)
    y_sum = models.DecimalField(**NUMBER)
    y_max = models.DecimalField(**NUMBER)
    y_min = models.DecimalField(**NUMBER)
    y_count = models.IntegerField(default=0)
    lapsed = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("rollup")
        constraints = [models.UniqueConstraint(fields=["unit", "indicator", "year", "month"],
                                               name="rollup_unique")]

    def __str__(self):
        return f"{self.indicator_id}/{self.unit_id}/{self.year}-{self.month:02d}"


class RollupTarget(models.Model):
    """A unit's target for the year as consolidation takes it: its own, or else its children's
    (each found the same way) combined by the indicator's aggregation across units."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=40, decimal_places=12)

    class Meta:
        verbose_name = _("rollup target")
        constraints = [models.UniqueConstraint(fields=["unit", "indicator", "year"],
                                               name="rollup_target_unique")]

    def __str__(self):
        return f"{self.indicator_id}/{self.unit_id}/{self.year}: {self.value}"


class RollupChange(models.Model):
    """A write the rollups have not followed yet: the values (or targets) of an indicator at a
    unit for a year changed.  Written in the writer's transaction instead of recomputing the
    units above it there (BAOCAO_ROLLUPS_DEFERRED); `rollups.drain()` recomputes them, for many
    changes at once, and deletes the rows it followed.  A consolidation drains what is left
    before it reads, so what it reads is always exact."""

    class Kind(models.TextChoices):
        VALUES = "values"
        TARGETS = "targets"

    kind = models.CharField(max_length=7, choices=Kind.choices)
    indicator_id = models.BigIntegerField()
    unit_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rollup change to follow")

    def __str__(self):
        return f"{self.kind} {self.indicator_id}/{self.unit_id}/{self.year}"
