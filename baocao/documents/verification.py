"""Verification of an issued PDF: every signature intact, valid and chained to a trusted
authority; nothing but form filling after the first one; the file the one in the register (its
SHA-256)."""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from baocao.lib import aio

from . import keys
from .models import Document
from .signing import sha256


@dataclass
class SignatureCheck:
    field: str
    signer: str
    signed_at: object
    intact: bool
    valid: bool
    trusted: bool
    modification: str
    ok: bool


@dataclass
class Verdict:
    ok: bool
    sha256: str
    signatures: list = field(default_factory=list)
    document: Document | None = None
    problems: list = field(default_factory=list)


def verify(data: bytes) -> Verdict:
    """Who signed, when, whether the file is unchanged since, and whether it is the one in the
    register."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
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
    for embedded in signatures:
        try:
            status = aio.run(async_validate_pdf_signature(
                embedded_sig=embedded, signer_validation_context=context))
        except Exception as error:  # noqa: BLE001 - a damaged signature is a failed check
            verdict.signatures.append(SignatureCheck(embedded.field_name, "?", None, False,
                                                     False, False, str(error), False))
            continue
        level = status.modification_level
        allowed = level is None or level <= ModificationLevel.FORM_FILLING
        check = SignatureCheck(
            embedded.field_name, status.signing_cert.subject.human_friendly,
            status.signer_reported_dt, status.intact, status.valid, status.trusted,
            level.name if level is not None else "NONE",
            bool(status.intact and status.valid and status.trusted and allowed
                 and status.docmdp_ok is not False))
        verdict.signatures.append(check)
        if not status.intact or not status.valid:
            verdict.problems.append(_("%(field)s: the file was changed after this signature.")
                                    % {"field": embedded.field_name})
        elif not status.trusted:
            verdict.problems.append(_("%(field)s: the signer's certificate is not issued by a "
                                      "trusted authority.") % {"field": embedded.field_name})
        elif not allowed:
            verdict.problems.append(_("%(field)s: the file was changed after this signature "
                                      "beyond filling its fields.")
                                    % {"field": embedded.field_name})
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
