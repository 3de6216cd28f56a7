"""The workflow engine: runs a regime's workflow (steps and transitions stored as data) on a draft.

Every change is one function here, in a transaction, with the draft's row locked (two people
acting at once cannot both win), a line in the draft's log (the timeline) and an audit event.

Who acts at a step is the step's role in the step's unit:
- `lead`: the draft's leading unit (the office for the monthly report, the planning department
  for the periodic and plan reports, the department assigned an ad hoc report).  Where the role
  is `compiler`, the unit's reporter (cán bộ được giao lập báo cáo, seed 2 §5.1.2 d) acts too;
- `committee`: the role held for the whole committee (the chair and vice chairs);
- `office`: the role in the committee's office (its clerk);
- `consulted`: the people and units asked in the open consultation; they answer, and the step
  moves on when the consultation closes (all answered, the deadline passed, or closed early by
  whoever opened it).
"""

import re
from datetime import date
from html import unescape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baocao.audit.log import record
from baocao.catalogue.models import Action, ActorUnit, WorkflowStep
from baocao.organisation import access
from baocao.organisation.models import Membership, Role
from baocao.outbox.notify import notify

from . import gates
from .models import Authority, Comment, Consultation, Draft, Initial, Invitee, StepLog

# Actions taken with their own forms rather than the action buttons.
NOT_BUTTONS = frozenset({Action.EDIT, Action.COMMENT})
# Steps that offer one of these let their actors change the text.
EDITING_ACTIONS = frozenset({Action.SUBMIT, Action.EDIT, Action.RESOLVE})


class WorkflowError(ValidationError):
    """An action refused: wrong person, wrong step, missing reason…  Changes nothing."""


# --- who ---------------------------------------------------------------------------------------

def _roles_for(step_role: str) -> set[str]:
    return {Role.COMPILER, Role.REPORTER} if step_role == Role.COMPILER else {step_role}


def step_memberships(draft: Draft, step: WorkflowStep, user) -> list[Membership]:
    """The user's memberships that make them an actor of `step` on this draft."""
    wanted = _roles_for(step.role)
    ms = [m for m in access.memberships(user) if m.role in wanted]
    if step.actor_unit == ActorUnit.LEAD:
        return [m for m in ms if m.unit_id == draft.lead_unit_id]
    committee = draft.lead_unit.committee()
    if step.actor_unit == ActorUnit.COMMITTEE:
        return [m for m in ms if m.role == step.role and access.scope_of(m).pk == committee.pk]
    if step.actor_unit == ActorUnit.OFFICE:
        office = committee.office()
        return [m for m in ms if m.role == step.role and office and m.unit_id == office.pk]
    return []


def is_actor(draft: Draft, step: WorkflowStep, user) -> bool:
    return bool(step_memberships(draft, step, user))


def actors(draft: Draft, step: WorkflowStep) -> list:
    """Everyone who may act at `step` (for notifications and "Việc cần làm")."""
    if step.actor_unit == ActorUnit.CONSULTED:
        consultation = open_consultation_of(draft)
        return [u for i in consultation.invitees.filter(state=Invitee.State.PENDING)
                for u in invitee_people(i)] if consultation else []
    wanted = _roles_for(step.role)
    committee = draft.lead_unit.committee()
    found = Membership.objects.filter(role__in=wanted, user__is_active=True).select_related(
        "user", "unit")
    if step.actor_unit == ActorUnit.LEAD:
        found = found.filter(unit=draft.lead_unit)
    elif step.actor_unit == ActorUnit.OFFICE:
        found = found.filter(unit=committee.office())
    else:
        found = [m for m in found if access.scope_of(m).pk == committee.pk]
    today = timezone.localdate()
    return list({m.user_id: m.user for m in found if m.is_active_on(today)}.values())


def invitee_people(invitee: Invitee) -> list:
    if invitee.user_id:
        return [invitee.user]
    return access.people_of(invitee.unit, access.ANSWERING_ROLES)


def open_consultation_of(draft: Draft) -> Consultation | None:
    return draft.consultations.filter(closed_at__isnull=True).order_by("-opened_at").first()


