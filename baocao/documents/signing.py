"""Digital signatures (PAdES, pyHanko) and their verification.

1. At signing, the signer signs the PDF of the final text (no "DỰ THẢO") with a visible stamp
   (name, position, time) over the signature block.  The number and the date are left as form
   fields, since they exist only at issue.
2. At issue, the clerk fills those fields (number, day, month, year: digits only) and seals the
   document with the committee's key, its stamp over the left third of the signer's (Decree 30,
   Appendix I).  Filling fields after a signature is a change PDF allows ("form filling"), so the
   signer's signature stays valid; anything else breaks it.
3. Verification checks every signature (intact, valid, chained to a trusted authority), that
   nothing but form filling happened after the first one, and that the file is the one in the
   register (its SHA-256).

The stamp's font is Tinos rescaled to 1000 units per em: pyHanko spaces the letters of a
TrueType font with another scale wrongly (pyHanko #733).
"""

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baocao.lib import aio

from . import keys
from .models import Document, SigningKey

VENDOR_FONT = Path(__file__).resolve().parent.parent / "static/vendor/fonts/tinos/Tinos-Regular.ttf"
SIGNER_FIELD = "ChuKyNguoiKy"
FIELDS = ("number", "day", "month", "year")  # filled by the clerk at issue
SEAL_FIELD = "ChuKyCoQuan"
PT_PER_PX = 0.75


def stamp_font() -> str:
    """Tinos rescaled to 1000 units per em (made once, under DATA_DIR)."""
    path = Path(settings.DATA_DIR) / "fonts" / "Tinos-Regular-1000upem-vi.ttf"
    if not path.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        path.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(VENDOR_FONT))
        scale_upem(font, 1000)
        # Only the letters a stamp needs (Vietnamese, digits, punctuation): pyHanko embeds the
        # font file whole, so a 520 KB font would weigh on every signed PDF.
        options = subset.Options()
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[*range(0x20, 0x7F), *range(0xC0, 0x1B1),
                                     *range(0x300, 0x324), *range(0x1EA0, 0x1EFA),
                                     0x2013, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D, 0xB7])
        subsetter.subset(font)
        font.save(str(path))
    return str(path)


def _style(text: str):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    size = 8
    return TextStampStyle(
        stamp_text=text, timestamp_format="%d/%m/%Y %H:%M:%S",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(stamp_font(), font_size=size),
                                    font_size=size, leading=size + 2),
        border_width=1)


# --- keys ----------------------------------------------------------------------------------

def key_for(user) -> SigningKey | None:
    return SigningKey.objects.filter(user=user, active=True).order_by("-created_at").first()


def seal_for(committee) -> SigningKey | None:
    return SigningKey.objects.filter(committee=committee, active=True).order_by(
        "-created_at").first()


def pkcs12_key(data: bytes, password: bytes, *, user=None, committee=None) -> SigningKey:
    """A signing key (not saved) from a PKCS#12 file and its password, which is checked and not
    kept.  A committee's seal is stored encrypted with the seal password of the server
    (BAOCAO_SEAL_PASSWORD), which opens it at issue."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    try:
        private, cert, chain = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise ValidationError({"password": _("The password does not open this key file.")}) \
            from None
    if private is None or cert is None:
        raise ValidationError({"key_file": _("This file holds no private key with its "
                                             "certificate.")})
    if committee is not None:
        data = pkcs12.serialize_key_and_certificates(
            b"seal", private, cert, chain or None,
            BestAvailableEncryption(keys.seal_password(committee)))
    return certificate_key(cert, user=user, committee=committee, pkcs12=data)


def certificate_key(cert, **fields) -> SigningKey:
    """A signing key (not saved) for a certificate: its subject, fingerprint and validity.
    A certificate past its date is refused."""
    from cryptography.hazmat.primitives import serialization
    from django.utils import timezone

    if cert.not_valid_after_utc <= timezone.now():
        raise ValidationError(_("This certificate expired on %(day)s.") % {
            "day": cert.not_valid_after_utc.strftime("%d/%m/%Y")})
    return SigningKey(certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
                      subject=cert.subject.rfc4514_string()[:300],
                      fingerprint=keys.fingerprint(cert), not_after=cert.not_valid_after_utc,
                      **fields)


def register_pkcs12(data: bytes, password: bytes, *, user=None, committee=None) -> SigningKey:
    """Keep a PKCS#12 file as a signing key (its password is checked, not kept)."""
    return _saved(pkcs12_key(data, password, user=user, committee=committee))


