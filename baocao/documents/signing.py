"""Digital signatures (PAdES, pyHanko): the signer's, and the committee's seal at issue, as
Decree 30/2020/NĐ-CP, Appendix I, shows them on an electronic document.

1. At signing, the signer signs the PDF/A of the final text (no "DỰ THẢO"), rendered once
   beforehand (render.final_pdf).  Their signature shows the image of their handwritten
   signature, centred between their position and their name.  In the same revision, the page
   keeps read-only text fields where the number, the date and each appendix's "Kèm theo" line
   go ("Số:        /BC-UBND" until then), and the committee's empty signature field over the
   left third of the signer's image.  The signer's signature locks every field but those
   (FieldMDP): after it, only the number, the date and the seal may be added.
2. At issue, the clerk's issue writes the number and the date into those fields, in Tinos as the
   rest of the page ("Số: 94/BC-UBND", upright 13 pt; the date in italic 14 pt), embedded, and
   seals the document with the committee's key in the same revision: the seal's image at its
   real size with the committee's name and the signing time (ISO 8601).  Filling form fields
   and signing an empty signature field after a signature are the changes PDF allows ("form
   filling"), so the signer's signature stays valid; the seal's signature locks everything and
   covers the whole file.

Verification is in verification.py, the keys in keys.py, the stamps' look in stamp.py.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baocao.lib import aio

from . import stamp
from .models import SigningKey

SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ChuKyCoQuan"
NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"
ANNEX_FIELD = "KemTheo"
# Fields of PDFs signed before the number and the date were whole lines (digits only).
LEGACY_FIELDS = ("number", "day", "month", "year")
READ_ONLY = 1  # the field flag Ff bit 1
# Room kept in the file for each signature's CMS (a certificate chain of two, the signed
# attributes, a 2048- or 4096-bit signature: 4 to 6 KB), so that pyHanko does not make each
# signature twice to measure it first.
SIGNATURE_ROOM = 16384
PRINT = 4  # the annotation flag: printed, visible


def _signer(key: SigningKey, password: bytes):
    if key.backend == SigningKey.Backend.PKCS11:
        from .pkcs11 import token_signer

        return token_signer(key, password)
    try:
        return _pkcs12_signer(bytes(key.pkcs12), password)
    except Exception:  # noqa: BLE001 - a wrong password raises several kinds of error
        raise ValidationError({"password": _("Wrong password for the signing key.")}) from None


_SEALS: dict = {}
SEAL_KEPT_SECONDS = 600


def seal_signer(key: SigningKey, password: bytes):
    """The committee's seal, opened once and kept in this process for a few minutes (the server
    opens it with its own password at every issue; a PKCS#12 file takes a tenth of a second to
    open).  A token on the server is opened each time (its session is closed after)."""
    import time

    if key.backend != SigningKey.Backend.PKCS12:
        return _signer(key, password)
    cache_key = (key.pk, key.fingerprint, hashlib.sha256(password).hexdigest())
    kept = _SEALS.get(cache_key)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    signer = _signer(key, password)
    _SEALS.clear()
    _SEALS[cache_key] = (time.monotonic() + SEAL_KEPT_SECONDS, signer)
    return signer


def _pkcs12_signer(data: bytes, password: bytes):
    """A pyHanko signer for a PKCS#12 file that keeps the key it opened (pyHanko's own signer
    opens, and checks, the key again at every signature: a tenth of a second each time)."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    private, cert, others = pkcs12.load_key_and_certificates(data, password)
    if private is None or cert is None:
        raise ValueError("no key")

    class KeptKeySigner(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            algo = getattr(hashes, digest_algorithm.upper(), None)
            if algo is not None and mechanism.signature_algo == "rsassa_pkcs1v15" and \
                    isinstance(private, rsa.RSAPrivateKey):
                return private.sign(data, PKCS1v15(), algo())
            if algo is not None and mechanism.signature_algo == "ecdsa" and \
                    isinstance(private, ec.EllipticCurvePrivateKey):
                return private.sign(data, ec.ECDSA(algo()))
            return super().sign_raw(data, digest_algorithm)

    registry = SimpleCertificateStore()
    registry.register_multiple({translate_pyca_cryptography_cert_to_asn1(c)
                                for c in others or ()})
    return KeptKeySigner(signing_key=translate_pyca_cryptography_key_to_asn1(private),
                         signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
                         cert_registry=registry)


# --- where the signatures go ------------------------------------------------------------------

@dataclass
class Placement:
    """The signature page's geometry, from the room the template kept (PDF points)."""

    page: int
    signer: tuple  # the signature image's own rectangle (the signer's widget)
    seal: tuple  # the seal's widget: its image at real size, its name and time beside it
    boxes: dict  # field name → (page, rectangle) of the number, the date, the "Kèm theo" lines


def placement(boxes: dict, image=None, seal_mm: float | None = None) -> Placement:
    """The signer's image centred in the room between position and name, in its upper part
    (the lower part keeps two lines of 10 pt for the seal's name and time); the seal at its
    real size, its right edge a third of the way into the signature image, centred on the
    room; the seal's text to its right."""
    if "sign" not in boxes:
        raise ValidationError(_("The signature block was not found in the document."))
    page, x1, y1, x2, y2 = boxes["sign"]
    mm = stamp.PT_PER_MM
    y1 += stamp.NAME_GAP_MM * mm  # a little room above the signer's name
    text_h = stamp.SEAL_TEXT_MM * mm
    area_bottom = y1 + text_h + 2
    max_w, max_h = (v * mm for v in stamp.SIGNATURE_MAX_MM)
    max_h = min(max_h, y2 - area_bottom - 2)
    if image is not None:
        w, h = stamp.fit(image.width_mm, image.height_mm, max_w, max_h)
    else:
        w, h = 40 * mm, 10 * mm
    centre_x = (x1 + x2) / 2
    sx1, sy1 = centre_x - w / 2, area_bottom + (y2 - area_bottom - h) / 2
    signer = (sx1, sy1, sx1 + w, sy1 + h)
    seal = (seal_mm or stamp.DEFAULT_SEAL_MM) * mm
    seal_right = max(sx1 + w / 3, x1 + seal)
    seal_top = min(y2 + 2, (y1 + y2) / 2 + seal / 2)
    seal_box = (seal_right - seal, y1, x2, seal_top)
    fields = {}
    for key, value in boxes.items():
        if key == "number":
            fields[NUMBER_FIELD] = value
        elif key == "date":
            fields[DATE_FIELD] = value
        elif key.startswith("annex-"):
            fields[f"{ANNEX_FIELD}{key[len('annex-'):]}"] = value
    return Placement(page=page, signer=signer, seal=seal_box, boxes=fields)


def _rect(values):
    from pyhanko.pdf_utils import generic

    return generic.ArrayObject([generic.FloatObject(round(v, 2)) for v in values])


def _field_lines(report) -> dict:
    """What the boxes show in the signed text before issue."""
    return {NUMBER_FIELD: stamp.Line(report.number_placeholder, "regular", 13),
            DATE_FIELD: stamp.Line(report.date_placeholder, "italic", 14),
            ANNEX_FIELD: stamp.Line(report.annex_placeholder, "italic", 14, 17.5)}


def _line_for(name: str, lines: dict):
    return lines[ANNEX_FIELD] if name.startswith(ANNEX_FIELD) else lines.get(name)


def _add_fields(writer, place: Placement, lines: dict):
    """Read-only text fields over the boxes kept for the number, the date and the "Kèm theo"
    lines, each showing its text before issue in Tinos (embedded), created in the signer's
    revision so that filling them at issue is a change PDF allows."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    fonts = stamp.Fonts(writer)
    root = writer.root
    form = root.get("/AcroForm")
    if form is None:
        form = generic.DictionaryObject({name("/Fields"): generic.ArrayObject()})
        root[name("/AcroForm")] = writer.add_object(form)
        writer.update_root()
        form = root["/AcroForm"]
    regular = fonts.resource_name("regular")
    for field_name, (index, x1, y1, x2, y2) in place.boxes.items():
        line = _line_for(field_name, lines)
        width, height = x2 - x1, y2 - y1
        page_ref, _resources = writer.find_page_for_modification(index)
        widget = generic.DictionaryObject({
            name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"),
            name("/FT"): name("/Tx"), name("/T"): generic.TextStringObject(field_name),
            name("/V"): generic.TextStringObject(""), name("/F"): generic.NumberObject(PRINT),
            name("/Ff"): generic.NumberObject(READ_ONLY), name("/Q"): generic.NumberObject(1),
            name("/P"): page_ref, name("/Rect"): _rect((x1, y1, x2, y2)),
            name("/DA"): generic.TextStringObject(f"{regular} {line.size:g} Tf 0 g"),
            name("/AP"): generic.DictionaryObject({
                name("/N"): stamp.text_form(writer, fonts, line, width, height)}),
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
    form[name("/DR")] = generic.DictionaryObject({name("/Font"): generic.DictionaryObject({
        name(regular): fonts.engine("regular").as_resource()})})
    form[name("/DA")] = generic.TextStringObject(f"{regular} 13 Tf 0 g")
    writer.update_container(form)
    fonts.finish()


def _signer_revision(pdf: bytes, boxes: dict, report, image, seal_mm):
    """The writer of the signer's revision (its fields and the seal's empty field added) and
    the signer's field to sign."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    place = placement(boxes, image, seal_mm)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _add_fields(writer, place, _field_lines(report))
    fields.append_signature_field(writer, fields.SigFieldSpec(
        SEAL_FIELD, on_page=place.page, box=place.seal,
        field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
        doc_mdp_update_value=fields.MDPPerm.NO_CHANGES))
    # After the signer's signature, only the number, the date, the "Kèm theo" lines and the
    # seal may be filled in.
    unlocked = [*place.boxes, SEAL_FIELD]
    spec = fields.SigFieldSpec(
        SIGNER_FIELD, on_page=place.page, box=place.signer,
        field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.EXCLUDE, fields=unlocked))
    return writer, spec


