"""The signed and sealed PDF a clerk sends out, looked at with independent tools (pyHanko's
validate_pdf_signature, pypdf, poppler's pdftotext and pdffonts, LibreOffice for the DOCX),
against Decree 30/2020/NĐ-CP, Appendix I, for electronic documents:

- the number and the date written in by the issue, whole lines in Tinos ("Số: 01/BC-UBND"),
  in read-only fields; the signer's signature still valid with only those filled after it;
- the signature image and the seal image on the signature page, the QR code beside them;
- every font embedded, nothing editable, PDF/A-2b;
- headings of the first level in capitals; appendices numbered, with their "Kèm theo" line;
- the same in the DOCX, as LibreOffice shows it.
"""

import io
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from baocao.documents import images, keys, render, signing, structure, verification
from baocao.documents.models import Document
from baocao.drafting import workflow

PASSWORD = "Khoa-ky-2026"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no poppler-utils")


@pytest.fixture
def issued(settings, users, tree, recipients, monthly_draft):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                      organisation="UBND quận Tây Hồ", password=PASSWORD.encode(),
                      title="Chánh Văn phòng")
    keys.new_demo_key(committee=tree["committee"], common_name="UBND QUẬN TÂY HỒ",
                      organisation="UBND quận Tây Hồ",
                      password=keys.seal_password(tree["committee"]))
    images.set_signature_image(users["office_head"], images.demo_signature("Người"),
                               actor=users["office_head"])
    images.set_seal_image(tree["committee"], images.demo_seal("Ủy ban nhân dân quận Tây Hồ"),
                          actor=users["admin"], diameter_mm=35)
    draft = monthly_draft
    draft.step = draft.regime.steps.get(code="sign")
    draft.save()
    workflow.act(draft, "sign", users["office_head"], password=PASSWORD,
                 unsent_reason="Phường Nhật Tân chưa gửi, đã nhắc.")
    workflow.act(draft, "issue", users["clerk"], recipients=recipients,
                 issued_on=timezone.localdate(), unsent_reason="Đã báo cáo lãnh đạo.")
    return Document.objects.get(draft=draft)