def _saved(key: SigningKey) -> SigningKey:
    from baocao.audit.log import save_and_record

    save_and_record(key, via="keys")
    return key


def new_demo_key(*, user=None, committee=None, common_name: str, organisation: str,
                 password: bytes) -> SigningKey:
    data, cert = keys.new_pkcs12(common_name, organisation, password)
    return _saved(certificate_key(cert, user=user, committee=committee, pkcs12=data))


def _signer(key: SigningKey, password: bytes):
    from pyhanko.sign import signers

    if key.backend == SigningKey.Backend.PKCS11:
        from .pkcs11 import token_signer

        return token_signer(key, password)
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(bytes(key.pkcs12), None,
                                                       passphrase=password)
    except Exception:  # noqa: BLE001 - pyHanko raises several kinds for a wrong password
        signer = None
    if signer is None:
        raise ValidationError({"password": _("Wrong password for the signing key.")})
    return signer


# --- where the stamps go -------------------------------------------------------------------

def _box_of(document, element_id: str):
    """(page index, (x1, y1, x2, y2) in PDF points) of an element of a rendered WeasyPrint
    document, from the page's bottom-left."""
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == element_id and hasattr(
                    box, "content_box_x"):
                x, y = box.content_box_x(), box.content_box_y()
                height = page.height
                return index, (x * PT_PER_PX, (height - y - box.height) * PT_PER_PX,
                               (x + box.width) * PT_PER_PX, (height - y) * PT_PER_PX)
    raise ValidationError(_("The signature block was not found in the document."))


def _rendered(report):
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from . import render

    qr = qr_data_uri(report.verification_url) if report.verification_url else ""
    return HTML(string=render.html(report, qr=qr), base_url=str(render.VENDOR) + "/").render(
        font_config=FontConfiguration())


def qr_data_uri(text: str) -> str:
    import base64

    import qrcode

    image = qrcode.make(text, box_size=4, border=1)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


# --- signing and sealing -------------------------------------------------------------------

def _stamp_text(signer_name: str, position: str) -> str:
    return f"Ký bởi: {signer_name}\nChức vụ: {position}\nThời gian: %(ts)s"


def sign_report(report, key: SigningKey, password: bytes, *, signer_name: str,
                position: str) -> bytes:
    """The signer's PAdES signature, its stamp over the signature block."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(key, password)
    rendered = _rendered(report)
    page, box = _box_of(rendered, "nd30-sign-space")
    data = rendered.write_pdf()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    _add_fields(writer, rendered, FIELDS)
    meta = signers.PdfSignatureMetadata(field_name=SIGNER_FIELD, reason="Ký ban hành",
                                        location=report.place, name=signer_name)
    text = _stamp_text(signer_name, position)
    try:
        out = aio.run(signers.PdfSigner(
            meta, signer=signer, stamp_style=_style(text),
            new_field_spec=fields.SigFieldSpec(SIGNER_FIELD, on_page=page,
                                               box=tuple(int(v) for v in box)),
        ).async_sign_pdf(writer))
    finally:
        _close(signer)
    return out.getvalue()


def prepare_remote(report, key: SigningKey, *, signer_name: str, position: str):
    """The signer's half when their key is on a token only their signing agent reaches:
    (pkcs11.PendingSignature, the bytes the token signs).  The PDF is the one sign_report would
    sign (same fields, same stamp); pkcs11.complete_external finishes it."""
    from .pkcs11 import prepare_external

    rendered = _rendered(report)
    page, box = _box_of(rendered, "nd30-sign-space")
    text = _stamp_text(signer_name, position)
    return prepare_external(
        rendered.write_pdf(), key.certificate, field_name=SIGNER_FIELD, page=page, box=box,
        stamp_text=text, signer_name=signer_name, location=report.place,
        before=lambda writer: _add_fields(writer, rendered, FIELDS))


def _close(signer):
    """Log out of a USB token's session once its signature is made."""
    session = getattr(signer, "pkcs11_session", None)
    if session is not None:
        session.close()


