"""Filing (Lưu hồ sơ, seed 1 §5.1.5, §6): the workflow's last step.  The clerk files the
cycle's dossier: it checks that every item the cycle requires is there (or takes the reason
why not), files what is only known at the end (the distribution, the quality records), records
the filed copies (the office's; for the planning regimes, the planning department's too),
fixes the retention from the schedule, closes the round; from then on the dossier is read-only.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.organisation import access
from baocao.organisation.models import Kind as UnitKind

from . import landing, retention
from .models import Dossier, DossierItem, services

K = DossierItem.Kind


def report_draft(dossier: Dossier):
    """The cycle's report draft (not its request letter, not a correction)."""
    from baocao.drafting.models import Draft

    if dossier.round_id:
        return Draft.objects.filter(round_id=dossier.round_id, corrects__isnull=True).first()
    if dossier.ad_hoc_id:
        return Draft.objects.filter(ad_hoc_id=dossier.ad_hoc_id).first()
    return None


def missing_of(dossier: Dossier) -> list[dict]:
    """What the cycle requires and its dossier lacks: [{"kind", "title"}]."""
    have = set(dossier.items.values_list("kind", flat=True))
    wanted = []
    if dossier.round_id:
        rnd = dossier.round
        wanted += [(K.FORM_VERSION, ""), (K.REQUEST, "")]
        if getattr(getattr(rnd, "request", None), "letter_draft", None) is not None:
            wanted.append((K.REQUEST_LETTER, ""))
        sent = set(dossier.items.filter(kind=K.UNIT_REPORT).values_list("object_id",
                                                                         flat=True))
        for submission in rnd.submissions.select_related("unit"):
            if str(submission.pk) not in sent:
                wanted.append((K.UNIT_REPORT, submission.unit.name))
        wanted.append((K.FIGURES, ""))
    elif dossier.ad_hoc_id:
        wanted.append((K.DIRECTION, ""))
    wanted += [(K.DRAFT_VERSION, ""), (K.DOCUMENT, "")]
    return [{"kind": kind, "label": str(K(kind).label), "title": title}
            for kind, title in wanted if title or kind not in have]


def copies_of(dossier: Dossier) -> list[dict]:
    """The filed copies: the office's; for a regime the planning department leads, its too."""
    copies = [{"unit": dossier.unit.code, "name": dossier.unit.name,
               "copy": "Bản lưu tại " + dossier.unit.name}]
    if dossier.regime.lead == UnitKind.PLANNING_DEPARTMENT:
        committee = access.committee()
        planning = committee.descendants().filter(
            kind=UnitKind.PLANNING_DEPARTMENT).first() if committee is not None else None
        if planning is not None:
            copies.append({"unit": planning.code, "name": planning.name,
                           "copy": "Bản lưu tại " + planning.name})
    return copies


def file(dossier: Dossier, actor, *, reason: str = "", seen_step: int | None = None,
         now=None) -> Dossier:
    """The clerk files the dossier.  With its report draft at the workflow's filing step, this
    is that step's action (drafting.workflow.file, which calls `file_for_draft` back)."""
    access.require(access.can_keep_records(actor))
    draft = report_draft(dossier)
    if draft is not None:
        from baocao.drafting import workflow

        workflow.file(draft, actor, seen_step=seen_step, reason=reason)
        return Dossier.objects.get(pk=dossier.pk)
    with transaction.atomic():
        return _file(dossier, actor, reason, now=now)


def file_for_draft(draft, actor, reason: str = "") -> dict:
    """The workflow's `file` action on a draft (drafting.signals.draft_filing), in its
    transaction: the draft's cycle's dossier filed.  A request letter is filed with its round's
    dossier as it was issued: nothing more to do."""
    if draft.report_request_id or draft.corrects_id:
        return {}
    if not access.can_keep_records(actor):
        raise PermissionDenied
    dossier = landing.for_draft(draft)
    if dossier is None:
        return {}
    dossier = _file(dossier, actor, reason)
    return {"dossier": dossier.code, "items": dossier.items.count(),
            "missing": [m["label"] + (f": {m['title']}" if m["title"] else "")
                        for m in dossier.missing]}


def _file(dossier: Dossier, actor, reason: str, now=None) -> Dossier:
    from baocao.collection.models import Round

    now = now or timezone.now()
    dossier = Dossier.objects.select_for_update().select_related("regime", "unit").get(
        pk=dossier.pk)
    if dossier.state != Dossier.State.OPEN:
        raise ValidationError(_("This dossier is already filed."))
    landing.gather(dossier)
    draft = report_draft(dossier)
    document = getattr(draft, "document", None) if draft is not None else None
    if document is not None:
        landing.file_distribution(dossier, document, at=now)
    if dossier.regime.code == "quality":
        landing.file_quality_records(dossier, at=now)
    missing = missing_of(dossier)
    reason = (reason or "").strip()
    if missing and not reason:
        names = "; ".join(m["label"] + (f" ({m['title']})" if m["title"] else "")
                          for m in missing)
        raise ValidationError({"reason": _("The dossier lacks: %(missing)s. File it only with "
                                           "the reason why.") % {"missing": names}})
    with services():
        retention.apply(dossier, timezone.localtime(now).year)
        dossier.state, dossier.filed_at, dossier.filed_by = Dossier.State.FILED, now, actor
        dossier.missing, dossier.missing_reason = missing, reason if missing else ""
        dossier.filed_copies = copies_of(dossier)
        dossier.save()
    if dossier.round_id:
        rnd = Round.objects.select_for_update().get(pk=dossier.round_id)
        if rnd.state != Round.State.CLOSED:
            rnd.state = Round.State.CLOSED
            rnd.save(update_fields=["state"])
            record("round.close", rnd, actor=actor, details={"dossier": dossier.code})
    record("dossier.file", dossier, actor=actor, details={
        "items": dossier.items.count(), "missing": missing, "reason": dossier.missing_reason,
        "copies": [c["unit"] for c in dossier.filed_copies],
        "transfer_due_on": dossier.transfer_due_on,
        "retention_ends_on": dossier.retention_ends_on, "rule": dossier.retention_source})
    return dossier


def to_file(user) -> list[Dossier]:
    """Dossiers awaiting their filing: the cycle's document issued (at the filing step), or an
    ad hoc order's."""
    from baocao.drafting.models import Draft

    if not access.can_keep_records(user):
        return []
    drafts = Draft.objects.filter(state=Draft.State.ISSUED, step__is_final=True,
                                  corrects__isnull=True, report_request__isnull=True)
    rounds = drafts.filter(round__isnull=False).values("round")
    orders = drafts.filter(ad_hoc__isnull=False).values("ad_hoc")
    return list(Dossier.objects.filter(state=Dossier.State.OPEN).filter(
        Q(round__in=rounds) | Q(ad_hoc__in=orders)).order_by("period_end"))