def _image_of(image) -> bytes | None:
    return bytes(image.png) if image is not None else None


# --- signing and sealing -------------------------------------------------------------------

def sign_report(report, key: SigningKey, password: bytes, *, signer_name: str,
                position: str = "", image=None, prepared: tuple | None = None) -> bytes:
    """The signer's PAdES signature over the final text, showing their signature image.
    `prepared`: the (PDF, boxes) rendered beforehand (render.final_pdf); rendered here if not
    given."""
    from pyhanko.sign import signers

    from . import render

    signer = _signer(key, password)
    pdf, boxes = prepared or render.final_pdf(report)
    writer, spec = _signer_revision(pdf, boxes, report, image, report.seal_mm)
    meta = signers.PdfSignatureMetadata(field_name=SIGNER_FIELD, reason="Ký ban hành",
                                        location=report.place, name=signer_name)
    try:
        out = aio.run(signers.PdfSigner(
            meta, signer=signer, stamp_style=stamp.signature_style(_image_of(image)),
            new_field_spec=spec).async_sign_pdf(writer, bytes_reserved=SIGNATURE_ROOM))
    finally:
        _close(signer)
    return out.getvalue()


def prepare_remote(report, key: SigningKey, *, signer_name: str, position: str = "",
                   image=None, prepared: tuple | None = None):
    """The signer's half when their key is on a token only their signing agent reaches:
    (pkcs11.PendingSignature, the bytes the token signs).  The PDF is the one sign_report would
    sign (same fields, same look); pkcs11.complete_external finishes it."""
    from . import render
    from .pkcs11 import prepare_external

    pdf, boxes = prepared or render.final_pdf(report)
    place = placement(boxes, image, report.seal_mm)

    def before(writer):
        from pyhanko.sign import fields

        _add_fields(writer, place, _field_lines(report))
        fields.append_signature_field(writer, fields.SigFieldSpec(
            SEAL_FIELD, on_page=place.page, box=place.seal,
            field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
            doc_mdp_update_value=fields.MDPPerm.NO_CHANGES))

    from pyhanko.sign import fields

    spec = fields.SigFieldSpec(
        SIGNER_FIELD, on_page=place.page, box=place.signer,
        field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.EXCLUDE,
                                           fields=[*place.boxes, SEAL_FIELD]))
    return prepare_external(
        pdf, key.certificate, field_name=SIGNER_FIELD, spec=spec,
        stamp_style=stamp.signature_style(_image_of(image)), signer_name=signer_name,
        location=report.place, before=before)