def offered(draft: Draft, user) -> list:
    """The transitions of the current step this user may take now (as buttons)."""
    if draft.state == Draft.State.ISSUED and draft.step.is_final:
        return []
    if not is_actor(draft, draft.step, user):
        return []
    return [t for t in draft.step.transitions.select_related("to_step")
            if t.action not in NOT_BUTTONS]


def can_edit_text(draft: Draft, user) -> bool:
    """The text changes only while the draft is open, by the actors of a step that offers
    writing (the compiler's steps, the reviewer's edit in place)."""
    if draft.state != Draft.State.OPEN:
        return False
    actions = set(draft.step.transitions.values_list("action", flat=True))
    return bool(actions & EDITING_ACTIONS) and is_actor(draft, draft.step, user)


def can_take_in(draft: Draft, user) -> bool:
    """Taking in comments: the leading unit's compiler (or reporter), while the draft is open."""
    return draft.state == Draft.State.OPEN and any(
        m.unit_id == draft.lead_unit_id and m.role in (Role.COMPILER, Role.REPORTER)
        for m in access.memberships(user))


def can_close_early(consultation: Consultation, user) -> bool:
    return consultation.is_open and is_actor(consultation.draft, consultation.step, user)


# --- the signature block -----------------------------------------------------------------------

def authorities_for(user, draft: Draft) -> list[str]:
    """The authority lines this signer may use: leaders sign for the committee (TM.); heads
    sign by order (TL.) or by authorisation (TUQ.) of the chair."""
    ms = step_memberships(draft, draft.step, user)
    if any(m.role == Role.LEADER for m in ms):
        return [Authority.ON_BEHALF]
    return [Authority.BY_ORDER, Authority.BY_AUTHORISATION]


def signature_block(user, draft: Draft, authority: str | None = None) -> tuple[str, list[str]]:
    """(authority, lines) of the signature block, from the signer's position.

    Chủ tịch → TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH; Phó Chủ tịch → TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
    PHÓ CHỦ TỊCH; Quyền Chủ tịch → TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH; Chánh Văn phòng → TL. CHỦ
    TỊCH / CHÁNH VĂN PHÒNG; Phó Chánh Văn phòng → TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH
    VĂN PHÒNG; with TUQ., TUQ. CHỦ TỊCH / <position>.
    """
    ms = step_memberships(draft, draft.step, user)
    membership = ms[0] if ms else None
    position = (membership.position if membership else "").strip()
    lower = position.lower()
    if membership is not None and membership.role == Role.LEADER:
        if lower.startswith("quyền chủ tịch"):
            return Authority.ACTING, ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]
        if "phó chủ tịch" in lower:
            return Authority.DEPUTY, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        return Authority.ON_BEHALF, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    title = (position or _("Head")).upper()
    if authority == Authority.BY_AUTHORISATION:
        return Authority.BY_AUTHORISATION, ["TUQ. CHỦ TỊCH", title]
    if lower.startswith("phó "):
        return Authority.BY_ORDER, ["TL. CHỦ TỊCH", "KT. " + title[4:], title]
    return Authority.BY_ORDER, ["TL. CHỦ TỊCH", title]


# --- acting ------------------------------------------------------------------------------------

def locked(draft: Draft) -> Draft:
    """The draft, its row locked until the transaction ends (call inside one)."""
    return Draft.objects.select_for_update().select_related(
        "step", "regime", "lead_unit").get(pk=draft.pk)


def _log(draft, action, actor, from_step, to_step, reason="", **details) -> StepLog:
    entry = StepLog.objects.create(draft=draft, action=action, actor=actor, from_step=from_step,
                                   to_step=to_step, reason=reason,
                                   version=draft.latest_version(), details=details)
    record(f"draft.{action}", draft, actor=actor, details={
        "from": from_step.code if from_step else None, "to": to_step.code if to_step else None,
        "reason": reason, **details})
    return entry


def _move(draft: Draft, to_step: WorkflowStep, actor, action: str, reason="", **details):
    from_step = draft.step
    draft.step, draft.step_since = to_step, timezone.now()
    draft.save(update_fields=["step", "step_since", "state"])
    _log(draft, action, actor, from_step, to_step, reason, **details)
    _tell_next(draft, to_step)


