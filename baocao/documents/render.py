"""The renderers of a report (structure.Report): HTML (the preview), PDF (WeasyPrint from that
same HTML, Tinos embedded), DOCX (the Word template filled with docxtpl), XLSX (the appendix
tables, numbers as numbers)."""

import atexit
import io
import re
import threading
from pathlib import Path

from django.template.loader import render_to_string

from .structure import NUMBER, Block, Report, blocks_of, column_shares

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
DOCX_TEMPLATE = Path(__file__).resolve().parent / "templates" / "docx" / "bao-cao.docx"
FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8", "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def html(report: Report, *, qr: str = "", fonts: str = "fonts/") -> str:
    """The print HTML; `fonts`: where its Tinos faces are, relative to the vendored files for
    WeasyPrint, the static files' address for a browser (the preview)."""
    return render_to_string("documents/print.html", {"report": report, "qr": qr,
                                                     "fonts": fonts})


def pdf(report: Report, **extra) -> bytes:
    return _pdf_of(html(report, **extra))[0]


# What an issued PDF is: PDF/A-2b (archival; fonts embedded, colours defined), the signatures
# added after as incremental updates.
ARCHIVAL = "pdf/a-2b"
# Bumped when the same HTML would render differently (the stored PDFs are then not reused).
RENDERER = "2"
PT_PER_PX = 0.75
KEEP_RENDERED_DAYS = 14


UA_STYLESHEET = Path(__file__).resolve().parent / "templates" / "documents" / "print_ua.css"
_local = threading.local()
# Drop the kept font configuration before the interpreter tears WeasyPrint's modules down.
atexit.register(lambda: _local.__dict__.clear())


def _print_html():
    """WeasyPrint's HTML with the compact user-agent stylesheet of our print template."""
    if getattr(_local, "html_class", None) is None:
        from weasyprint import CSS, HTML
        from weasyprint.html import UA_COUNTER_STYLE

        sheet = CSS(string=UA_STYLESHEET.read_text(), counter_style=UA_COUNTER_STYLE)

        class PrintHTML(HTML):
            def _ua_stylesheets(self, forms=False):
                return [sheet]

        _local.html_class = PrintHTML
    return _local.html_class


def _font_config():
    """One font configuration per thread, kept: Tinos's faces are registered once."""
    if getattr(_local, "font_config", None) is None:
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
    return _local.font_config


def laid_out(source: str):
    """The WeasyPrint document (laid out, not yet written) of the HTML of a report."""
    return _print_html()(string=source, base_url=str(VENDOR) + "/").render(
        font_config=_font_config())


def _pdf_of(source: str, variant: str | None = None) -> tuple[bytes, dict]:
    """(the PDF, the boxes kept for the signatures, the number, the date; and its number of
    pages) of the HTML."""
    document = laid_out(source)
    data = document.write_pdf(pdf_variant=variant) if variant else document.write_pdf()
    boxes = boxes_of(document)
    boxes["pages"] = len(document.pages)
    return data, boxes


def boxes_of(document) -> dict:
    """Where the elements the signing needs were laid out: {"sign": [page, x1, y1, x2, y2],
    "number": …, "date": …, "annex-1": …} in PDF points from the page's bottom left.  The
    signature's room (id nd30-sign-space) and the boxes the issue fills (ids nd30-box-…)."""
    found = {}
    for index, page in enumerate(document.pages):
        height = page.height
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if not ident or not hasattr(box, "content_box_x"):
                continue
            if ident == "nd30-sign-space":
                key = "sign"
            elif ident.startswith("nd30-box-"):
                key = ident[len("nd30-box-"):]
            else:
                continue
            if key in found:
                continue
            x, y = box.content_box_x(), box.content_box_y()
            found[key] = [index, round(x * PT_PER_PX, 3),
                          round((height - y - box.height) * PT_PER_PX, 3),
                          round((x + box.width) * PT_PER_PX, 3), round((height - y) * PT_PER_PX, 3)]
    return found