def _add_fields(writer, rendered, names):
    """Empty text fields where the template left room for the number and the date (created in
    the signer's revision, so that filling them later is a change PDF allows)."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    font = writer.add_object(generic.DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
        name("/BaseFont"): name("/Times-Roman"), name("/Encoding"): name("/WinAnsiEncoding")}))
    root = writer.root
    form = root.get("/AcroForm")
    if form is None:
        form = generic.DictionaryObject({name("/Fields"): generic.ArrayObject()})
        root[name("/AcroForm")] = writer.add_object(form)
        writer.update_root()
        form = root["/AcroForm"]
    form[name("/DR")] = generic.DictionaryObject({
        name("/Font"): generic.DictionaryObject({name("/TiRo"): font})})
    form[name("/DA")] = generic.TextStringObject("/TiRo 13 Tf 0 g")
    for field_name in names:
        index, (x1, y1, x2, y2) = _box_of(rendered, f"field-{field_name}")
        page_ref, _resources = writer.find_page_for_modification(index)
        widget = generic.DictionaryObject({
            name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"),
            name("/FT"): name("/Tx"), name("/T"): generic.TextStringObject(field_name),
            name("/V"): generic.TextStringObject(""), name("/F"): generic.NumberObject(4),
            name("/Ff"): generic.NumberObject(0), name("/P"): page_ref,
            name("/DA"): generic.TextStringObject("/TiRo 13 Tf 0 g"),
            name("/Rect"): generic.ArrayObject([generic.FloatObject(round(v, 2))
                                                for v in (x1, y1 - 2, x2, y2)]),
        })
        widget_ref = writer.add_object(widget)
        page = page_ref.get_object()
        annots = page.get("/Annots")
        if annots is None:
            page[name("/Annots")] = generic.ArrayObject([widget_ref])
        else:
            annots.get_object().append(widget_ref)
            if isinstance(page.raw_get("/Annots"), generic.IndirectObject):
                writer.update_container(annots.get_object())
        writer.update_container(page)
        form["/Fields"].append(widget_ref)
    writer.update_container(form)


def _fill(writer, values: dict[str, str]):
    """Fill the text fields named in `values` (digits) with an appearance of their own."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    acro = writer.root["/AcroForm"]
    font = writer.add_object(generic.DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
        name("/BaseFont"): name("/Times-Roman"), name("/Encoding"): name("/WinAnsiEncoding")}))
    filled = set()
    for ref in acro["/Fields"]:
        field_dict = ref.get_object()
        field_name = str(field_dict.get("/T", ""))
        if field_dict.get("/FT") != "/Tx" or field_name not in values:
            continue
        value = values[field_name]
        x1, y1, x2, y2 = (float(v) for v in field_dict["/Rect"])
        width, height = x2 - x1, y2 - y1
        size = 13
        text_width = 0.5 * size * len(value)  # Times digits are half an em
        content = (f"/Tx BMC BT /TiRo {size} Tf {max(0.0, (width - text_width) / 2):.2f} "
                   f"{height * 0.22:.2f} Td ({value}) Tj ET EMC")
        appearance = generic.StreamObject({
            name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
            name("/BBox"): generic.ArrayObject([generic.FloatObject(0), generic.FloatObject(0),
                                                generic.FloatObject(width),
                                                generic.FloatObject(height)]),
            name("/Resources"): generic.DictionaryObject({
                name("/Font"): generic.DictionaryObject({name("/TiRo"): font})}),
        }, stream_data=content.encode("ascii"))
        field_dict["/V"] = generic.TextStringObject(value)
        field_dict["/AP"] = generic.DictionaryObject({name("/N"): writer.add_object(appearance)})
        writer.update_container(field_dict)
        filled.add(field_name)
    if "/NeedAppearances" in acro:
        del acro["/NeedAppearances"]
        writer.update_container(acro)
    missing = set(values) - filled
    if missing:
        raise ValidationError(_("The signed PDF has no field for: %(names)s.")
                              % {"names": ", ".join(sorted(missing))})