def _tell_next(draft: Draft, step: WorkflowStep):
    if step.actor_unit == ActorUnit.CONSULTED or step.is_final:
        return
    notify(actors(draft, step), gettext_lazy("Awaiting you: %(draft)s — %(step)s"),
           reverse("drafting:draft", args=[draft.pk]),
           params={"draft": draft.title, "step": step.name})


def _transition(draft: Draft, action: str, actor, seen_step: int | None, reason: str = "",
                effect=None, unsent_reason: str = "") -> Draft:
    """The one way a draft moves: lock its row, check the step offers `action` to this actor
    (and that the draft did not move since the user saw it), ask the reason when the figures
    leave out units that did not send (drafting.gates, for submitting, signing, issuing), do
    the action's own work (`effect(draft, transition)` → the details logged), move to the next
    step, log it, audit it, tell whoever acts next; all in one transaction."""
    with transaction.atomic():
        draft = locked(draft)
        transition = check(draft, action, actor, seen_step)
        reason = (reason or "").strip()
        gate = gates.require_reason(draft.not_counted, unsent_reason, gates.doing(action)) \
            if action in gates.GATED else {}
        details = effect(draft, transition) if effect is not None else {}
        _move(draft, transition.to_step, actor, action, reason, **gate, **(details or {}))
    return draft


# --- the actions: one function each ------------------------------------------------------------

def submit(draft: Draft, actor, *, seen_step: int | None = None, reason: str = "",
           unsent_reason: str = "") -> Draft:
    """Trình: the compiler sends the draft up for review."""
    return _transition(draft, Action.SUBMIT, actor, seen_step, reason,
                       unsent_reason=unsent_reason)


def approve(draft: Draft, actor, *, seen_step: int | None = None, reason: str = "") -> Draft:
    """Thông qua: the reviewer accepts the draft as it is."""
    return _transition(draft, Action.APPROVE, actor, seen_step, reason)


def return_(draft: Draft, actor, *, reason: str = "", seen_step: int | None = None) -> Draft:
    """Trả lại: back to the step before, with the reason."""
    def effect(draft, transition):
        if not (reason or "").strip():
            raise WorkflowError({"reason": _("Say why it goes back.")})
        return {}

    return _transition(draft, Action.RETURN, actor, seen_step, reason, effect)


def initial(draft: Draft, actor, *, seen_step: int | None = None, reason: str = "") -> Draft:
    """Ký nháy: the head's initials, recorded on the version they vouch for."""
    def effect(draft, transition):
        version = draft.latest_version()
        ms = step_memberships(draft, draft.step, actor)
        Initial.objects.create(draft=draft, version=version, step=draft.step, user=actor,
                               position=ms[0].position if ms else "")
        return {"version": version.number}

    return _transition(draft, Action.INITIAL, actor, seen_step, reason, effect)


def consult(draft: Draft, actor, *, users=(), units=(), deadline: date | None = None,
            message: str = "", allow_nobody: bool = False, seen_step: int | None = None,
            reason: str = "") -> Draft:
    """Xin ý kiến: ask people and units for comments by a deadline.  Nobody asked (allowed
    where a regime's own step says so): the consultation closes at once."""
    opened = {}

    def effect(draft, transition):
        consultation = _open_consultation(draft, actor, users=users, units=units,
                                          deadline=deadline, message=message,
                                          allow_nobody=allow_nobody)
        opened["pk"] = consultation.pk
        return {"consultation": consultation.pk, "deadline": consultation.deadline,
                "asked": consultation.invitees.count()}

    with transaction.atomic():
        draft = _transition(draft, Action.CONSULT, actor, seen_step, reason, effect)
        consultation = draft.consultations.get(pk=opened["pk"])
        if not consultation.invitees.exists():
            _close(consultation, actor, _("Nobody was asked."))
    return draft


