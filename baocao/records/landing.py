"""How items land in their cycle's dossier, as they happen.

Every action of the lower apps writes an audit event in its own transaction
(`baocao.audit.log.record`); the records app listens to those events (`signals.py`) and files
the item each one makes, frozen as it stood at that moment: the unit's report as sent (its
figures, texts and scans), the draft's version submitted (HTML), the issued PDF as signed.  The
lower apps know nothing of this.  `gather()` files, from what the database holds, what did not
land as it happened (cycles written as history by the demo, or before this app existed).
"""

import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from .models import Dossier, DossierItem, RecordKind

Kind = DossierItem.Kind


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


# --- the dossier of a cycle --------------------------------------------------------------------

def _record_kind(regime_code: str, period_kind: str) -> str:
    if regime_code == "quality":
        return RecordKind.QUALITY_RECORD
    if period_kind == "ad_hoc" or regime_code == "ad_hoc":
        return RecordKind.AD_HOC_REPORT
    if period_kind == "year":
        return RecordKind.ANNUAL_REPORT
    if period_kind in ("half_year", "nine_months"):
        return RecordKind.HALF_YEAR_REPORT
    return RecordKind.PERIODIC_REPORT


def _keeper():
    from baocao.organisation import access

    committee = access.committee()
    return (committee.office() or committee) if committee else None


def _title(subject: str, period_label: str) -> str:
    """"Hồ sơ báo cáo … tháng 11/2026": the subject in the sentence, its period once."""
    subject = subject.strip()
    if subject[:1].isupper() and subject[1:2].islower():
        subject = subject[0].lower() + subject[1:]
    if period_label.lower() not in subject.lower():
        subject = f"{subject} · {period_label}"
    return f"Hồ sơ {subject}"[:300]


def for_round(rnd, *, create: bool = True) -> Dossier | None:
    """The round's dossier, opened now if it has none yet."""
    found = Dossier.objects.filter(round=rnd).first()
    if found is not None or not create:
        return found
    unit = _keeper()
    if unit is None:
        return None
    request = getattr(rnd, "request", None)
    period = rnd.period_obj
    subject = request.subject if request is not None else rnd.form.name
    return Dossier.objects.create(
        round=rnd, regime=rnd.form.regime, unit=unit,
        code=f"{rnd.period_end.year}.{rnd.form.code}.{rnd.period}"[:40],
        title=_title(subject, period.label()), period=rnd.period,
        period_start=rnd.period_start, period_end=rnd.period_end,
        record_kind=_record_kind(rnd.form.regime.code, period.kind), opened_at=rnd.opened_at)


def for_ad_hoc(report, *, create: bool = True) -> Dossier | None:
    found = Dossier.objects.filter(ad_hoc=report).first()
    if found is not None or not create:
        return found
    from baocao.catalogue.models import Regime

    regime = Regime.objects.filter(code="ad_hoc").first()
    if regime is None:
        return None
    start = timezone.localdate(report.ordered_at)
    return Dossier.objects.create(
        ad_hoc=report, regime=regime, unit=report.department,
        code=f"{start.year}.DX.{report.pk}", title=f"Hồ sơ báo cáo đột xuất: {report.subject}"
        [:300], period=f"{start.isoformat()}..{report.deadline.isoformat()}",
        period_start=start, period_end=max(report.deadline, start),
        record_kind=RecordKind.AD_HOC_REPORT, opened_at=report.ordered_at)


def for_draft(draft, *, create: bool = True) -> Dossier | None:
    """The dossier a draft belongs to: its round's, its letter's round's, its ad hoc order's."""
    if draft.round_id:
        return for_round(draft.round, create=create)
    if draft.report_request_id:
        return for_round(draft.report_request.round, create=create)
    if draft.ad_hoc_id:
        return for_ad_hoc(draft.ad_hoc, create=create)
    return None


# --- filing one item ---------------------------------------------------------------------------

def has(dossier: Dossier, kind: str, thing) -> bool:
    ct = ContentType.objects.get_for_model(thing)
    return dossier.items.filter(kind=kind, content_type=ct, object_id=str(thing.pk)).exists()


