"""Verification of an issued PDF: every signature intact, valid and chained to a trusted
authority; after the signer's, nothing but the number, the date and the seal filled in; the file
the one in the register (its SHA-256).  Said in plain words for people (who signed, their
position and organisation, which authority issued their certificate and until when it is valid,
"không bị thay đổi sau khi ký"), with the PAdES terms kept for the command line."""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from baocao.lib import aio

from . import keys
from .models import Document
from .signing import SEAL_FIELD, SIGNER_FIELD, sha256

ROLE_SIGNER, ROLE_SEAL, ROLE_OTHER = "signer", "seal", "other"


@dataclass
class SignatureCheck:
    field: str
    signer: str  # the certificate's holder (its common name), or "?"
    signed_at: object
    intact: bool
    valid: bool
    trusted: bool
    modification: str  # pyHanko's modification level, for the command line
    ok: bool
    role: str = ROLE_OTHER
    organisation: str = ""
    position: str = ""
    authority: str = ""
    valid_from: object = None
    valid_until: object = None
    changes: str = ""  # in plain words

    @property
    def role_label(self) -> str:
        return {ROLE_SIGNER: _("Signature of the person who signed"),
                ROLE_SEAL: _("Signature of the committee (its seal)")}.get(
            self.role, _("Other signature"))


@dataclass
class Verdict:
    ok: bool
    sha256: str
    signatures: list = field(default_factory=list)
    document: Document | None = None
    problems: list = field(default_factory=list)


def _name_part(name, key: str) -> str:
    try:
        value = name.native.get(key, "")
    except (AttributeError, ValueError):
        return ""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def _changes(level, role: str) -> tuple[bool, str]:
    """(allowed, in plain words) for what changed in the file after a signature."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    if level is None or level <= ModificationLevel.LTA_UPDATES:
        return True, _("unchanged since it was signed")
    if level <= ModificationLevel.FORM_FILLING:
        if role == ROLE_SIGNER:
            return True, _("only the number and the date filled in since it was signed")
        return True, _("only fields filled in since it was signed")
    return False, _("changed since it was signed")


def verify(data: bytes) -> Verdict:
    """Who signed, when, whether the file is unchanged since, and whether it is the one in the
    register."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    digest = sha256(data)
    verdict = Verdict(ok=False, sha256=digest)
    verdict.document = Document.objects.filter(pdf_sha256=digest).first()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # noqa: BLE001 - any unreadable file is simply not valid
        verdict.problems.append(_("This is not a readable PDF file (%(error)s).")
                                % {"error": error.__class__.__name__})
        return verdict
    if not signatures:
        verdict.problems.append(_("The file carries no digital signature."))
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in keys.trust_roots()]
    context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                revocation_mode="soft-fail")
    document = verdict.document
    for embedded in signatures:
        role = {SIGNER_FIELD: ROLE_SIGNER, SEAL_FIELD: ROLE_SEAL}.get(embedded.field_name,
                                                                      ROLE_OTHER)
        try:
            status = aio.run(async_validate_pdf_signature(
                embedded_sig=embedded, signer_validation_context=context))
        except Exception as error:  # noqa: BLE001 - a damaged signature is a failed check
            check = SignatureCheck(embedded.field_name, "?", None, False, False, False,
                                   str(error), False, role=role,
                                   changes=_("changed since it was signed"))
            verdict.signatures.append(check)
            verdict.problems.append(_("%(which)s: it cannot be checked.")
                                    % {"which": check.role_label})
            continue
        level = status.modification_level
        allowed, changes = _changes(level, role)
        cert = status.signing_cert
        validity = cert["tbs_certificate"]["validity"]
        position = _name_part(cert.subject, "title")
        if not position and document is not None and role == ROLE_SIGNER:
            position = document.signer_position
        check = SignatureCheck(
            embedded.field_name, _name_part(cert.subject, "common_name") or
            cert.subject.human_friendly, status.signer_reported_dt, status.intact,
            status.valid, status.trusted, level.name if level is not None else "NONE",
            bool(status.intact and status.valid and status.trusted and allowed
                 and status.docmdp_ok is not False),
            role=role, organisation=_name_part(cert.subject, "organization_name"),
            position=position, authority=_name_part(cert.issuer, "common_name") or
            cert.issuer.human_friendly, valid_from=validity["not_before"].native,
            valid_until=validity["not_after"].native, changes=changes)
        verdict.signatures.append(check)
        which = {"which": check.role_label}
        if not status.intact or not status.valid:
            verdict.problems.append(_("%(which)s: the file was changed after this signature.")
                                    % which)
        elif not status.trusted:
            verdict.problems.append(_("%(which)s: the certificate was not issued by a trusted "
                                      "authority.") % which)
        elif not allowed or status.docmdp_ok is False:
            verdict.problems.append(_("%(which)s: the file was changed after this signature "
                                      "beyond filling in its number and date.") % which)
    if signatures:
        coverage = signatures[-1].coverage
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        if coverage != SignatureCoverageLevel.ENTIRE_FILE:
            verdict.problems.append(_("Something was added to the file after its last "
                                      "signature."))
    if verdict.document is None:
        verdict.problems.append(_("The file is not in the register (no issued document has "
                                  "this SHA-256)."))
    verdict.ok = bool(signatures) and not verdict.problems and all(
        s.ok for s in verdict.signatures)
    return verdict
