"""The registers' completeness, which the ISO secretary keeps: for the last month ended, which
departments have not entered their documents handled and records filed, have no quality objective
for the year, or have objectives without that month's result."""

from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalogue.periods import Period
from baocao.organisation import access

from .models import ObjectiveResult, QualityObjective, WorkloadCount
from .reports import departments


def last_month(today=None) -> Period:
    today = today or timezone.localdate()
    return Period("month", today.year, today.month).previous()


def gaps(today=None) -> tuple[Period, list[dict]]:
    """(the month checked, [{"unit", "missing": [what is missing]}] for each unit with a gap)."""
    period = last_month(today)
    committee = access.committee()
    if committee is None:
        return period, []
    units = [u for u in departments(committee) if u.is_active_on(period.end)]
    counted = set(WorkloadCount.objects.filter(unit__in=units, period=str(period))
                  .values_list("unit_id", flat=True))
    objectives = {}
    for o in QualityObjective.objects.filter(unit__in=units, year=period.year,
                                             state=QualityObjective.State.ACTIVE):
        objectives.setdefault(o.unit_id, []).append(o)
    with_result = set(ObjectiveResult.objects.filter(
        objective__unit__in=units, period_start__gte=period.start,
        period_end__lte=period.end).values_list("objective_id", flat=True))
    found = []
    for unit in units:
        missing = []
        if unit.pk not in counted:
            missing.append(_("documents handled and records filed"))
        own = objectives.get(unit.pk, [])
        if not own:
            missing.append(_("quality objectives of %(year)d") % {"year": period.year})
        else:
            without = [o for o in own if o.pk not in with_result]
            if without:
                missing.append(_("results of %(n)d objective(s)") % {"n": len(without)})
        if missing:
            found.append({"unit": unit, "missing": missing})
    return period, found


def summary(today=None) -> dict:
    period, found = gaps(today)
    return {"period": period, "units": len(found), "names": [g["unit"].name for g in found]}
