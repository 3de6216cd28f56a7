"""What the drafting pages show, gathered for the templates (the views stay thin)."""

from django.conf import settings
from django.utils import timezone

from baocao.catalogue.models import Action, ActorUnit
from baocao.collection.models import Round
from baocao.documents import images, keys
from baocao.documents.models import Document
from baocao.organisation import access

from . import diff, remote, workflow
from .forms import AnswerForm, ConsultForm, GateForm, IssueForm, ReasonForm, SignForm
from .models import Authority, Comment, Draft, Invitee


def rounds_without_draft(user):
    """The rounds whose draft this user could build now."""
    if not access.can_watch_rounds(user):
        return []
    return list(Round.objects.filter(drafts__isnull=True).select_related("form")
                .order_by("-period_end")[:12])


def progress(draft: Draft) -> list[dict]:
    """The regime's steps in order, each marked done, current or to come (the picture at the
    top of the draft's page)."""
    done = set(draft.log.exclude(from_step=None).values_list("from_step_id", flat=True))
    steps = []
    for step in draft.regime.steps.order_by("order"):
        state = "current" if step.pk == draft.step_id else "done" if step.pk in done else "todo"
        steps.append({"step": step, "state": state})
    return steps


def waited(since) -> str:
    return _duration(timezone.now() - since)


def draft_page(draft: Draft, user, forms=None) -> dict:
    forms = forms or {}
    committee = draft.lead_unit.committee()
    transitions = workflow.offered(draft, user)
    actions = {t.action for t in transitions}
    consultation = workflow.open_consultation_of(draft)
    invitee = access.invitee_for(consultation, user) if consultation else None
    sections = list(draft.sections.order_by("order", "pk"))
    counts = {}
    for c in Comment.objects.filter(draft=draft).values_list("section_id", flat=True):
        counts[c] = counts.get(c, 0) + 1
    for section in sections:
        section.comment_count = counts.get(section.pk, 0)
    version = draft.latest_version()
    authority, lines = (workflow.signature_block(user, draft)
                        if Action.SIGN in actions else ("", []))
    context = {
        "draft": draft, "sections": sections, "version": version,
        "progress": progress(draft), "transitions": transitions,
        "can_edit": workflow.can_edit_text(draft, user),
        "can_take_in": workflow.can_take_in(draft, user),
        "waiting": waited(draft.step_since),
        "awaits": workflow.actors(draft, draft.step)
        if draft.step.actor_unit != ActorUnit.CONSULTED else [],
        "initials": draft.initials.select_related("user", "version"),
        "consultation": consultation, "invitee": invitee,
        "my_comments": list(invitee.comments.select_related("section")) if invitee else [],
        "invitees": consultation.invitees.select_related("user", "unit") if consultation
        else [],
        "can_close": consultation is not None and workflow.can_close_early(consultation, user),
        "pending_comments": Comment.objects.filter(
            draft=draft, resolution=Comment.Resolution.PENDING).count(),
        "comment_total": sum(counts.values()),
        "signature_lines": lines, "authorities": [
            (a, Authority(a).label) for a in workflow.authorities_for(user, draft)]
        if Action.SIGN in actions else [], "default_authority": authority,
        "digital": settings.BAOCAO_DIGITAL_SIGNATURES,
        "signing_key": keys.key_for(user) if Action.SIGN in actions else None,
        "signature_image_uri": images.data_uri(images.signature_image_for(user))
        if Action.SIGN in actions else "",
        "remote_open": remote.open_for(draft, user) if Action.SIGN in actions else None,
        "document": Document.objects.filter(draft=draft).select_related("issued_by").first()
        if draft.state == Draft.State.ISSUED else None,
        "forms": {
            "consult": forms.get("consult") or ConsultForm(committee=committee),
            "return": forms.get("return") or ReasonForm(),
            "sign": forms.get("sign") or SignForm(),
            "issue": forms.get("issue") or IssueForm(committee=committee, draft=draft),
            "answer": forms.get("answer") or AnswerForm(draft=draft),
            "submit": forms.get("submit") or GateForm(),
        },
        "Invitee": Invitee,
        "recipient_choices": _recipient_choices(draft, committee),
    }
    return context