def resolve(draft: Draft, actor, *, seen_step: int | None = None, reason: str = "") -> Draft:
    """Tiếp thu xong: every comment taken in (accepted or declined), the consultation closed."""
    def effect(draft, transition):
        pending = Comment.objects.filter(draft=draft,
                                         resolution=Comment.Resolution.PENDING).count()
        if pending:
            raise WorkflowError(_("%(n)d comment(s) are not yet taken in: accept or decline "
                                  "each one first.") % {"n": pending})
        if open_consultation_of(draft):
            raise WorkflowError(_("The consultation is still open."))
        return {}

    return _transition(draft, Action.RESOLVE, actor, seen_step, reason, effect)


def sign(draft: Draft, actor, *, authority: str | None = None, password: str | None = None,
         remote=None, signed_pdf: bytes | None = None, seen_step: int | None = None,
         reason: str = "", unsent_reason: str = "") -> Draft:
    """Ký ban hành: the signature block, and the digital signature, made here with the signer's
    password, or made by their token's agent (`remote`, the RemoteSignature that `signed_pdf`
    completes: drafting.remote).  The PDF signed was rendered beforehand and is signed before
    the draft's row is locked; under the lock, only what was signed is checked and kept."""
    from django.conf import settings

    prepared = None
    if remote is None and settings.BAOCAO_DIGITAL_SIGNATURES:
        prepared = _prepare_signature(draft, actor, authority, password, seen_step,
                                      unsent_reason)

    def effect(draft, transition):
        return _sign(draft, actor, authority, password, remote=remote, signed_pdf=signed_pdf,
                     prepared=prepared)

    return _transition(draft, Action.SIGN, actor, seen_step, reason, effect,
                       unsent_reason=unsent_reason)


def issue(draft: Draft, actor, *, issued_on: date | None = None, recipients=(),
          others: str = "", filing_line: str | None = None, seen_step: int | None = None,
          reason: str = "", unsent_reason: str = "") -> Draft:
    """Phát hành: the number from the register, the date, the sealed document, its copies."""
    from baocao.documents import issuing

    def effect(draft, transition):
        extra = {"filing_line": filing_line} if filing_line is not None else {}
        document = issuing.issue(draft, actor, issued_on=issued_on, recipients=recipients,
                                 others=others, **extra)
        draft.state = Draft.State.ISSUED
        return {"document": document.reference, "document_id": document.pk}

    return _transition(draft, Action.ISSUE, actor, seen_step, reason, effect,
                       unsent_reason=unsent_reason)


def distribute(draft: Draft, actor, *, seen_step: int | None = None, reason: str = "") -> Draft:
    """Sao gửi: the copies are out (each recipient's e-mail is in the outbox since the issue)."""
    return _transition(draft, Action.DISTRIBUTE, actor, seen_step, reason)


def _filing(draft: Draft, actor, reason: str) -> dict:
    from .hooks import draft_filing

    details = {}
    for _receiver, answer in draft_filing.send(sender=Draft, draft=draft, actor=actor,
                                               reason=reason):
        details.update(answer or {})
    return details


def file(draft: Draft, actor, *, seen_step: int | None = None, reason: str = "") -> Draft:
    """Lưu hồ sơ: the cycle's last step.  The clerk at the filing step (the final one, reached
    by the issue or the distribution) files the cycle's dossier: the records app answers
    `signals.draft_filing` in this transaction, and refuses an incomplete dossier without a
    `reason`.  A workflow whose filing moves the draft on takes its transition."""
    if draft.step.transitions.filter(action=Action.FILE).exists():
        return _transition(draft, Action.FILE, actor, seen_step, reason,
                           lambda d, t: _filing(d, actor, reason))
    with transaction.atomic():
        draft = locked(draft)
        if seen_step is not None and draft.step_id != seen_step:
            raise WorkflowError(_("Someone acted on this draft meanwhile: it is now at \"%(step)s"
                                  "\". Look again before acting.") % {"step": draft.step.name})
        if not draft.step.is_final or draft.state != Draft.State.ISSUED:
            raise WorkflowError(_("The step \"%(step)s\" does not offer this action.")
                                % {"step": draft.step.name})
        if not is_actor(draft, draft.step, actor):
            raise WorkflowError(_("This step is not yours to act on: it awaits %(role)s of "
                                  "%(unit)s.") % {"role": draft.step.get_role_display(),
                                                  "unit": draft.step.get_actor_unit_display()})
        if draft.log.filter(action=Action.FILE).exists():
            raise WorkflowError(_("This cycle's dossier is already filed."))
        details = _filing(draft, actor, (reason or "").strip())
        _log(draft, Action.FILE, actor, draft.step, draft.step, (reason or "").strip(),
             **details)
    return draft


