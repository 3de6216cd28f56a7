"""Transfer to the committee's archive (nộp lưu) and disposal (tiêu hủy), each with its record.

A transfer lists the dossiers, makes the record of handing over (biên bản giao nhận) and moves
them under the archive's custody.  A disposal is carried out on a decision (number, date, who
signed it) naming the dossiers past retention: it makes the record of disposal (biên bản hủy
tài liệu), removes the files' contents and keeps forever the register entry, the index, each
item's hash and the audit events.  Nothing is deleted any other way."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.organisation import access

from . import printing
from .models import Disposal, DisposalDecision, Dossier, Transfer, services

METHOD = "Hủy bằng máy hủy tài liệu; tệp điện tử xóa khỏi kho lưu"  # seed 1 §6: máy hủy


def _locked(dossiers) -> list[Dossier]:
    pks = sorted({d.pk for d in dossiers})
    return list(Dossier.objects.select_for_update().filter(pk__in=pks).order_by("code"))


def _held(dossier) -> bool:
    return dossier.holds.filter(lifted_at__isnull=True).exists()


def transfer(dossiers, actor, *, number: str, transferred_on: date, received_by: str,
             note: str = "") -> Transfer:
    """Hand the dossiers over to the committee's archive, with the record of it."""
    access.require(access.can_keep_records(actor))
    errors = {}
    if not (number or "").strip():
        errors["number"] = _("Give the transfer record's number.")
    if not (received_by or "").strip():
        errors["received_by"] = _("Name who receives them for the archive.")
    if transferred_on is None or transferred_on > timezone.localdate():
        errors["transferred_on"] = _("The transfer cannot be dated in the future.")
    if not dossiers:
        errors["dossiers"] = _("Choose at least one dossier.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(dossiers)
        for d in locked:
            if d.state != Dossier.State.FILED or d.custody != "unit":
                raise ValidationError({"dossiers": _("%(code)s is not a filed dossier at the "
                                                     "unit.") % {"code": d.code}})
            if _held(d):
                raise ValidationError({"dossiers": _("%(code)s is under a legal hold.")
                                       % {"code": d.code}})
            if d.transfer_due_on is None or d.transfer_due_on > transferred_on:
                raise ValidationError({"dossiers": _(
                    "%(code)s is kept at the unit until %(day)s.") % {
                    "code": d.code, "day": f"{d.transfer_due_on:%d/%m/%Y}"}})
        made = Transfer.objects.create(number=number.strip(), transferred_on=transferred_on,
                                       made_by=actor, received_by=received_by.strip(),
                                       note=(note or "").strip())
        data = printing.transfer_pdf(made, locked)
        made.keep_pdf(data)
        with services():
            for d in locked:
                d.state, d.custody, d.transfer = Dossier.State.TRANSFERRED, "archive", made
                d.due, d.due_since = "", None
                d.save(update_fields=["state", "custody", "transfer", "due", "due_since"])
                record("dossier.transfer", d, actor=actor, details={
                    "transfer": made.pk, "number": made.number, "to": made.received_by})
        record("transfer.create", made, actor=actor, details={
            "dossiers": [d.code for d in locked], "pdf_sha256": made.pdf_sha256})
    made.refresh_from_db()
    return made


def dispose(dossiers, actor, *, number: str, decided_on: date, decided_by: str,
            grounds: str = "", carried_out_on: date | None = None, method: str = METHOD,
            witnesses: str = "") -> Disposal:
    """Carry out a disposal decision: the record of disposal, the files' contents removed,
    the register entry, index, hashes and audit events kept."""
    access.require(access.can_keep_records(actor))
    carried_out_on = carried_out_on or timezone.localdate()
    errors = {}
    if not (number or "").strip():
        errors["number"] = _("Give the decision's number.")
    if decided_on is None or decided_on > timezone.localdate():
        errors["decided_on"] = _("Give the decision's date (not in the future).")
    if not (decided_by or "").strip():
        errors["decided_by"] = _("Name who signed the decision.")
    if decided_on and carried_out_on < decided_on:
        errors["carried_out_on"] = _("The disposal follows its decision.")
    if not dossiers:
        errors["dossiers"] = _("Choose at least one dossier.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(dossiers)
        for d in locked:
            if d.state not in (Dossier.State.FILED, Dossier.State.TRANSFERRED):
                raise ValidationError({"dossiers": _("%(code)s cannot be disposed of: it is "
                                                     "%(state)s.") % {
                    "code": d.code, "state": d.get_state_display().lower()}})
            if d.retention_ends_on is None:
                raise ValidationError({"dossiers": _("%(code)s is kept permanently.")
                                       % {"code": d.code}})
            if d.retention_ends_on >= decided_on:
                raise ValidationError({"dossiers": _("%(code)s is kept until %(day)s.") % {
                    "code": d.code, "day": f"{d.retention_ends_on:%d/%m/%Y}"}})
            if _held(d):
                raise ValidationError({"dossiers": _("%(code)s is under a legal hold.")
                                       % {"code": d.code}})
        decision = DisposalDecision.objects.create(
            number=number.strip(), decided_on=decided_on, decided_by=decided_by.strip(),
            reason=(grounds or "").strip(), entered_by=actor)
        decision.dossiers.set(locked)
        record("disposaldecision.create", decision, actor=actor, details={
            "number": decision.number, "date": decided_on, "by": decision.decided_by,
            "dossiers": [d.code for d in locked]})
        disposal = Disposal.objects.create(decision=decision, carried_out_on=carried_out_on,
                                           carried_out_by=actor, method=method.strip() or METHOD,
                                           witnesses=(witnesses or "").strip())
        data = printing.disposal_pdf(disposal, locked)
        disposal.keep_pdf(data)
        now = timezone.now()
        with services():
            for d in locked:
                removed = _remove_contents(d, now)
                d.state, d.disposal, d.due, d.due_since = Dossier.State.DISPOSED, disposal, "", None
                d.save(update_fields=["state", "disposal", "due", "due_since"])
                record("dossier.dispose", d, actor=actor, details={
                    "decision": decision.number, "decided_on": decided_on,
                    "decided_by": decision.decided_by, "disposal": disposal.pk,
                    "items": removed})
        record("disposal.create", disposal, actor=actor, details={
            "decision": decision.number, "dossiers": [d.code for d in locked],
            "pdf_sha256": disposal.pdf_sha256})
    disposal.refresh_from_db()
    return disposal


def _remove_contents(dossier: Dossier, now) -> list[dict]:
    """Each item's file and frozen content removed; its row, title and hash kept."""
    kept = []
    for item in dossier.items.all():
        kept.append({"item": item.pk, "kind": item.kind, "title": item.title[:120],
                     "sha256": item.sha256})
        if item.file:
            item.file.delete(save=False)
        item.file, item.content, item.contents_removed_at = "", {}, now
        item.save(update_fields=["file", "content", "contents_removed_at"])
    return kept
