"""The rollups follow the writes they derive from, without the writers knowing them.

Connected in ConsolidationConfig.ready(): a unit's value saved or deleted, a report's values
becoming official or not (sent, returned), a target saved or deleted, an indicator's way of
combining changed, a unit placed in the tree. Each handler runs inside the writer's transaction
(Django sends these signals from save() and delete()), so the rollups change with the write or
not at all. Bulk writers (bulk_create, update) send no signals: they wrap their work in
`rollups.batch()` or call `rollups.rebuild()`.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from baocao.catalogue.models import Indicator, Target
from baocao.collection.models import DataValue
from baocao.collection.signals import official_changed
from baocao.organisation.models import OrgUnit
from baocao.organisation.signals import unit_placed

from . import rollups

HOW = ("aggregation", "time_aggregation")


def value_written(sender, instance: DataValue, **kwargs):
    if instance.column == "actual" and instance.period_kind == "month":
        rollups.values_changed(instance.indicator_id, instance.unit_id,
                               instance.period_start.year)


def target_written(sender, instance: Target, **kwargs):
    rollups.targets_changed(instance.indicator_id, instance.unit_id, instance.year)


def indicator_before(sender, instance: Indicator, raw=False, **kwargs):
    instance._rollup_how = None
    if instance.pk and not raw:
        instance._rollup_how = Indicator.objects.filter(pk=instance.pk).values_list(
            *HOW).first()


def indicator_after(sender, instance: Indicator, created=False, raw=False, **kwargs):
    before = getattr(instance, "_rollup_how", None)
    if not created and not raw and before is not None and before != tuple(
            getattr(instance, name) for name in HOW):
        rollups.indicator_changed(instance.pk)


def values_became_official(sender, keys, **kwargs):
    with rollups.batch():
        for indicator_id, unit_id, year in keys:
            rollups.values_changed(indicator_id, unit_id, year)


def unit_moved(sender, unit: OrgUnit, old_path: str, **kwargs):
    if unit.parent_id:
        old_above = [int(part) for part in old_path.strip("/").split("/")[:-1] if part]
        rollups.unit_placed(unit.pk, old_above)


def connect():
    uid = "consolidation.rollups"
    post_save.connect(value_written, sender=DataValue, dispatch_uid=f"{uid}.value_saved")
    post_delete.connect(value_written, sender=DataValue, dispatch_uid=f"{uid}.value_deleted")
    post_save.connect(target_written, sender=Target, dispatch_uid=f"{uid}.target_saved")
    post_delete.connect(target_written, sender=Target, dispatch_uid=f"{uid}.target_deleted")
    pre_save.connect(indicator_before, sender=Indicator, dispatch_uid=f"{uid}.indicator_before")
    post_save.connect(indicator_after, sender=Indicator, dispatch_uid=f"{uid}.indicator_after")
    unit_placed.connect(unit_moved, sender=OrgUnit, dispatch_uid=f"{uid}.unit_placed")
    official_changed.connect(values_became_official, dispatch_uid=f"{uid}.official")