def _close(signer):
    """Log out of a USB token's session once its signature is made."""
    session = getattr(signer, "pkcs11_session", None)
    if session is not None:
        session.close()


def _fill(writer, texts: dict, fonts) -> set:
    """Write the issue's texts into the signed PDF's read-only fields, each with a new
    appearance in embedded Tinos: "Số: 94/BC-UBND", the date line, the "Kèm theo" lines.
    `texts`: {"number": …, "date": …, "annex": …}; `fonts`: the revision's (embedded by the
    seal's appearance, which writes last).  Returns the names filled."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    lines = {NUMBER_FIELD: stamp.Line(texts["number"], "regular", 13),
             DATE_FIELD: stamp.Line(texts["date"], "italic", 14),
             ANNEX_FIELD: stamp.Line(texts["annex"], "italic", 14, 17.5)}
    acro = writer.root["/AcroForm"]
    filled = set()
    for ref in acro["/Fields"]:
        field_dict = ref.get_object()
        field_name = str(field_dict.get("/T", ""))
        line = _line_for(field_name, lines)
        if field_dict.get("/FT") != "/Tx" or line is None:
            continue
        x1, y1, x2, y2 = (float(v) for v in field_dict["/Rect"])
        field_dict[name("/V")] = generic.TextStringObject(line.text)
        field_dict[name("/AP")] = generic.DictionaryObject({
            name("/N"): stamp.text_form(writer, fonts, line, x2 - x1, y2 - y1)})
        writer.update_container(field_dict)
        filled.add(field_name)
    return filled


def _fill_legacy(writer, values: dict[str, str]):
    """PDFs signed before whole lines were kept: four digit fields, filled in Times-Roman."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    acro = writer.root["/AcroForm"]
    font = writer.add_object(generic.DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
        name("/BaseFont"): name("/Times-Roman"), name("/Encoding"): name("/WinAnsiEncoding")}))
    for ref in acro["/Fields"]:
        field_dict = ref.get_object()
        field_name = str(field_dict.get("/T", ""))
        if field_dict.get("/FT") != "/Tx" or field_name not in values:
            continue
        value = values[field_name]
        x1, y1, x2, y2 = (float(v) for v in field_dict["/Rect"])
        width, height = x2 - x1, y2 - y1
        content = (f"/Tx BMC BT /TiRo 13 Tf {max(0.0, (width - 6.5 * len(value)) / 2):.2f} "
                   f"{height * 0.22:.2f} Td ({value}) Tj ET EMC")
        appearance = generic.StreamObject({
            name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
            name("/BBox"): _rect((0, 0, width, height)),
            name("/Resources"): generic.DictionaryObject({
                name("/Font"): generic.DictionaryObject({name("/TiRo"): font})}),
        }, stream_data=content.encode("ascii"))
        field_dict["/V"] = generic.TextStringObject(value)
        field_dict["/AP"] = generic.DictionaryObject({name("/N"): writer.add_object(appearance)})
        writer.update_container(field_dict)