def _key(source: str, variant: str | None) -> str:
    import hashlib

    return hashlib.sha256(f"{RENDERER}:{variant or ''}:".encode() + source.encode()).hexdigest()


def stored(source: str, variant: str | None = None) -> tuple[bytes, dict]:
    """The PDF of this HTML, rendered once: kept in the database (RenderedPdf) under the hash of
    the HTML, so that every application server and the background worker share it, and any
    change to the text, the recipients or the signature block renders anew."""
    import time
    from datetime import timedelta

    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from .models import RenderedPdf

    key = _key(source, variant)
    found = RenderedPdf.objects.filter(key=key).only("pdf", "boxes").first()
    if found is not None:
        return bytes(found.pdf), found.boxes
    started = time.perf_counter()
    data, boxes = _pdf_of(source, variant)
    seconds = time.perf_counter() - started
    try:
        with transaction.atomic():
            RenderedPdf.objects.create(key=key, pdf=data, boxes=boxes, seconds=seconds,
                                       pages=boxes.get("pages", 0))
    except IntegrityError:  # rendered by someone else meanwhile: the same bytes' worth
        pass
    RenderedPdf.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=KEEP_RENDERED_DAYS)).delete()
    return data, boxes


def cached_pdf(report: Report, **extra) -> bytes:
    """The PDF, rendered once for the same text: a draft's PDF opened by each reviewer in turn
    costs one render (seconds for a long report), not one each."""
    return stored(html(report, **extra))[0]


def final_pdf(report: Report) -> tuple[bytes, dict]:
    """The PDF/A the signer signs (no "DỰ THẢO", its QR code, boxes kept for the number and
    the date) and where its boxes are: rendered once, in the background as soon as the draft's
    version is saved (drafting.tasks), so that signing does not wait for it."""
    from . import stamp

    qr = stamp.qr_data_uri(report.verification_url) if report.verification_url else ""
    return stored(html(report, qr=qr), ARCHIVAL)


def is_stored(report: Report) -> bool:
    from . import stamp
    from .models import RenderedPdf

    qr = stamp.qr_data_uri(report.verification_url) if report.verification_url else ""
    return RenderedPdf.objects.filter(key=_key(html(report, qr=qr), ARCHIVAL)).exists()


# --- DOCX ----------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _xml_text(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _table_xml(rows: list, width: int) -> str:
    """A table as WordprocessingML (written directly: python-docx's cell by cell API is slow
    for the appendix tables), its first row repeated on every page when it is a header."""
    total = 9300  # twips between the margins
    widths = [int(total * share) for share in column_shares(rows)]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
           f'<w:tblW w:w="{total}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>"]
    for index, row in enumerate(rows):
        header = all(h for _t, h, _s in row)
        out.append("<w:tr>")
        if index == 0 and header:
            out.append('<w:trPr><w:tblHeader/></w:trPr>')
        column = 0
        for text, is_header, span in row:
            span = max(1, min(span, width - column))
            cell_width = sum(widths[column:column + span])
            style = "BCBangdau" if is_header else (
                "BCBangso" if NUMBER.fullmatch(text or "") else "BCBang")
            shade = '<w:shd w:val="clear" w:fill="EDEDED"/>' if is_header else ""
            merge = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{cell_width}" w:type="dxa"/>{merge}{shade}'
                       f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r>'
                       f'<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:p></w:tc>')
            column += span
        while column < width:  # short rows are padded
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/></w:tcPr>'
                       '<w:p/></w:tc>')
            column += 1
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


STYLE_OF = {"p": "BC Noi dung", "li": "BC Danh sach", "quote": "BC Trich"}


