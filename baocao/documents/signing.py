"""Digital signatures (PAdES, pyHanko): the signer's, and the committee's seal at issue.

1. At signing, the signer signs the PDF of the final text (no "DỰ THẢO") with a visible stamp
   (name, position, time) over the signature block.  The number and the date are left as form
   fields, since they exist only at issue.
2. At issue, the clerk fills those fields (number, day, month, year: digits only) and seals the
   document with the committee's key, its stamp over the left third of the signer's (Decree 30,
   Appendix I).  Filling fields after a signature is a change PDF allows ("form filling"), so the
   signer's signature stays valid; anything else breaks it.

Verification is in verification.py, the keys in keys.py, the stamps' look in stamp.py.
"""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baocao.lib import aio

from . import stamp
from .models import SigningKey

SIGNER_FIELD = "ChuKyNguoiKy"
FIELDS = ("number", "day", "month", "year")  # filled by the clerk at issue
SEAL_FIELD = "ChuKyCoQuan"
PT_PER_PX = 0.75


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

    qr = stamp.qr_data_uri(report.verification_url) if report.verification_url else ""
    return HTML(string=render.html(report, qr=qr), base_url=str(render.VENDOR) + "/").render(
        font_config=FontConfiguration())


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
            meta, signer=signer, stamp_style=stamp.stamp_style(text),
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
            signer=signer, stamp_style=stamp.stamp_style(text),
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
