"""Verification of an issued PDF: every signature intact, valid and chained to a trusted
authority; after the signer's, nothing but the number, the date and the seal filled in; the file
the one in the register (its SHA-256).  Anyone may send the file, so it is bounded: size,
objects and signature lengths checked on the raw bytes, then pyHanko in a child process limited
in time and memory (baocao.lib.pdfcheck).

Said in plain words for people: who signed, their position and organisation, which authority
issued their certificate and until when it is valid, "không bị thay đổi sau khi ký" / "chỉ điền
số và ngày sau khi ký"; the PAdES terms (field names, modification levels) are kept for the
command line."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from . import keys
from .models import Document
from .signing import SEAL_FIELD, SIGNER_FIELD, sha256

ROLE_SIGNER, ROLE_SEAL, ROLE_OTHER = "signer", "seal", "other"
FORM_FILLING = 2  # pyHanko's ModificationLevel.FORM_FILLING
LTA_UPDATES = 1


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


def _changes(level, role: str) -> tuple[bool, str]:
    """(allowed, in plain words) for what changed in the file after a signature."""
    if level is None or level <= LTA_UPDATES:
        return True, _("unchanged since it was signed")
    if level <= FORM_FILLING:
        if role == ROLE_SIGNER:
            return True, _("only the number and the date filled in since it was signed")
        return True, _("only fields filled in since it was signed")
    return False, _("changed since it was signed")


@dataclass
class Verdict:
    ok: bool
    sha256: str
    signatures: list = field(default_factory=list)
    document: Document | None = None
    problems: list = field(default_factory=list)


def verify(data: bytes) -> Verdict:
    """Who signed, when, whether the file is unchanged since, and whether it is the one in the
    register.  Anyone may send the file (/documents/verify/): it is first scanned for its size,
    objects and signature lengths, and pyHanko then reads it in a child process limited in time
    and memory (baocao.lib.pdfcheck)."""
    from datetime import datetime

    from django.utils.dateparse import parse_datetime

    from baocao.lib import pdfcheck

    digest = sha256(data)
    verdict = Verdict(ok=False, sha256=digest)
    verdict.document = Document.objects.filter(pdf_sha256=digest).first()
    refusal = verification_refusal(data)
    if refusal:
        verdict.problems.append(refusal)
        return verdict
    from cryptography.hazmat.primitives import serialization

    roots = [c.public_bytes(serialization.Encoding.DER) for c in keys.trust_roots()]
    try:
        answer = pdfcheck.validate_signatures(data, roots,
                                              seconds=settings.BAOCAO_VERIFY_SECONDS)
    except pdfcheck.Failed as failure:
        verdict.problems.append(
            _("The file could not be checked within %(s)d seconds; it is refused.")
            % {"s": settings.BAOCAO_VERIFY_SECONDS} if failure.code == "time" else
            _("The file needs too much memory to check; it is refused.")
            if failure.code == "memory" else _("The file could not be checked."))
        return verdict
    if not answer["readable"]:
        verdict.problems.append(_("This is not a readable PDF file (%(error)s).")
                                % {"error": answer["error"]})
        return verdict
    signatures = answer["signatures"]
    if not signatures:
        verdict.problems.append(_("The file carries no digital signature."))
    document = verdict.document
    for found in signatures:
        signed_at = parse_datetime(found["signed_at"]) if found["signed_at"] else None
        level = found["level"]
        role = {SIGNER_FIELD: ROLE_SIGNER, SEAL_FIELD: ROLE_SEAL}.get(found["field"],
                                                                      ROLE_OTHER)
        allowed, changes = _changes(level, role)
        names = found.get("names") or {}
        position = names.get("title", "")
        if not position and document is not None and role == ROLE_SIGNER:
            position = document.signer_position
        check = SignatureCheck(
            found["field"], names.get("common_name") or found["signer"],
            signed_at if isinstance(signed_at, datetime) else None, found["intact"],
            found["valid"], found["trusted"], found["modification"],
            bool(found["intact"] and found["valid"] and found["trusted"] and allowed
                 and found["docmdp_ok"] is not False and found["signer"] != "?"),
            role=role, organisation=names.get("organisation", ""), position=position,
            authority=names.get("authority", ""),
            valid_from=_day(names.get("valid_from")), valid_until=_day(names.get("valid_until")),
            changes=changes if found["intact"] and found["valid"]
            else _("changed since it was signed"))
        verdict.signatures.append(check)
        which = {"which": check.role_label}
        if found["signer"] == "?" or not found["intact"] or not found["valid"]:
            verdict.problems.append(_("%(which)s: the file was changed after this signature.")
                                    % which)
        elif not found["trusted"]:
            verdict.problems.append(_("%(which)s: the certificate was not issued by a trusted "
                                      "authority.") % which)
        elif not allowed or found["docmdp_ok"] is False:
            verdict.problems.append(_("%(which)s: the file was changed after this signature "
                                      "beyond filling in its number and date.") % which)
    if signatures and not answer["entire_file"]:
        verdict.problems.append(_("Something was added to the file after its last "
                                  "signature."))
    if verdict.document is None:
        verdict.problems.append(_("The file is not in the register (no issued document has "
                                  "this SHA-256)."))
    verdict.ok = bool(signatures) and not verdict.problems and all(
        s.ok for s in verdict.signatures)
    return verdict


def _day(text):
    from django.utils.dateparse import parse_datetime

    return parse_datetime(text) if text else None


def verification_refusal(data: bytes) -> str:
    """Why a file sent for verification is refused before any PDF parser reads it ("" if it
    is not): over the size, object or signature-length limits, or not a PDF."""
    from baocao.lib import pdfcheck

    limits = pdfcheck.Limits(max_bytes=settings.BAOCAO_VERIFY_MAX_BYTES,
                             max_objects=settings.BAOCAO_VERIFY_MAX_OBJECTS,
                             max_contents=settings.BAOCAO_VERIFY_MAX_CONTENTS)
    try:
        pdfcheck.scan(data, limits)
    except pdfcheck.Refused as refused:
        if refused.code == "size":
            return _("The file is larger than %(mb)d MB.") % {
                "mb": limits.max_bytes // (1024 * 1024)}
        if refused.code == "objects":
            return _("The file holds more than %(n)s objects; it is refused.") % {
                "n": f"{limits.max_objects:,}".replace(",", ".")}
        if refused.code == "contents":
            return _("A signature in the file is longer than %(kb)d KB; it is refused.") % {
                "kb": limits.max_contents // 1024}
        return _("This is not a PDF file.")
    return ""