ACTIONS = {Action.SUBMIT: submit, Action.APPROVE: approve, Action.RETURN: return_,
           Action.INITIAL: initial, Action.CONSULT: consult, Action.RESOLVE: resolve,
           Action.SIGN: sign, Action.ISSUE: issue, Action.DISTRIBUTE: distribute,
           Action.FILE: file}


def act(draft: Draft, action: str, actor, **params) -> Draft:
    """Take `action` (by its name) at the draft's current step: the action's own function."""
    function = ACTIONS.get(action)
    if function is None:
        raise WorkflowError(_("The step \"%(step)s\" does not offer this action.")
                            % {"step": draft.step.name})
    return function(draft, actor, **params)


def check(draft: Draft, action: str, actor, seen_step: int | None = None):
    """The transition `action` takes from the draft's step, or WorkflowError when the draft is
    issued, moved on since the user saw it, does not offer it, or awaits someone else."""
    if draft.state == Draft.State.ISSUED and action not in (Action.DISTRIBUTE, Action.FILE):
        raise WorkflowError(_("This report has been issued and can no longer change; an "
                              "error is corrected by a new document."))
    if seen_step is not None and draft.step_id != seen_step:
        raise WorkflowError(_("Someone acted on this draft meanwhile: it is now at \"%(step)s"
                              "\". Look again before acting.") % {"step": draft.step.name})
    transition = draft.step.transitions.select_related("to_step").filter(
        action=action).first()
    if transition is None or action in NOT_BUTTONS:
        raise WorkflowError(_("The step \"%(step)s\" does not offer this action.")
                            % {"step": draft.step.name})
    if not is_actor(draft, draft.step, actor):
        raise WorkflowError(_("This step is not yours to act on: it awaits %(role)s of "
                              "%(unit)s.") % {"role": draft.step.get_role_display(),
                                              "unit": draft.step.get_actor_unit_display()})
    return transition


def _sign(draft: Draft, actor, authority, password: str | None = None, remote=None,
          signed_pdf: bytes | None = None, prepared: dict | None = None) -> dict:
    """The signature block, and the digital signature: made beforehand with the signer's
    password (`prepared`, checked here to be of this very text), or made by their token's agent
    (`remote`, the RemoteSignature that `signed_pdf` completes: drafting.remote)."""
    from django.conf import settings

    apply_signature_block(draft, actor, authority)
    draft.signed_by, draft.signed_at = actor, timezone.now()
    draft.signer_name = actor.display_name
    draft.signer_position = signing_position(draft, actor)
    draft.state = Draft.State.SIGNED
    details = {"version": draft.latest_version().number, "lines": draft.signature_lines}
    if remote is not None:
        from baocao.documents import signing

        draft.verification_code, draft.signed_pdf = remote.verification_code, signed_pdf
        details.update({"key": remote.key.fingerprint[:16], "remote": remote.pk,
                        "pdf_sha256": signing.sha256(signed_pdf),
                        "code": remote.verification_code})
    elif settings.BAOCAO_DIGITAL_SIGNATURES:
        if prepared is None or prepared["version"] != details["version"] or \
                prepared["lines"] != draft.signature_lines or \
                prepared["code"] != draft.verification_code:
            raise WorkflowError(_("The draft changed while it was being signed: look at it "
                                  "again and sign again."))
        draft.signed_pdf = prepared["pdf"]
        details.update({k: prepared[k] for k in ("key", "pdf_sha256", "code")})
    draft.save(update_fields=["authority", "signature_lines", "signed_by", "signed_at",
                              "signer_name", "signer_position", "state", "verification_code",
                              "signed_pdf"])
    return details