def seal(signed_pdf: bytes, *, number: int, issued_on, committee, key: SigningKey,
         password: bytes, reference: str) -> bytes:
    """Fill the number and the date, and seal with the committee's key (one revision)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    reader = PdfFileReader(io.BytesIO(signed_pdf))
    signer_sig = next(s for s in reader.embedded_signatures if s.field_name == SIGNER_FIELD)
    x1, y1, x2, y2 = (float(v) for v in signer_sig.sig_field["/Kids"][0]["/Rect"]) \
        if "/Kids" in signer_sig.sig_field else (
        float(v) for v in signer_sig.sig_field["/Rect"])
    page = _page_of(reader, signer_sig)
    third = (x2 - x1) / 3
    box = (int(x1 - third), int(y1 + 4), int(x1 + third), int(y2 - 4))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    _fill(writer, {"number": str(number), "day": f"{issued_on.day:02d}",
                   "month": f"{issued_on.month:02d}" if issued_on.month < 3
                   else str(issued_on.month), "year": str(issued_on.year)})
    name = f"UBND {committee.name.upper()}"
    text = f"{name}\nSố: {reference}\nNgày: {issued_on:%d/%m/%Y}\nKý lúc: %(ts)s"
    signer = _signer(key, password)
    try:
        out = aio.run(signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name=SEAL_FIELD, reason="Phát hành",
                                         location=committee.name, name=name),
            signer=signer, stamp_style=_style(text),
            new_field_spec=fields.SigFieldSpec(SEAL_FIELD, on_page=page, box=box),
        ).async_sign_pdf(writer))
    finally:
        _close(signer)
    return out.getvalue()


def _page_of(reader, embedded) -> int:
    """The index of the page that holds a signature's widget."""
    widget = embedded.sig_field
    if "/Kids" in widget:
        widget = widget["/Kids"][0]
    page_ref = widget.raw_get("/P") if "/P" in widget else None
    pages = []

    def walk(node_ref):
        node = node_ref.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                walk(kid)
        else:
            pages.append(node_ref)

    walk(reader.root.raw_get("/Pages"))
    for index, ref in enumerate(pages):
        if page_ref is not None and ref.idnum == page_ref.idnum:
            return index
    return len(pages) - 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- verification --------------------------------------------------------------------------

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
    for found in signatures:
        signed_at = parse_datetime(found["signed_at"]) if found["signed_at"] else None
        level = found["level"]
        allowed = level is None or level <= 2  # pyHanko's ModificationLevel.FORM_FILLING
        verdict.signatures.append(SignatureCheck(
            found["field"], found["signer"], signed_at if isinstance(signed_at, datetime)
            else None, found["intact"], found["valid"], found["trusted"],
            found["modification"],
            bool(found["intact"] and found["valid"] and found["trusted"] and allowed
                 and found["docmdp_ok"] is not False and found["signer"] != "?")))
        if found["signer"] == "?" or not found["intact"] or not found["valid"]:
            verdict.problems.append(_("%(field)s: the file was changed after this signature.")
                                    % {"field": found["field"]})
        elif not found["trusted"]:
            verdict.problems.append(_("%(field)s: the signer's certificate is not issued by a "
                                      "trusted authority.") % {"field": found["field"]})
        elif not allowed:
            verdict.problems.append(_("%(field)s: the file was changed after this signature "
                                      "beyond filling its fields.")
                                    % {"field": found["field"]})
    if signatures and not answer["entire_file"]:
        verdict.problems.append(_("Something was added to the file after its last "
                                  "signature."))
    if verdict.document is None:
        verdict.problems.append(_("The file is not in the register (no issued document has "
                                  "this SHA-256)."))
    verdict.ok = bool(signatures) and not verdict.problems and all(
        s.ok for s in verdict.signatures)
    return verdict


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