def _recipient_choices(draft: Draft, committee) -> dict:
    """The committee's list, each marked when the draft has it; the draft's others."""
    from baocao.documents.models import Recipient

    names = [r["name"] for r in draft.recipients]
    listed = list(Recipient.objects.filter(committee=committee, active=True))
    return {"listed": [(r, r.name in names) for r in listed],
            "others": "\n".join(n for n in names if n not in {r.name for r in listed})}


def versions_page(draft: Draft, a=None, b=None) -> dict:
    versions = list(draft.versions.select_related("author", "step").order_by("-number"))
    initials = {}
    for initial in draft.initials.select_related("user"):
        initials.setdefault(initial.version_id, []).append(initial)
    for v in versions:
        v.initial_list = initials.get(v.pk, [])
    by_number = {str(v.number): v for v in versions}
    older = by_number.get(str(a)) if a else None
    newer = by_number.get(str(b)) if b else None
    if older is None and newer is None and len(versions) >= 2:
        older, newer = versions[1], versions[0]
    rows = []
    if older is not None and newer is not None:
        if older.number > newer.number:
            older, newer = newer, older
        rows = diff.compare_versions(older.content, newer.content)
    return {"draft": draft, "versions": versions, "older": older, "newer": newer,
            "rows": rows}


def comments_page(draft: Draft, user) -> dict:
    found = list(Comment.objects.filter(draft=draft).select_related(
        "author", "section", "version", "resolved_by", "invitee__unit", "consultation"))
    counts = {r: sum(1 for c in found if c.resolution == r) for r in Comment.Resolution.values}
    return {"draft": draft, "comments": found, "counts": counts,
            "can_take_in": workflow.can_take_in(draft, user),
            "consultations": draft.consultations.prefetch_related("invitees__user",
                                                                  "invitees__unit")}


ACTION_LABELS = {"create": "Tạo dự thảo", "close": "Kết thúc xin ý kiến"}


def timeline_entries(draft: Draft) -> list[dict]:
    entries, previous = [], None
    comments = list(Comment.objects.filter(draft=draft).select_related("author"))
    log = list(draft.log.select_related("actor", "from_step", "to_step", "version"))
    for index, entry in enumerate(log):
        until = log[index + 1].at if index + 1 < len(log) else timezone.now()
        label = ACTION_LABELS.get(entry.action) or (
            Action(entry.action).label if entry.action in Action.values else entry.action)
        entries.append({
            "entry": entry, "label": label,
            "waited": _duration(entry.at - previous.at) if previous else "",
            "comments": [c for c in comments if entry.at <= c.created_at < until],
        })
        previous = entry
    return entries


def _duration(delta) -> str:
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    if days:
        return f"{days} ngày {rest // 3600} giờ"
    return f"{rest // 3600} giờ {rest % 3600 // 60} phút"


def timeline_page(draft: Draft) -> dict:
    return {"draft": draft, "entries": timeline_entries(draft), "progress": progress(draft)}


def round_timeline(rnd) -> dict:
    """A whole round, from the request to the issue: the round's events and its draft's."""
    events = [{"at": rnd.opened_at, "label": "Gửi công văn yêu cầu báo cáo, mở đợt báo cáo",
               "who": rnd.opened_by.display_name, "detail": f"{rnd.n} đơn vị"}]
    subs = list(rnd.submissions.select_related("unit").exclude(first_sent_at=None))
    if subs:
        first = min(subs, key=lambda s: s.first_sent_at)
        last = max(subs, key=lambda s: s.first_sent_at)
        late = sum(1 for s in subs if not s.on_time)
        events.append({"at": first.first_sent_at, "label": "Đơn vị đầu tiên gửi báo cáo",
                       "who": first.unit.name, "detail": ""})
        events.append({"at": last.first_sent_at, "label": "Đơn vị cuối cùng gửi báo cáo",
                       "who": last.unit.name,
                       "detail": f"{len(subs)}/{rnd.n} đơn vị đã gửi, {late} gửi muộn"})
    draft = rnd.drafts.order_by("created_at").first()
    entries = timeline_entries(draft) if draft else []
    for e in entries:
        entry = e["entry"]
        events.append({"at": entry.at, "label": e["label"],
                       "who": entry.actor.display_name if entry.actor else "",
                       "detail": entry.to_step.name if entry.to_step else ""})
    events.sort(key=lambda e: e["at"])
    previous = None
    for event in events:
        event["waited"] = _duration(event["at"] - previous) if previous else ""
        previous = event["at"]
    return {"round": rnd, "events": events, "draft": draft}