def apply_signature_block(draft: Draft, actor, authority: str | None) -> None:
    """The signature lines the signer signs under (TM. / KT. …), on the draft (not saved)."""
    if authority and authority not in authorities_for(actor, draft):
        raise WorkflowError({"authority": _("This authority line is not yours to use.")})
    draft.authority, draft.signature_lines = signature_block(actor, draft, authority)


def signing_position(draft: Draft, actor) -> str:
    """The signer's position (printed in the document's record, and in the stamp's data)."""
    ms = step_memberships(draft, draft.step, actor)
    return (ms[0].position if ms else "") or draft.signature_lines[-1].title()


def final_report(draft: Draft, actor, authority: str | None = None):
    """The text `actor` would sign (documents.structure.Report): the draft with their signature
    block, no "DỰ THẢO", its boxes for the number and the date.  Not saved.  Gives the draft its
    verification code if it has none yet (printed on the PDF signed, with its QR code)."""
    from copy import copy

    from baocao.documents import structure

    if not draft.verification_code:
        code = structure.new_code()
        Draft.objects.filter(pk=draft.pk, verification_code="").update(verification_code=code)
        draft.verification_code = Draft.objects.values_list(
            "verification_code", flat=True).get(pk=draft.pk)
    signer = copy(draft)
    apply_signature_block(signer, actor, authority)
    signer.signer_name = actor.display_name
    signer.signer_position = signing_position(signer, actor)
    return structure.of_draft(signer, final=True)


def _prepare_signature(draft: Draft, actor, authority, password: str | None,
                       seen_step: int | None, unsent_reason: str = "") -> dict:
    """The signer's PAdES signature over the final text (documents.signing), made before the
    draft's row is locked: the same checks as the action first, then the PDF rendered
    beforehand (documents.render.final_pdf; rendered now if it is not ready yet), signed."""
    from baocao.documents import images, keys, render, signing

    draft = Draft.objects.select_related("step", "regime", "lead_unit").get(pk=draft.pk)
    check(draft, Action.SIGN, actor, seen_step)
    gates.require_reason(draft.not_counted, unsent_reason, gates.doing(Action.SIGN))
    key = keys.key_for(actor)
    if key is None:
        raise WorkflowError({"password": _("You have no signing key yet; the administrator "
                                           "registers one (a key file or a USB token).")})
    if not password:
        raise WorkflowError({"password": _("Type your signing key's password (or your USB "
                                           "token's PIN).")})
    if key.backend == key.Backend.AGENT:
        raise WorkflowError({"password": _("Your key is on your USB token: sign with your "
                                           "signing agent.")})
    report = final_report(draft, actor, authority)
    data = signing.sign_report(report, key, password.encode(), signer_name=actor.display_name,
                               position=report.signer_position,
                               image=images.signature_image_for(actor),
                               prepared=render.final_pdf(report))
    return {"pdf": data, "version": report.version, "lines": report.signature_lines,
            "code": draft.verification_code, "key": key.fingerprint[:16],
            "pdf_sha256": signing.sha256(data)}


# --- consultations -----------------------------------------------------------------------------

def _open_consultation(draft: Draft, actor, *, users=(), units=(),
                       deadline: date | None = None, message: str = "",
                       allow_nobody: bool = False) -> Consultation:
    users, units = list(users), list(units)
    if not users and not units and not allow_nobody:
        raise WorkflowError({"users": _("Choose at least one person or unit to ask.")})
    if deadline is None or deadline < timezone.localdate():
        raise WorkflowError({"deadline": _("Give a deadline from today on.")})
    consultation = Consultation.objects.create(draft=draft, step=draft.step, message=message,
                                               deadline=deadline, opened_by=actor)
    for user in users:
        Invitee.objects.create(consultation=consultation, user=user)
    for unit in units:
        Invitee.objects.create(consultation=consultation, unit=unit)
    people = [p for i in consultation.invitees.select_related("user", "unit")
              for p in invitee_people(i)]
    notify(people, gettext_lazy("Your comments are asked on: %(draft)s, by %(day)s"),
           reverse("drafting:draft", args=[draft.pk]), body=message,
           params={"draft": draft.title, "day": deadline.strftime("%d/%m/%Y")})
    return consultation