def _add_blocks(sub, blocks: list[Block], *, indent=True):
    from docx.oxml import parse_xml

    body = sub.subdocx.element.body
    for block in blocks:
        if block.kind == "table":
            width = max((sum(span for _t, _h, span in row) for row in block.rows), default=0)
            if width:
                body._insert_tbl(parse_xml(_table_xml(block.rows, width)))
                sub.add_paragraph(style="BC Bang")
            continue
        style = STYLE_OF.get(block.kind, "BC Noi dung")
        if block.kind == "p" and not indent:
            style = "BC Danh sach"
        paragraph = sub.add_paragraph(style=style)
        if block.kind == "li":
            paragraph.add_run(f"{block.number}. " if block.ordered else "- ")
        for r in block.runs:
            run = paragraph.add_run(r.text)
            if r.bold:
                run.bold = True
            if r.italic:
                run.italic = True
            if r.underline:
                run.underline = True


def _heading(sub, text: str, level: int, *, center=False):
    style = "BC Tieu de phu luc" if center else ("BC Muc 2" if level > 1 else "BC Muc 1")
    sub.add_paragraph(text, style=style)


def _add_pictures(sub, html_text: str):
    """The charts' images (PNG data URIs) and their captions."""
    import base64

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for src, caption in re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"',
                                   html_text):
        sub.add_picture(io.BytesIO(base64.b64decode(src)), width=Cm(15))
        sub.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph = sub.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(caption).italic = True


SIGNATURE_MARKER = "[[ky-so]]"
VERIFICATION_MARKER = "[[tra-cuu]]"
TWIPS_PER_PT = 20
ISSUER_CELL_PT, NATION_CELL_PT, BODY_PT = 6.3 * 72 / 2.54, 10.2 * 72 / 2.54, 16.5 * 72 / 2.54


def _indent(cell_pt: float, rule_pt: float) -> int:
    """The indent (twips, each side) that leaves a line of `rule_pt` centred in the cell."""
    return max(0, int((cell_pt - 0.38 * 72 / 2.54 - rule_pt) / 2 * TWIPS_PER_PT))


