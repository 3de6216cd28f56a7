"""Retention as data (Circular 10/2022/TT-BNV): the schedule's rule for a dossier, its dates,
legal holds, and what is due on a day (the daily job marks it for "Việc cần làm").

Counted from the end of the year the work ended (the year the dossier was filed): kept at the
unit `years_at_unit` full years, then due for transfer on 1 January after; kept in all
`total_years` full years (none: permanent), then past retention from 1 January after.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.organisation import access
from baocao.organisation.models import Role
from baocao.outbox.notify import notify

from .models import Dossier, LegalHold, RetentionRule, services


def rule_for(kind: str, regime) -> RetentionRule | None:
    """The regime's own rule for this kind of record, else the kind's general rule."""
    rules = {r.regime_id: r for r in RetentionRule.objects.filter(
        Q(regime=regime) | Q(regime__isnull=True), kind=kind)}
    return rules.get(regime.pk if regime else None) or rules.get(None)


def dates(work_year: int, years_at_unit: int, total_years: int | None) -> tuple[date,
                                                                              date | None]:
    """(transfer due on, kept until: the last day of retention, None when permanent)."""
    transfer = date(work_year + years_at_unit + 1, 1, 1)
    ends = None if total_years is None else date(work_year + total_years, 12, 31)
    return transfer, ends


def apply(dossier: Dossier, work_year: int) -> None:
    """Fix the schedule's retention on the dossier (not saved)."""
    rule = rule_for(dossier.record_kind, dossier.regime)
    if rule is None:
        raise ValidationError(_("The retention schedule has no rule for \"%(kind)s\": the "
                                "administrator adds one first.")
                              % {"kind": dossier.get_record_kind_display()})
    dossier.years_at_unit, dossier.total_years = rule.years_at_unit, rule.total_years
    dossier.retention_source = rule.source
    dossier.transfer_due_on, dossier.retention_ends_on = dates(
        work_year, rule.years_at_unit, rule.total_years)


@dataclass
class Due:
    dossier: Dossier
    what: str  # transfer | disposal
    since: date


def due_on(day: date | None = None) -> list[Due]:
    """What is due on `day`: dossiers past retention (disposal), and those at the unit whose
    time there is over (transfer); a dossier under a legal hold is never due."""
    day = day or timezone.localdate()
    found = []
    held = LegalHold.objects.filter(lifted_at__isnull=True).values("dossier")
    candidates = Dossier.objects.filter(
        state__in=[Dossier.State.FILED, Dossier.State.TRANSFERRED]).exclude(
        pk__in=held).select_related("regime", "unit").order_by("period_end", "code")
    for dossier in candidates:
        if dossier.retention_ends_on is not None and dossier.retention_ends_on < day:
            found.append(Due(dossier, Dossier.Due.DISPOSAL, dossier.retention_ends_on))
        elif dossier.state == Dossier.State.FILED and dossier.transfer_due_on is not None \
                and dossier.transfer_due_on <= day:
            found.append(Due(dossier, Dossier.Due.TRANSFER, dossier.transfer_due_on))
    return found


def mark_due(day: date | None = None) -> dict:
    """The daily job: mark each dossier as due (or no longer due) for "Việc cần làm", and tell
    the office's clerks of what became due today."""
    day = day or timezone.localdate()
    due = {d.dossier.pk: d for d in due_on(day)}
    newly = []
    with transaction.atomic(), services():
        for dossier in Dossier.objects.exclude(due="").exclude(pk__in=due):
            dossier.due, dossier.due_since = "", None
            dossier.save(update_fields=["due", "due_since"])
        for d in due.values():
            if d.dossier.due != d.what:
                d.dossier.due, d.dossier.due_since = d.what, day
                d.dossier.save(update_fields=["due", "due_since"])
                newly.append(d)
        if newly:
            record("records.due", None, actor=None, details={
                "day": day, "transfer": [d.dossier.code for d in newly if d.what == "transfer"],
                "disposal": [d.dossier.code for d in newly if d.what == "disposal"]})
            committee = access.committee()
            office = committee.office() if committee else None
            if office is not None:
                notify(access.people_of(office, [Role.CLERK]),
                       gettext_lazy("%(n)d dossier(s) due for transfer or disposal"),
                       reverse("records:due"), email=False, params={"n": len(newly)})
    return {"transfer": sum(d.what == "transfer" for d in due.values()),
            "disposal": sum(d.what == "disposal" for d in due.values()), "new": len(newly)}


def place_hold(dossier: Dossier, actor, reason: str) -> LegalHold:
    access.require(access.can_keep_records(actor))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the dossier is held.")})
    with transaction.atomic():
        hold = LegalHold.objects.create(dossier=dossier, reason=reason, placed_by=actor)
        with services():
            Dossier.objects.filter(pk=dossier.pk).update(due="", due_since=None)
        record("dossier.hold", dossier, actor=actor, details={"reason": reason,
                                                               "hold": hold.pk})
    return hold


def lift_hold(hold: LegalHold, actor) -> LegalHold:
    if not access.can_keep_records(actor):
        raise PermissionDenied
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.lifted_at is not None:
            raise ValidationError(_("This hold is already lifted."))
        hold.lifted_at, hold.lifted_by = timezone.now(), actor
        hold.save(update_fields=["lifted_at", "lifted_by"])
        record("dossier.hold_lift", hold.dossier, actor=actor, details={"hold": hold.pk})
    return hold
