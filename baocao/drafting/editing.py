"""Writing the draft: building it from a round, saving a section (every save a version), and
refusing a save made over someone else's (both texts are shown to merge)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.catalogue.models import Action, LeadKind
from baocao.lib import richtext
from baocao.organisation.models import Kind, OrgUnit

from . import workflow
from .models import AdHocReport, Draft, DraftSection, DraftVersion, StepLog

MAX_SECTION_CHARS = 500_000


def clean_html(html: str) -> str:
    """The draft's text through the one rich-text sanitiser (baocao.lib.richtext)."""
    return richtext.clean(html)


def snapshot(draft: Draft) -> list[dict]:
    return [{"heading": s.heading, "level": s.level, "kind": s.kind, "html": s.html}
            for s in draft.sections.order_by("order", "pk")]


def new_version(draft: Draft, actor, kind: str, section_heading: str = "") -> DraftVersion:
    """Record the whole draft as it stands (the caller holds the draft's row lock)."""
    last = draft.versions.aggregate(n=Max("number"))["n"] or 0
    return DraftVersion.objects.create(draft=draft, number=last + 1, kind=kind, step=draft.step,
                                       author=actor, section_heading=section_heading[:300],
                                       content=snapshot(draft))


def lead_unit_for(regime, committee: OrgUnit, actor) -> OrgUnit | None:
    """The unit that leads a regime's report: the office, the planning department, or (ad hoc,
    quality) the actor's own department."""
    kind = {LeadKind.OFFICE: Kind.OFFICE,
            LeadKind.PLANNING_DEPARTMENT: Kind.PLANNING_DEPARTMENT}.get(regime.lead)
    if kind is not None:
        return OrgUnit.objects.filter(parent=committee, kind=kind).order_by("path").first()
    from baocao.organisation import access

    own = [m.unit for m in access.memberships(actor) if m.unit.is_within(committee)
           and m.unit.kind in (Kind.DEPARTMENT, Kind.OFFICE, Kind.PLANNING_DEPARTMENT)]
    return own[0] if own else None


def first_step(regime):
    """Where a draft begins: the step coded `draft` (or `draft1`), else the regime's first."""
    return (regime.steps.filter(code="draft").first() or regime.steps.filter(
        code="draft1").first() or regime.steps.order_by("order").first())


def create_draft(*, regime, lead_unit, title: str, summary: str, sections: list[dict], actor,
                 round=None, ad_hoc: AdHocReport | None = None, due_date=None, corrects=None,
                 step=None, check_actor: bool = True, not_counted=(), gate=None) -> Draft:
    """A new draft at its first step, with version 1.  `not_counted`: the units its figures
    leave out; `gate`: the reason given for building it so (drafting.gates), logged."""
    step = step or first_step(regime)
    if step is None:
        raise ValidationError(_("The regime \"%(regime)s\" has no workflow steps.")
                              % {"regime": regime})
    with transaction.atomic():
        draft = Draft(regime=regime, round=round, ad_hoc=ad_hoc, lead_unit=lead_unit,
                      title=title[:300], summary=summary[:500], step=step, due_date=due_date,
                      created_by=actor, corrects=corrects, not_counted=list(not_counted),
                      recipients=default_recipients(lead_unit.committee()))
        if check_actor and not workflow.is_actor(draft, step, actor):
            raise PermissionDenied
        draft.save()
        DraftSection.objects.bulk_create(
            DraftSection(draft=draft, order=index, level=s.get("level", 1),
                         kind=s.get("kind", DraftSection.Kind.TEXT), heading=s["heading"][:300],
                         html=s.get("html", "") if s.get("kind") == DraftSection.Kind.CHART
                         else clean_html(s.get("html", "")), updated_by=actor)
            for index, s in enumerate(sections, start=1))
        version = new_version(draft, actor, DraftVersion.Kind.CREATED)
        gate = gate or {}
        StepLog.objects.create(draft=draft, action="create", actor=actor, to_step=step,
                               version=version, reason=gate.get("unsent_reason", ""),
                               details={"corrects": corrects.pk if corrects else None, **gate})
        record("draft.create", draft, actor=actor, details={
            "round": round.pk if round else None, "ad_hoc": ad_hoc.pk if ad_hoc else None,
            "sections": len(sections), "step": step.code, **gate})
    return draft