def add(dossier: Dossier | None, kind: str, *, title: str, thing=None, who=None, at=None,
        number: str = "", url: str = "", content: dict | None = None,
        data: bytes | None = None, file_name: str = "", media_type: str = "",
        once: bool = False) -> DossierItem | None:
    """File one item with its frozen copy: `data` (a file) or `content` (JSON).  Nothing is
    added to a dossier no longer open (what happens after filing is not of that cycle)."""
    if dossier is None or dossier.state != Dossier.State.OPEN:
        return None
    if once and thing is not None and has(dossier, kind, thing):
        return None
    content = json.loads(canonical(content or {}))  # dates and decimals as text
    raw = data if data is not None else canonical(content)
    item = DossierItem(
        dossier=dossier, kind=kind, at=at or timezone.now(), who=who,
        who_name=(who.display_name if who is not None else "")[:200], title=title[:500],
        number=number[:60], url=url[:300], content=content, sha256=sha256(raw), size=len(raw),
        media_type=media_type if data is not None else "application/json")
    if thing is not None:
        item.content_type = ContentType.objects.get_for_model(thing)
        item.object_id = str(thing.pk)
    if data is not None:
        item.file_name = file_name[:200]
        item.file.save(file_name, ContentFile(data), save=False)
    item.save()
    return item


# --- what each kind of thing freezes -----------------------------------------------------------

def _request(rnd):
    return getattr(rnd, "request", None)


def file_round_opened(rnd, actor=None):
    dossier = for_round(rnd)
    version = rnd.form_version
    rows = [{"indicator": r.indicator.code if r.indicator_id else "", "heading": r.heading}
            for r in _form_rows(version)]
    add(dossier, Kind.FORM_VERSION, title=f"{rnd.form.code} · {rnd.form.name} · phiên bản "
        f"{version.number}", thing=version, who=actor, at=rnd.opened_at, once=True,
        url=reverse("catalogue:form_version", args=[rnd.form.code, version.number]),
        content={"form": rnd.form.code, "name": rnd.form.name,
                          "version": version.number, "note": version.note, "rows": rows})
    request = _request(rnd)
    if request is not None:
        add(dossier, Kind.REQUEST, title=request.subject, thing=request, who=actor,
            at=rnd.opened_at, number=request.number, once=True,
            url=reverse("collection:round_detail", args=[rnd.pk]),
            content={"subject": request.subject, "number": request.number,
                     "date": request.issued_on, "request": request.body,
                     "outline": request.outline_headings(), "due_date": rnd.due_date,
                     "paper_due_date": rnd.paper_due_date})
        for attachment in request.attachments.all():
            file_attachment(attachment)
    return dossier


def _form_rows(version):
    from baocao.catalogue.models import FormRow

    return FormRow.objects.filter(table__version=version).select_related("indicator").order_by(
        "table__sort_order", "sort_order", "pk")



def _read(field) -> bytes | None:
    try:
        with field.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def file_attachment(attachment):
    if attachment.request_id:
        dossier, kind = for_round(attachment.request.round), Kind.GUIDANCE
        url = reverse("collection:round_detail", args=[attachment.request.round_id])
    elif attachment.submission_id and attachment.kind == attachment.Kind.PAPER_COPY:
        submission = attachment.submission
        if submission.first_sent_at is None:
            return None  # filed with the report when it is sent
        dossier, kind = for_round(submission.round), Kind.PAPER_SCAN
        url = reverse("collection:submission", args=[submission.pk])
    else:
        return None
    data = _read(attachment.file)
    if data is None:
        return None
    return add(dossier, kind, title=attachment.name, thing=attachment,
               who=attachment.uploaded_by, at=attachment.uploaded_at, url=url, once=True,
               data=data, file_name=attachment.name, media_type=attachment.content_type)


def submission_content(submission) -> dict:
    """The unit's report as it stands: its figures, its texts, its scans' hashes."""
    from baocao.collection.models import DataValue

    values = [{"indicator": v.indicator.code, "name": v.indicator.name, "column": v.column,
               "value": None if v.value is None else format(v.value.normalize(), "f"),
               "unit_of_measure": v.indicator.unit_of_measure, "text": v.text,
               "comment": v.comment}
              for v in DataValue.objects.filter(submission=submission).select_related(
                  "indicator").order_by("indicator__code", "column")]
    texts = [{"section": t.section.title, "html": t.html}
             for t in submission.texts.select_related("section").order_by("section__pk",
                                                                          "pk")]
    scans = []
    for a in submission.attachments.all():
        data = _read(a.file)
        scans.append({"name": a.name, "sha256": sha256(data) if data else None})
    return {"unit": submission.unit.code, "unit_name": submission.unit.name,
            "round": str(submission.round), "form": submission.round.form.code,
            "form_version": submission.round.form_version.number,
            "period": submission.round.period, "sent_at": submission.sent_at,
            "due_date": submission.due_date, "on_time": submission.on_time,
            "values": values, "texts": texts, "scans": scans}