def _field_names(reader) -> set:
    form = reader.root.get("/AcroForm")
    if form is None:
        return set()
    form = form.get_object()
    return {str(ref.get_object().get("/T", "")) for ref in form.get("/Fields", [])}


def seal(signed_pdf: bytes, *, texts: dict, issued_on, committee, key: SigningKey,
         password: bytes, image=None, committee_name: str = "") -> bytes:
    """Write the number, the date and the "Kèm theo" lines, and seal with the committee's key,
    in one revision.  `texts`: structure.issue_texts(…); `image`: the committee's seal image."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    reader = PdfFileReader(io.BytesIO(signed_pdf))
    names = _field_names(reader)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    fonts = stamp.Fonts(writer)
    new_field = None
    if NUMBER_FIELD in names:
        filled = _fill(writer, texts, fonts)
        if NUMBER_FIELD not in filled or DATE_FIELD not in filled:
            raise ValidationError(_("The signed PDF has no field for: %(names)s.")
                                  % {"names": ", ".join(sorted({NUMBER_FIELD, DATE_FIELD}
                                                               - filled))})
    elif set(LEGACY_FIELDS) <= names:
        number = texts["number"].split(":", 1)[-1].strip().split("/")[0]
        _fill_legacy(writer, {"number": number, "day": f"{issued_on.day:02d}",
                              "month": f"{issued_on.month:02d}" if issued_on.month < 3
                              else str(issued_on.month), "year": str(issued_on.year)})
    else:
        raise ValidationError(_("The signed PDF has no field for: %(names)s.")
                              % {"names": f"{NUMBER_FIELD}, {DATE_FIELD}"})
    if SEAL_FIELD not in names:
        new_field = _legacy_seal_field(reader)
    ratio = image.height_px / max(1, image.width_px) if image is not None else 1.0
    style = stamp.seal_style(image=_image_of(image), image_ratio=ratio,
                             seal_mm=image.width_mm if image is not None
                             else stamp.DEFAULT_SEAL_MM, committee_name=committee_name,
                             fonts=fonts)
    name = committee_name or committee.name
    signer = seal_signer(key, password)
    try:
        out = aio.run(signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name=SEAL_FIELD, reason="Phát hành",
                                         location=committee.name, name=name,
                                         docmdp_permissions=fields.MDPPerm.NO_CHANGES),
            signer=signer, stamp_style=style, new_field_spec=new_field,
        ).async_sign_pdf(writer, existing_fields_only=new_field is None,
                         bytes_reserved=SIGNATURE_ROOM))
    finally:
        _close(signer)
    return out.getvalue()


def _legacy_seal_field(reader):
    """Where the seal goes on a PDF signed before the seal's field was kept: over the left
    third of the signer's stamp."""
    from pyhanko.sign import fields

    signer_sig = next(s for s in reader.embedded_signatures if s.field_name == SIGNER_FIELD)
    widget = signer_sig.sig_field
    rect = widget["/Kids"][0]["/Rect"] if "/Kids" in widget else widget["/Rect"]
    x1, y1, x2, y2 = (float(v) for v in rect)
    third = (x2 - x1) / 3
    return fields.SigFieldSpec(SEAL_FIELD, on_page=_page_of(reader, signer_sig),
                               box=(int(x1 - third), int(y1 + 4), int(x1 + third), int(y2 - 4)))


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