def text_layer(data: bytes, *pages: int) -> str:
    """What poppler reads on the pages (page text and the fields' appearances)."""
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    done = subprocess.run([*args, "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def reader(document):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(bytes(document.pdf)))


def appearance_text(annotation) -> str:
    """The text an annotation's appearance shows, read with pypdf (a page made of it)."""
    from pypdf import PageObject
    from pypdf.generic import NameObject

    appearance = annotation["/AP"]["/N"].get_object()
    x1, y1, x2, y2 = appearance["/BBox"]
    page = PageObject.create_blank_page(width=float(x2), height=float(y2))
    page[NameObject("/Resources")] = appearance["/Resources"]
    page[NameObject("/Contents")] = appearance.indirect_reference
    return page.extract_text()


def test_the_signer_and_the_seal_validate_with_pyhanko(issued):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in keys.trust_roots()]
    found = PdfFileReader(io.BytesIO(bytes(issued.pdf))).embedded_signatures
    signer, seal = found
    assert (signer.field_name, seal.field_name) == (signing.SIGNER_FIELD, signing.SEAL_FIELD)
    status = validate_pdf_signature(signer, ValidationContext(trust_roots=roots))
    assert status.intact and status.valid and status.trusted
    # after the signer's signature: only the number, the date and the seal filled in
    assert status.modification_level == ModificationLevel.FORM_FILLING
    assert status.docmdp_ok and status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    status = validate_pdf_signature(seal, ValidationContext(trust_roots=roots))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.modification_level == ModificationLevel.NONE


@needs_poppler
def test_the_text_layer_reads_the_number_and_date_without_gaps(issued):
    text = text_layer(bytes(issued.pdf), 1)
    assert f"Số: {issued.reference}" in text and "Số: 01/BC-UBND" in text
    assert structure.date_line("Tây Hồ", issued.issued_on) in text
    assert "I. KẾT QUẢ" in text  # headings of the first level in capitals
    # read with pypdf too: the fields' values, and the text their appearances show
    fields = reader(issued).get_fields()
    assert fields[signing.NUMBER_FIELD]["/V"] == "Số: 01/BC-UBND"
    assert fields[signing.DATE_FIELD]["/V"] == structure.date_line("Tây Hồ", issued.issued_on)
    number = next(a.get_object() for a in reader(issued).pages[0]["/Annots"]
                  if a.get_object().get("/T") == signing.NUMBER_FIELD)
    assert appearance_text(number).strip() == "Số: 01/BC-UBND"


def test_no_field_is_left_editable(issued):
    pdf = reader(issued)
    fields = pdf.get_fields()
    texts = [f for f in fields.values() if f.get("/FT") == "/Tx"]
    assert texts and all(int(f.get("/Ff", 0)) & 1 for f in texts)  # read-only
    signatures = [f for f in fields.values() if f.get("/FT") == "/Sig"]
    assert len(signatures) == 2 and all(f.get("/V") for f in signatures)  # both signed
    seal = next(f for name, f in fields.items() if name == signing.SEAL_FIELD)
    lock = seal.indirect_reference.get_object()["/Lock"]
    assert lock["/Action"] == "/All" and lock["/P"] == 1  # nothing may change after the seal


@needs_poppler
def test_every_font_is_embedded(issued):
    done = subprocess.run(["pdffonts", "-"], input=bytes(issued.pdf), capture_output=True,
                          check=False)
    if done.returncode != 0:  # older pdffonts read files only
        path = "/tmp/baocao-pdffonts-test.pdf"
        with open(path, "wb") as out:
            out.write(bytes(issued.pdf))
        done = subprocess.run(["pdffonts", path], capture_output=True, check=True)
    rows = done.stdout.decode().splitlines()[2:]
    assert rows
    for row in rows:
        assert "Tinos" in row, row
        assert re.search(r"\s+yes\s+yes\s+yes\s+", row), f"not embedded: {row}"


def test_the_signature_page_holds_the_signature_the_seal_and_the_qr_code(issued):
    pdf = reader(issued)
    fields = pdf.get_fields()
    signer = fields[signing.SIGNER_FIELD].indirect_reference.get_object()
    seal = fields[signing.SEAL_FIELD].indirect_reference.get_object()

    def images_in(widget):
        found = []
        for xobject in widget["/AP"]["/N"].get_object()["/Resources"]["/XObject"].values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject)
        return found

    (signature_image,) = images_in(signer)
    (seal_image,) = images_in(seal)
    assert "/SMask" in signature_image and "/SMask" in seal_image  # transparent
    page = signer["/P"]
    assert seal["/P"] == page
    # the seal over the left third of the signature image, at its real size (35 mm)
    sx1, _sy1, sx2, _sy2 = (float(v) for v in signer["/Rect"])
    kx1, _ky1, kx2, _ky2 = (float(v) for v in seal["/Rect"])
    seal_pt = 35 * 72 / 25.4
    assert abs((kx1 + seal_pt) - (sx1 + (sx2 - sx1) / 3)) < 1
    # the seal's name and time beside it, in 10 pt, ISO 8601 in Vietnam's time zone
    shown = appearance_text(seal)
    assert "Ủy ban nhân dân quận Tây Hồ" in shown
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", shown)
    # the QR code of the verification link on the same page, not alone on one
    page_images = [x.get_object() for x in page.get_object()["/Resources"]
                   .get("/XObject", {}).values() if x.get_object()["/Subtype"] == "/Image"]
    assert page_images


def test_it_is_pdf_a_2b(issued):
    pdf = reader(issued)
    metadata = pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in metadata and re.search(r"pdfaid:part[^\d]*2", metadata)
    assert re.search(r"pdfaid:conformance[^A-Z]*B", metadata)
    assert pdf.trailer["/Root"]["/OutputIntents"]


@needs_poppler
def test_the_appendices_are_numbered_with_their_kem_theo_line(issued):
    text = " ".join(text_layer(bytes(issued.pdf)).split())
    assert "Phụ lục I" in text and "Phụ lục II" in text
    assert f"(Kèm theo Báo cáo số {issued.reference} ngày" in text
    assert "của Ủy ban nhân dân quận Tây Hồ)" in text
    assert "Phụ lục:" not in text


def test_a_change_to_the_page_after_signing_is_caught(issued):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(bytes(issued.pdf)))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 12 Tf 100 100 Td (Sua so) Tj ET")))
    out = io.BytesIO()
    writer.write(out)
    verdict = verification.verify(out.getvalue())
    assert not verdict.ok
    assert any("ngoài việc điền số và ngày" in p or "thêm vào tệp" in p
               for p in verdict.problems), verdict.problems


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="no LibreOffice")
@needs_poppler
def test_the_docx_says_the_same_through_libreoffice(issued, tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(render.docx(structure.of_document(issued)))
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=180)
    converted = (tmp_path / "bao-cao.pdf").read_bytes()
    text = " ".join(text_layer(converted).split())
    assert "Số: 01/BC-UBND" in text and "I. KẾT QUẢ" in text
    assert "Phụ lục I" in text and f"(Kèm theo Báo cáo số {issued.reference} ngày" in text
    assert "Ủy ban nhân dân quận Tây Hồ" in text  # the seal's name, beside the seal
    listed = subprocess.run(["pdfimages", "-list", str(tmp_path / "bao-cao.pdf")],
                            capture_output=True, check=True).stdout.decode()
    assert len(listed.splitlines()) - 2 >= 3  # the signature, the seal, the QR code