def file_sent(submission, actor=None, at=None):
    dossier = for_round(submission.round)
    item = add(dossier, Kind.UNIT_REPORT,
               title=f"{submission.unit.name} · {submission.round.period_label}",
               thing=submission, who=actor or submission.sent_by,
               at=at or submission.sent_at, content=submission_content(submission),
               url=reverse("collection:submission", args=[submission.pk]))
    for attachment in submission.attachments.filter(kind="paper_copy"):
        if dossier is not None and not has(dossier, Kind.PAPER_SCAN, attachment):
            file_attachment(attachment)
    return item


def file_returned(submission, actor=None, at=None):
    return add(for_round(submission.round), Kind.RETURN,
               title=f"{submission.unit.name}: {submission.return_reason}"[:500],
               thing=submission, who=actor, at=at or submission.returned_at,
               url=reverse("collection:submission", args=[submission.pk]),
               content={"unit": submission.unit.code, "reason": submission.return_reason})


def version_html(draft, version) -> bytes:
    parts = [f"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>"
             f"{escape(draft.title)} · v{version.number}</title></head><body>",
             f"<h1>{escape(draft.title)}</h1><p>{escape(draft.summary)}</p>"]
    for section in version.content or []:
        level = min(max(int(section.get("level") or 1), 1), 4) + 1
        if section.get("heading"):
            parts.append(f"<h{level}>{escape(section['heading'])}</h{level}>")
        parts.append(section.get("html") or "")
    parts.append("</body></html>")
    return "\n".join(parts).encode()


def file_figures(draft, actor=None):
    """The consolidated figures the draft was built from: its appendix tables as built."""
    version = draft.versions.order_by("number").first()
    if version is None:
        return None
    tables = [s for s in version.content or [] if s.get("kind") == "appendix"]
    return add(for_draft(draft), Kind.FIGURES, title=f"Số liệu tổng hợp: {draft.title}",
               thing=version, who=actor or version.author, at=version.created_at, once=True,
               url=reverse("drafting:draft", args=[draft.pk]),
               content={"draft": draft.title, "version": version.number,
                        "not_counted": draft.not_counted, "tables": tables})


STEP_KINDS = {"submit": Kind.DRAFT_VERSION, "return": Kind.DRAFT_RETURN,
              "approve": Kind.APPROVAL, "initial": Kind.INITIAL, "sign": Kind.SIGNATURE}


def file_step(draft, entry):
    """One step of the draft's workflow (drafting.StepLog): the version submitted as HTML."""
    kind = STEP_KINDS.get(entry.action)
    if kind is None or draft.report_request_id:
        return None
    dossier = for_draft(draft)
    step = entry.from_step.name if entry.from_step_id else ""
    url = reverse("drafting:draft", args=[draft.pk])
    if kind == Kind.DRAFT_VERSION and entry.version_id:
        version = entry.version
        return add(dossier, kind, title=f"{draft.title} · phiên bản {version.number}",
                   thing=entry, who=entry.actor, at=entry.at, url=url,
                   data=version_html(draft, version), media_type="text/html",
                   file_name=f"du-thao-v{version.number}.html")
    content = {"step": step, "reason": entry.reason, "version":
               entry.version.number if entry.version_id else None,
               "details": json.loads(canonical(entry.details))}
    title = f"{entry.actor.display_name if entry.actor_id else ''} · {step}".strip(" ·")
    return add(dossier, kind, title=title, thing=entry, who=entry.actor, at=entry.at, url=url,
               content=content)


def file_comment(comment):
    dossier = for_draft(comment.draft)
    data, extra = None, {}
    if comment.letter:
        data = _read(comment.letter)
        extra = {"data": data, "file_name": comment.letter_name or "gop-y.pdf",
                 "media_type": "application/pdf"} if data else {}
    return add(dossier, Kind.COMMENT, title=f"{comment.author.display_name}: "
               f"{comment.body[:200]}", thing=comment, who=comment.author,
               at=comment.created_at, once=True,
               url=reverse("drafting:draft", args=[comment.draft_id]),
               content={} if extra else {"section": comment.section.heading
                                         if comment.section_id else None,
                                         "body": comment.body, "version": comment.version.number},
               **extra)


def file_resolution(comment):
    return add(for_draft(comment.draft), Kind.RESOLUTION,
               title=f"{comment.get_resolution_display()}: {comment.resolution_note or ''}"[:500],
               thing=comment, who=comment.resolved_by, at=comment.resolved_at,
               url=reverse("drafting:comments", args=[comment.draft_id]),
               content={"comment": comment.body, "resolution": comment.resolution,
                        "note": comment.resolution_note})