def _close(consultation: Consultation, actor, why: str):
    draft = consultation.draft
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["closed_at"])
    step = draft.step
    transition = step.transitions.select_related("to_step").first() \
        if step.actor_unit == ActorUnit.CONSULTED else None
    answered = consultation.invitees.exclude(state=Invitee.State.PENDING).count()
    if transition is not None:
        _move(draft, transition.to_step, actor, "close", why, consultation=consultation.pk,
              answered=answered)
    else:
        _log(draft, "close", actor, step, step, why, consultation=consultation.pk,
             answered=answered)


def _close_if_done(consultation: Consultation, actor):
    if not consultation.invitees.filter(state=Invitee.State.PENDING).exists():
        _close(consultation, actor, _("Everyone asked has answered."))


def _answerable(consultation: Consultation, actor) -> Invitee:
    if not consultation.is_open:
        raise WorkflowError(_("This consultation is closed."))
    invitee = access.invitee_for(consultation, actor)
    if invitee is None:
        raise WorkflowError(_("You were not asked in this consultation."))
    return invitee


def _plain(html: str) -> str:
    """A text's words without markup or spaces: where a selected passage is looked for."""
    return re.sub(r"\s+", "", unescape(strip_tags(html or "")))


def answer(consultation: Consultation, actor, *, body: str = "", section=None,
           letter=None, quote: str = "", finished: bool = True) -> Comment:
    """An answer: a comment on a section (or on the whole draft), or on a passage of a section
    (`quote`, the words selected, kept with the comment), or a letter attached.  A person may
    give several; `finished` (the default) says they have given all theirs: when everyone asked
    has, the consultation closes."""
    body = (body or "").strip()
    quote = re.sub(r"\s+", " ", quote or "").strip()
    if not body and letter is None:
        raise WorkflowError({"body": _("Write a comment or attach a letter.")})
    if len(quote) > 2000:
        raise WorkflowError({"body": _("Select a shorter passage (at most 2,000 characters).")})
    with transaction.atomic():
        draft = locked(consultation.draft)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        invitee = _answerable(consultation, actor)
        if invitee.state == Invitee.State.DECLINED:
            raise WorkflowError(_("You declined to comment in this consultation."))
        if section is not None and section.draft_id != draft.pk:
            raise WorkflowError({"section": _("Choose a section of this draft.")})
        if quote and (section is None or _plain(quote) not in _plain(section.html)):
            raise WorkflowError({"body": _("The passage selected is not in the section "
                                           "chosen; select it again in the draft.")})
        comment = Comment(consultation=consultation, draft=draft, section=section,
                          invitee=invitee, author=actor, body=body, quote=quote,
                          version=draft.latest_version())
        if letter is not None:
            from baocao.collection.submissions import check_upload

            check_upload(letter)
            comment.letter, comment.letter_name = letter, letter.name[:255]
        comment.save()
        if finished and invitee.state == Invitee.State.PENDING:
            invitee.state, invitee.answered_at = Invitee.State.ANSWERED, timezone.now()
            invitee.save(update_fields=["state", "answered_at"])
        record("draft.comment", draft, actor=actor, details={
            "consultation": consultation.pk, "section": section.heading if section else None,
            "letter": comment.letter_name, "length": len(body), "quote": quote[:200],
            "finished": finished})
        _close_if_done(consultation, actor)
    return comment


def finish(consultation: Consultation, actor) -> Invitee:
    """"I have given all my comments": the person (or unit) asked counts as answered."""
    with transaction.atomic():
        draft = locked(consultation.draft)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        invitee = _answerable(consultation, actor)
        if invitee.state != Invitee.State.PENDING:
            raise WorkflowError(_("You have already answered."))
        if not invitee.comments.exists():
            raise WorkflowError(_("Give a comment first, or choose “No comment”."))
        invitee.state, invitee.answered_at = Invitee.State.ANSWERED, timezone.now()
        invitee.save(update_fields=["state", "answered_at"])
        record("draft.finish_comments", draft, actor=actor, details={
            "consultation": consultation.pk, "comments": invitee.comments.count()})
        _close_if_done(consultation, actor)
    return invitee