def docx(report: Report) -> bytes:
    from docxtpl import DocxTemplate, RichText

    template = DocxTemplate(str(DOCX_TEMPLATE))
    body = template.new_subdoc()
    for section in report.body:
        if section.kind != "lead":
            _heading(body, section.display_heading, section.level)
        _add_blocks(body, blocks_of(section.html))
    appendices = template.new_subdoc()
    for section in report.annexes:
        appendices.add_page_break()
        _heading(appendices, section.label, 1, center=True)
        _heading(appendices, section.name, 1, center=True)
        appendices.add_paragraph(report.annex_line, style="BC Kem theo")
        if section.kind == "chart":
            _add_pictures(appendices, section.html)
        else:
            _add_blocks(appendices, blocks_of(section.html), indent=False)
    recipients = RichText()
    lines = [f"- {r};" for r in report.recipients] + [f"- {report.filing_line}"]
    recipients.add("\n".join(lines), size=22)
    signature = RichText()
    signature.add("\n".join(report.signature_lines), bold=True, size=28)
    addressed = RichText()
    if report.addressed_to:
        if report.addressed_inline:
            addressed.add(f"Kính gửi: {report.addressed_to[0]}.", size=28)
        else:
            addressed.add("Kính gửi:\n" + "\n".join(
                f"- {a}{'.' if i == len(report.addressed_to) - 1 else ';'}"
                for i, a in enumerate(report.addressed_to)), size=28)
    issuer = report.issuer_lines + [""] * 2
    signed = bool(report.signed_at and not report.is_draft)
    template.render({
        "is_draft": report.is_draft, "version": report.version, "issuer_1": issuer[0],
        "issuer_2": issuer[1], "number_line": report.number_line, "nation": report.nation,
        "motto": report.motto, "date_line": report.date_line, "title": report.title,
        "summary": report.summary, "corrects_line": report.corrects_line, "body": body,
        "is_letter": report.is_letter, "about": report.summary if report.is_letter else "",
        "addressed_to": bool(report.addressed_to), "addressed": addressed,
        "issuer_rule": _indent(ISSUER_CELL_PT, report.issuer_rule_pt),
        "motto_rule": _indent(NATION_CELL_PT, report.motto_rule_pt),
        "summary_rule": _indent(BODY_PT, report.summary_rule_pt),
        "recipients_title": "Nơi nhận:" if report.recipients or not report.is_draft else "",
        "recipients": recipients if report.recipients or not report.is_draft else "",
        "signature": signature, "signature_marker": SIGNATURE_MARKER if signed else "",
        "verification_marker": VERIFICATION_MARKER if report.verification_code else "",
        "signer_name": report.signer_name, "appendices": appendices,
    }, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return _finish_docx(out.getvalue(), report)


def _finish_docx(data: bytes, report: Report) -> bytes:
    """Put in what a template cannot: the signature image between the position and the name,
    the seal over its left third with the committee's name and the signing time beside it
    (Decree 30, Appendix I), and the QR code of the verification link under Nơi nhận."""
    from docx import Document as WordDocument


    document = WordDocument(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    text = paragraph.text.strip()
                    if text == SIGNATURE_MARKER:
                        _signature_picture(paragraph, report)
                    elif text == VERIFICATION_MARKER:
                        _verification_lines(paragraph, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _verification_lines(paragraph, report: Report):
    """The QR code of the verification link, and the code and the link under it."""
    from docx.shared import Mm, Pt

    from . import stamp

    for run in paragraph.runs:
        run.text = ""
    paragraph.paragraph_format.space_before = Pt(8)
    if report.verification_url:
        png = base64_png(stamp.qr_data_uri(report.verification_url))
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(20))
        paragraph.add_run().add_break()
    run = paragraph.add_run(f"Mã tra cứu: {report.verification_code}")
    run.font.size = Pt(9)
    if report.verification_url:
        run.add_break()
        link = paragraph.add_run(report.verification_url)
        link.font.size = Pt(8)


def base64_png(uri: str) -> bytes:
    import base64

    return base64.b64decode(uri.split(",", 1)[1])


def _signature_picture(paragraph, report: Report):
    from docx.shared import Mm, Pt

    from . import stamp

    for run in paragraph.runs:
        run.text = ""
    image, seal = report.signature_image, report.seal_image
    max_w, max_h = stamp.SIGNATURE_MAX_MM
    if image is None:
        paragraph.add_run("(Đã ký)").italic = True
        width_mm, height_mm = 30.0, 8.0
    else:
        width_mm, height_mm = stamp.fit(image.width_mm, image.height_mm, max_w, max_h)
        paragraph.add_run().add_picture(io.BytesIO(bytes(image.png)), width=Mm(width_mm))
    cell_mm = 90.0 - 3.8  # the signature column less its cell margins
    image_left = (cell_mm - width_mm) / 2
    seal_mm = seal.width_mm if seal is not None else stamp.DEFAULT_SEAL_MM
    seal_h = seal_mm * seal.height_px / max(1, seal.width_px) if seal is not None else seal_mm
    seal_right = max(image_left + width_mm / 3, seal_mm)
    # room above the signature for the seal's upper half, so that it covers no title
    overhang = max(0.0, (seal_h - height_mm) / 2)
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Mm(overhang + 1), Pt(0)
    if seal is not None:
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(bytes(seal.png)), width=Mm(seal_mm))
        _float(run, left_mm=seal_right - seal_mm, top_mm=1)
    if report.seal_lines:
        after = paragraph._p.getnext()
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        new = OxmlElement("w:p")
        after.addprevious(new)
        line = Paragraph(new, paragraph._parent)
        line.paragraph_format.left_indent = Mm(seal_right + 1.5)
        line.paragraph_format.space_before = Pt(2)
        line.paragraph_format.space_after = Pt(2)
        run = line.add_run("\n".join(report.seal_lines))
        run.font.size = Pt(10)
        run.font.name = "Times New Roman"


def _float(run, *, left_mm: float, top_mm: float):
    """Turn the run's inline picture into one floating over the text (not moving it), at
    `left_mm` from the column and `top_mm` from the paragraph: the seal over the signature."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    inline = run._r.xpath(".//wp:inline")[0]
    extent = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
                         "extent")
    doc_pr = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
                         "docPr")
    graphic = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/main}graphic")
    emu = 36000
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" distR="0" '
        f'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" '
        f'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{int(left_mm * emu)}</wp:posOffset>'
        f'</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>'
        f'{int(top_mm * emu)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{extent.get("cx")}" cy="{extent.get("cy")}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{int(doc_pr.get("id")) + 1000}" name="ConDau"/>'
        f'<wp:cNvGraphicFramePr/></wp:anchor>')
    anchor.append(graphic)
    inline.getparent().replace(inline, anchor)


# --- XLSX ----------------------------------------------------------------------------------

def _number(text: str):
    """"1.234,5" → 1234.5, "12" → 12; anything else stays text."""
    from baocao.lib.numbers import parse_vn_number

    try:
        value = parse_vn_number(text)
    except ValueError:
        return text
    return int(value) if value == value.to_integral_value() and "," not in text \
        else float(value)


def xlsx(report: Report) -> bytes:
    """One sheet per appendix table (and per table of the body when there is no appendix): the
    form's headings, then the figures as numbers."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from baocao.lib.spreadsheet import new_workbook, save_workbook

    book = new_workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sources = report.appendices or [s for s in report.body if "<table" in s.html]
    used = set()
    for section in sources:
        for index, block in enumerate(b for b in blocks_of(section.html) if b.kind == "table"):
            label = section.label or section.heading
            title = re.sub(r"[\[\]:*?/\\]", "", f"{label} - {section.name}"
                           if section.label else section.heading)[:31]
            name = title if index == 0 else f"{title[:28]} {index + 1}"
            while name in used:
                name = f"{name[:30]}_"
            used.add(name)
            sheet = book.create_sheet(name)
            sheet.append([label])
            sheet["A1"].font = Font(bold=True, size=13)
            sheet.append([section.name if section.label else ""])
            sheet["A2"].font = Font(bold=True, size=13)
            sheet.append([report.annex_line if section.label else
                          f"{report.title} {report.reference}".strip() + " · " + report.summary])
            sheet["A3"].font = Font(italic=True)
            sheet.append([])
            for row in block.rows:
                values = [text if header else _number(text) for text, header, _s in row]
                sheet.append(values)
                for cell, (_t, header, _s) in zip(sheet[sheet.max_row], row, strict=False):
                    cell.border = border
                    if header:
                        cell.font = Font(bold=True)
                        cell.fill = PatternFill("solid", fgColor="EDEDED")
                        cell.alignment = Alignment(horizontal="center", vertical="center",
                                                   wrap_text=True)
                    elif isinstance(cell.value, float):
                        cell.number_format = "#,##0.0"
                    elif isinstance(cell.value, int):
                        cell.number_format = "#,##0"
            sheet.column_dimensions["A"].width = 48
            for letter in "BCDEFGHIJ":
                sheet.column_dimensions[letter].width = 14
            sheet.freeze_panes = "A6"
    if not book.sheetnames:
        book.create_sheet("Báo cáo").append([report.summary])
    return save_workbook(book)


def render(report: Report, fmt: str, **extra) -> bytes:
    if fmt == "html":  # shown by a browser: the fonts from the static files
        from django.conf import settings

        return html(report, fonts=f"{settings.STATIC_URL}vendor/fonts/", **extra).encode()
    if fmt == "pdf":
        return cached_pdf(report, **extra)
    if fmt == "docx":
        return docx(report)
    if fmt == "xlsx":
        return xlsx(report)
    raise ValueError(fmt)