def file_document(document):
    draft = document.draft
    kind = Kind.REQUEST_LETTER if draft.report_request_id else Kind.DOCUMENT
    dossier = for_draft(draft)
    url = reverse("documents:document", args=[document.pk])
    title = f"{document.reference}: {document.summary}"
    if document.pdf:
        return add(dossier, kind, title=title, thing=document, who=document.issued_by,
                   at=document.issued_at, number=document.reference, url=url, once=True,
                   data=bytes(document.pdf), media_type="application/pdf",
                   file_name=f"{document.number:02d}-{document.symbol.replace('/', '-')}.pdf")
    from baocao.documents import render, structure

    return add(dossier, kind, title=title, thing=document, who=document.issued_by,
               at=document.issued_at, number=document.reference, url=url, once=True,
               data=render.pdf(structure.of_document(document)), media_type="application/pdf",
               file_name=f"{document.number:02d}-{document.symbol.replace('/', '-')}.pdf")


def file_order(report):
    dossier = for_ad_hoc(report)
    return add(dossier, Kind.DIRECTION, title=report.subject, thing=report,
               who=report.ordered_by, at=report.ordered_at, once=True,
               content={"subject": report.subject, "instructions": report.instructions,
                        "department": report.department.code, "deadline": report.deadline,
                        "contributors": [u.code for u in report.contributors.all()]})


# --- at filing: what is only known at the end --------------------------------------------------

def file_distribution(dossier, document, at=None):
    """Who received the issued document, and when each first opened it (at filing time)."""
    rows = [{"name": d.name, "email": d.email, "sent_at": d.sent_at, "opened_at": d.opened_at}
            for d in document.distributions.select_related("message")]
    return add(dossier, Kind.DISTRIBUTION, title=f"{document.reference}: {len(rows)} nơi nhận",
               thing=document, at=at, number=document.reference, once=True,
               url=reverse("documents:document", args=[document.pk]),
               content={"document": document.reference, "recipients": rows})


def file_quality_records(dossier, at=None):
    """Seed 2 §7: the quality records of the period (each department's), in a quality cycle."""
    from baocao.catalogue.periods import Period
    from baocao.quality import records

    if dossier.round_id is None:
        return 0
    added = 0
    period = Period.parse(dossier.period)
    units = {s.unit for s in dossier.round.submissions.select_related("unit")}
    for unit in sorted(units, key=lambda u: u.path):
        for record in records.items_for(unit, period):
            if record.kind in ("submission", "document"):
                continue  # already in the dossier as the unit's report and the document
            if add(dossier, Kind.QUALITY_RECORD, title=f"{record.unit.name} · {record.title}",
                   thing=record.obj, at=at, url=record.url, once=True,
                   content={"kind": record.kind, "unit": record.unit.code, "day": record.day,
                            "keep_at_unit_until": record.keep_until}):
                added += 1
    return added


# --- what did not land as it happened ----------------------------------------------------------

def gather(dossier: Dossier) -> int:
    """File what the database holds of the cycle and the dossier lacks (idempotent)."""
    from baocao.drafting.models import Comment, Draft, StepLog

    before = dossier.items.count()
    drafts = Draft.objects.none()
    if dossier.round_id:
        rnd = dossier.round
        file_round_opened(rnd, rnd.opened_by)
        for submission in rnd.submissions.filter(first_sent_at__isnull=False).select_related(
                "unit", "round", "round__form", "round__form_version", "sent_by"):
            if not has(dossier, Kind.UNIT_REPORT, submission):
                file_sent(submission, at=submission.sent_at or submission.first_sent_at)
        drafts = Draft.objects.filter(Q(round=rnd) | Q(report_request__round=rnd))
    elif dossier.ad_hoc_id:
        file_order(dossier.ad_hoc)
        drafts = Draft.objects.filter(ad_hoc=dossier.ad_hoc)
    for draft in drafts.select_related("round", "report_request", "ad_hoc"):
        if not draft.report_request_id:
            file_figures(draft)
            for entry in StepLog.objects.filter(draft=draft, action__in=STEP_KINDS).select_related(
                    "actor", "from_step", "version"):
                if not has(dossier, STEP_KINDS[entry.action], entry):
                    file_step(draft, entry)
            for comment in Comment.objects.filter(draft=draft).select_related(
                    "author", "section", "version", "draft"):
                file_comment(comment)
                if comment.resolved_at and not has(dossier, Kind.RESOLUTION, comment):
                    file_resolution(comment)
        document = getattr(draft, "document", None)
        if document is not None:
            file_document(document)
    return dossier.items.count() - before
