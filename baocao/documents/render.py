"""The renderers of a report (structure.Report): HTML (the preview), PDF (WeasyPrint from that
same HTML, Tinos embedded), DOCX (the Word template filled with docxtpl), XLSX (the appendix
tables, numbers as numbers)."""

import io
import re
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


def html(report: Report, *, qr: str = "") -> str:
    return render_to_string("documents/print.html", {"report": report, "qr": qr})


def pdf(report: Report, **extra) -> bytes:
    return _pdf_of(html(report, **extra))


def _pdf_of(source: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    return HTML(string=source, base_url=str(VENDOR) + "/").write_pdf(
        font_config=FontConfiguration())


PDF_CACHE_SECONDS = 3600


def cached_pdf(report: Report, **extra) -> bytes:
    """The PDF, rendered once for the same text: a draft's PDF opened by each reviewer in turn
    costs one render (seconds for a long report), not one each.  The key is the hash of the HTML
    it is made from, so any change to the text, the recipients or the signature block renders
    anew."""
    import hashlib

    from django.core.cache import cache

    source = html(report, **extra)
    key = "report-pdf:" + hashlib.sha256(source.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = _pdf_of(source)
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data


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


def docx(report: Report) -> bytes:
    from docxtpl import DocxTemplate, RichText

    template = DocxTemplate(str(DOCX_TEMPLATE))
    body = template.new_subdoc()
    for section in report.body:
        _heading(body, section.heading, section.level)
        _add_blocks(body, blocks_of(section.html))
    appendices = template.new_subdoc()
    for section in report.charts:
        appendices.add_page_break()
        _heading(appendices, section.heading.upper(), 1, center=True)
        _add_pictures(appendices, section.html)
    for section in report.appendices:
        appendices.add_page_break()
        _heading(appendices, section.heading.upper(), 1, center=True)
        _add_blocks(appendices, blocks_of(section.html), indent=False)
    recipients = RichText()
    lines = [f"- {r};" for r in report.recipients] + [f"- {report.filing_line}"]
    recipients.add("\n".join(lines), size=22)
    signature = RichText()
    signature.add("\n".join(report.signature_lines), bold=True, size=28)
    issuer = report.issuer_lines + [""] * 2
    template.render({
        "is_draft": report.is_draft, "version": report.version, "issuer_1": issuer[0],
        "issuer_2": issuer[1], "number_line": report.number_line, "nation": report.nation,
        "motto": report.motto, "date_line": report.date_line, "title": report.title,
        "summary": report.summary, "corrects_line": report.corrects_line, "body": body,
        "recipients_title": "Nơi nhận:" if report.recipients or not report.is_draft else "",
        "recipients": recipients if report.recipients or not report.is_draft else "",
        "signature": signature,
        "signed_mark": "(Đã ký)" if report.signed_at and not report.is_draft else "",
        "signer_name": report.signer_name, "verification_code": report.verification_code,
        "verification_url": report.verification_url, "appendices": appendices,
    }, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


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
            title = re.sub(r"[\[\]:*?/\\]", "", section.heading.replace("Phụ lục: ", ""))[:28]
            name = title if index == 0 else f"{title[:25]} {index + 1}"
            while name in used:
                name = f"{name[:28]}_"
            used.add(name)
            sheet = book.create_sheet(name)
            sheet.append([section.heading])
            sheet["A1"].font = Font(bold=True, size=13)
            sheet.append([f"{report.title} {report.reference}".strip() + " · " + report.summary])
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
            sheet.freeze_panes = "A5"
    if not book.sheetnames:
        book.create_sheet("Báo cáo").append([report.summary])
    return save_workbook(book)


def render(report: Report, fmt: str, **extra) -> bytes:
    if fmt == "html":
        return html(report, **extra).encode()
    if fmt == "pdf":
        return cached_pdf(report, **extra)
    if fmt == "docx":
        return docx(report)
    if fmt == "xlsx":
        return xlsx(report)
    raise ValueError(fmt)