def decline(consultation: Consultation, actor, reason: str = "") -> Invitee:
    with transaction.atomic():
        draft = locked(consultation.draft)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        invitee = _answerable(consultation, actor)
        if invitee.state == Invitee.State.ANSWERED or invitee.comments.exists():
            raise WorkflowError(_("You have already answered."))
        invitee.state, invitee.answered_at = Invitee.State.DECLINED, timezone.now()
        invitee.decline_reason = (reason or "").strip()[:300]
        invitee.save(update_fields=["state", "answered_at", "decline_reason"])
        record("draft.decline", draft, actor=actor, details={
            "consultation": consultation.pk, "reason": invitee.decline_reason})
        _close_if_done(consultation, actor)
    return invitee


def close_consultation(consultation: Consultation, actor=None, *, why: str = "") -> None:
    """Close with whoever answered: early by whoever opened it, or at the deadline (actor None)."""
    with transaction.atomic():
        locked(consultation.draft)
        consultation = Consultation.objects.select_for_update().select_related(
            "draft", "draft__step", "step").get(pk=consultation.pk)
        if not consultation.is_open:
            raise WorkflowError(_("This consultation is closed."))
        if actor is not None and not can_close_early(consultation, actor):
            raise WorkflowError(_("Only whoever opened the consultation may close it early."))
        _close(consultation, actor, why or (_("Closed early by whoever opened it.") if actor
                                            else _("The deadline has passed.")))


def resolve_comment(comment: Comment, actor, resolution: str, note: str = "") -> Comment:
    """Take in a comment (tiếp thu): accepted (and where), or declined with a reason."""
    note = (note or "").strip()
    if resolution not in (Comment.Resolution.ACCEPTED, Comment.Resolution.DECLINED):
        raise WorkflowError({"resolution": _("Accept or decline the comment.")})
    if resolution == Comment.Resolution.DECLINED and not note:
        raise WorkflowError({"note": _("Say why the comment is declined.")})
    with transaction.atomic():
        draft = locked(comment.draft)
        if not can_take_in(draft, actor):
            raise WorkflowError(_("Comments are taken in by the leading unit's compiler while "
                                  "the draft is open."))
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        old = comment.resolution
        comment.resolution, comment.resolution_note = resolution, note
        comment.resolved_by, comment.resolved_at = actor, timezone.now()
        comment.save(update_fields=["resolution", "resolution_note", "resolved_by",
                                    "resolved_at"])
        record("draft.resolve_comment", draft, actor=actor, details={
            "comment": comment.pk, "old": old, "new": resolution, "note": note})
    return comment


def close_overdue(today: date | None = None) -> int:
    """Close the consultations whose deadline has passed (the daily job)."""
    today = today or timezone.localdate()
    closed = 0
    for consultation in Consultation.objects.filter(closed_at__isnull=True, deadline__lt=today):
        try:
            close_consultation(consultation, None)
            closed += 1
        except WorkflowError:
            continue
    return closed


def remind_consultations(today: date | None = None) -> int:
    """The day before the deadline (and on the day), remind those who have not answered."""
    today = today or timezone.localdate()
    sent = 0
    for consultation in Consultation.objects.filter(
            closed_at__isnull=True, deadline__gte=today).select_related("draft"):
        if (consultation.deadline - today).days > 1 or consultation.reminded_on == today:
            continue
        with transaction.atomic():
            people = [p for i in consultation.invitees.filter(state=Invitee.State.PENDING)
                      for p in invitee_people(i)]
            sent += notify(people,
                           gettext_lazy("Reminder: your comments on %(draft)s are due %(day)s"),
                           reverse("drafting:draft", args=[consultation.draft_id]),
                           params={"draft": consultation.draft.title,
                                   "day": consultation.deadline.strftime("%d/%m/%Y")})
            Consultation.objects.filter(pk=consultation.pk).update(reminded_on=today)
            record("draft.consultation_reminder", consultation.draft, actor=None,
                   details={"consultation": consultation.pk, "people": len(people)})
    return sent