@dataclass
class SaveResult:
    section: DraftSection
    saved: bool = False
    conflict: bool = False
    mine: str = ""
    version: DraftVersion | None = None


def save_section(section: DraftSection, html: str, actor, *, revision: int,
                 merged: bool = False) -> SaveResult:
    """Save one section's text.  `revision` is the one the writer started from: if someone saved
    the section since, nothing is written and both texts come back to merge."""
    if len(html or "") > MAX_SECTION_CHARS:
        raise ValidationError({"html": _("The text is too long for one section.")})
    mine = clean_html(html)
    with transaction.atomic():
        draft = workflow.locked(section.draft)
        if not workflow.can_edit_text(draft, actor):
            raise PermissionDenied
        section = DraftSection.objects.select_for_update().get(pk=section.pk)
        if section.kind == DraftSection.Kind.CHART:
            raise ValidationError(_("Charts are drawn from the figures and are not edited."))
        if section.revision != revision:
            return SaveResult(section, conflict=True, mine=mine)
        if section.html == mine:
            return SaveResult(section, saved=True)
        old_length = len(section.html)
        section.html, section.revision = mine, section.revision + 1
        section.updated_by, section.updated_at = actor, timezone.now()
        section.save(update_fields=["html", "revision", "updated_by", "updated_at"])
        offers_edit = draft.step.transitions.filter(action=Action.EDIT).exists()
        kind = (DraftVersion.Kind.MERGED if merged else
                DraftVersion.Kind.EDITED if offers_edit else DraftVersion.Kind.SAVED)
        version = new_version(draft, actor, kind, section.heading)
        record("draft.section_save", draft, actor=actor, details={
            "section": section.heading, "revision": section.revision, "version": version.number,
            "kind": kind, "old_length": old_length, "new_length": len(mine)})
    return SaveResult(section, saved=True, version=version)


def default_recipients(committee) -> list[dict]:
    from baocao.documents.models import Recipient

    return [{"name": r.name, "email": r.email} for r in Recipient.objects.filter(
        committee=committee, active=True, by_default=True)]


MAX_ADDRESSEES = 20


def addressee_lines(text: str) -> list[str]:
    """Kính gửi, one per line ("- Ủy ban nhân dân thành phố Hà Nội;" → its name)."""
    return [line.strip().lstrip("-").strip().rstrip(";.").strip()[:200]
            for line in (text or "").splitlines() if line.strip().lstrip("-").strip()]


def set_recipients(draft: Draft, chosen, others: str, actor,
                   addressed_to: str | None = None) -> Draft:
    """Nơi nhận of the draft: entries of the committee's list, and others typed one per line;
    and, when given, whom it is addressed to (Kính gửi, one per line: a letter's units, or the
    higher level a report is sent up to)."""
    from baocao.documents.issuing import recipient_entries

    recipients = recipient_entries(chosen, others)
    if not recipients:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    addressees = addressee_lines(addressed_to) if addressed_to is not None else None
    if addressees is not None and len(addressees) > MAX_ADDRESSEES:
        raise ValidationError({"addressed_to": _("Name at most %(n)d addressees.")
                               % {"n": MAX_ADDRESSEES}})
    with transaction.atomic():
        draft = workflow.locked(draft)
        if not workflow.can_edit_text(draft, actor):
            raise PermissionDenied
        old = [r["name"] for r in draft.recipients]
        old_addressees = list(draft.addressed_to or [])
        draft.recipients = recipients
        if addressees is not None:
            draft.addressed_to = addressees
        draft.save(update_fields=["recipients", "addressed_to"])
        record("draft.recipients", draft, actor=actor, details={
            "old": old, "new": [r["name"] for r in recipients],
            "addressed_to": {"old": old_addressees, "new": draft.addressed_to}})
    return draft
