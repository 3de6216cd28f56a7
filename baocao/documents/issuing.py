"""Issuing (phát hành): the number from the outgoing register, the date, the recipients, the
frozen document, and each recipient's copy by e-mail with a read-only link.

Numbers: one sequence per committee per calendar year, restarting on 1 January.  The year's
register row is locked (SELECT … FOR UPDATE) while the number is taken and the document written
in the same transaction, so two issues at the same moment get two consecutive numbers and a
failed issue leaves no gap.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.outbox import emails

from . import images, keys, signals, signing, structure
from .models import Distribution, Document, DocumentKind, OutgoingRegister, Recipient, reference
from .structure import FILING_LINE, issuer_of, new_code, place_of


def recipient_entries(listed, others: str = "") -> list[dict]:
    """Nơi nhận: entries of the committee's list, then others typed one per line ("- Quận ủy;")."""
    entries = [{"name": r.name, "email": r.email} for r in listed]
    entries += [{"name": line.strip().lstrip("-").strip().rstrip(";"), "email": ""}
                for line in (others or "").splitlines() if line.strip()]
    return entries


def take_number(committee, year: int, kind: str = DocumentKind.REPORT
                ) -> tuple[OutgoingRegister, int]:
    """The next number of the committee's register of `kind` (its reports, its letters) for
    `year` (call inside a transaction)."""
    register, _created = OutgoingRegister.objects.get_or_create(committee=committee, year=year,
                                                                kind=kind)
    register = OutgoingRegister.objects.select_for_update().get(pk=register.pk)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register, register.last_number


def issue(draft, actor, *, issued_on: date | None = None, recipients=(), others: str = "",
          filing_line: str = FILING_LINE) -> Document:
    """Freeze a signed draft as a numbered document and send it to its recipients.  Called by
    the workflow's `issue` action, inside its transaction."""
    if draft.signed_at is None:
        raise ValidationError(_("Only a signed draft can be issued."))
    issued_on = issued_on or timezone.localdate()
    if issued_on < draft.signed_at.astimezone(timezone.get_current_timezone()).date():
        raise ValidationError({"issued_on": _("The date cannot be before the signature.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date cannot be in the future.")})
    chosen = recipient_entries(recipients, others)
    if draft.signed_pdf or not chosen:
        # Nơi nhận is part of the text the signer signed: the draft's own.
        chosen = draft.recipients
    if not chosen:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    committee = draft.lead_unit.committee()
    version = draft.latest_version()
    kind = draft.kind or DocumentKind.REPORT
    symbol = structure.symbol_for(kind)
    with transaction.atomic():
        register, number = take_number(committee, issued_on.year, kind)
        ref = reference(number, symbol)
        pdf = _sealed(draft, ref, issued_on, committee)
        document = Document.objects.create(
            code=draft.verification_code or new_code(), pdf=pdf,
            pdf_sha256=signing.sha256(pdf) if pdf else "", kind=kind,
            draft=draft, register=register, number=number,
            symbol=symbol, issued_on=issued_on, issued_by=actor,
            issuer_name=issuer_of(committee), place=place_of(committee), title=draft.title,
            summary=draft.summary, content=version.content, signer_name=draft.signer_name,
            signer_position=draft.signer_position,
            signed_at=draft.signed_at, signature_lines=draft.signature_lines,
            recipients=[r["name"] for r in chosen], filing_line=filing_line.strip() or
            FILING_LINE, addressed_to=list(draft.addressed_to or []),
            corrects=draft.corrects, version_number=version.number)
        for entry in chosen:
            distribute_copy(document, entry["name"], entry.get("email", ""))
        record("document.issue", document, actor=actor, details={
            "number": document.reference, "kind": kind, "date": issued_on,
            "version": version.number, "recipients": document.recipients,
            "pdf_sha256": document.pdf_sha256,
            "corrects": draft.corrects.reference if draft.corrects else None})
        signals.document_issued.send(sender=Document, document=document, draft=draft,
                                     actor=actor)
    return document


def _sealed(draft, ref: str, issued_on, committee) -> bytes | None:
    """The signer's PDF with its number and date written in, sealed by the committee."""
    if not draft.signed_pdf:
        return None
    key = keys.seal_for(committee)
    if key is None:
        raise ValidationError(_("The committee has no seal key yet; the administrator "
                                "registers one before documents can be issued."))
    issuer = structure.issuer_full(committee.name)
    texts = structure.issue_texts(kind=draft.kind, reference=ref, place=place_of(committee),
                                  issued_on=issued_on, issuer=issuer)
    return signing.seal(bytes(draft.signed_pdf), texts=texts, issued_on=issued_on,
                        committee=committee, key=key, password=keys.seal_password(committee),
                        image=images.seal_image_for(committee), committee_name=issuer)


def distribute_copy(document: Document, name: str, email: str = "") -> Distribution:
    """A recipient's copy with its own read-only link, e-mailed (queued with the issue, in its
    transaction) when the recipient has an address."""
    copy = Distribution.objects.create(document=document, name=name, email=email)
    if email:
        copy.message = emails.document_copy(copy, document,
                                            reverse("documents:copy", args=[copy.token]))
        copy.save(update_fields=["message"])
    return copy


def default_recipients(committee):
    return Recipient.objects.filter(committee=committee, active=True)
