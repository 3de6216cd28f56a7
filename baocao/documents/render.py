"""The renderers of a report (structure.Report): HTML (the preview), PDF (WeasyPrint from that
same HTML, Tinos embedded), DOCX (the Word template filled with docxtpl), XLSX (the appendix
tables, numbers as numbers)."""

import io
import re
from pathlib import Path

from django.template.loader import render_to_string

from .structure import Block, Report, blocks_of

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
DOCX_TEMPLATE = Path(__file__).resolve().parent / "templates" / "docx" / "bao-cao.docx"
FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8", "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def html(report: Report, *, qr: str = "", charts=()) -> str:
    return render_to_string("documents/print.html", {"report": report, "qr": qr,
                                                     "charts": list(charts)})


def pdf(report: Report, **extra) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = HTML(string=html(report, **extra), base_url=str(VENDOR) + "/")
    return document.write_pdf(font_config=fonts)


# --- DOCX ----------------------------------------------------------------------------------

def _set_cell_shading(cell, header: bool):
    if not header:
        return
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "EDEDED")
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _add_blocks(sub, blocks: list[Block], *, indent=True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    for block in blocks:
        if block.kind == "table":
            width = max((sum(span for _t, _h, span in row) for row in block.rows), default=0)
            if not width:
                continue
            table = sub.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for index, row in enumerate(block.rows):
                cells = table.add_row().cells
                header = all(h for _t, h, _s in row)
                column = 0
                for text, is_header, span in row:
                    cell = cells[column]
                    if span > 1 and column + span <= width:
                        cell = cell.merge(cells[column + span - 1])
                    cell.text = text
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.space_after = Pt(0)
                        if re.fullmatch(r"-?[\d.,]+", text or ""):
                            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                        for run in paragraph.runs:
                            run.font.size = Pt(11)
                            run.bold = is_header
                    _set_cell_shading(cell, is_header)
                    column += span
                if index == 0 and header:
                    _repeat_header(table.rows[-1])
            sub.add_paragraph()
            continue
        paragraph = sub.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(6)
        if block.kind == "li":
            fmt.left_indent = Cm(1)
            paragraph.add_run(f"{block.number}. " if block.ordered else "- ")
        elif block.kind == "quote":
            fmt.left_indent = Cm(1)
        elif indent:
            fmt.first_line_indent = Cm(1)
        for r in block.runs:
            run = paragraph.add_run(r.text)
            run.bold, run.italic, run.underline = r.bold, r.italic, r.underline


def _heading(sub, text: str, level: int, *, center=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = sub.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    run.italic = level > 1
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(6), Pt(6), True
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        fmt.first_line_indent = Cm(1)


def docx(report: Report) -> bytes:
    from docxtpl import DocxTemplate, RichText

    template = DocxTemplate(str(DOCX_TEMPLATE))
    body = template.new_subdoc()
    for section in report.body:
        _heading(body, section.heading, section.level)
        _add_blocks(body, blocks_of(section.html))
    appendices = template.new_subdoc()
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
    """"1.234,5" → 1234.5; anything else stays text."""
    cleaned = (text or "").strip()
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d+(,\d+)?", cleaned):
        return text
    value = float(cleaned.replace(".", "").replace(",", "."))
    return int(value) if value.is_integer() and "," not in cleaned else value


def xlsx(report: Report) -> bytes:
    """One sheet per appendix table (and per table of the body when there is no appendix): the
    form's headings, then the figures as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    book = Workbook()
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(report: Report, fmt: str, **extra) -> bytes:
    if fmt == "html":
        return html(report, **extra).encode()
    if fmt == "pdf":
        return pdf(report, **extra)
    if fmt == "docx":
        return docx(report)
    if fmt == "xlsx":
        return xlsx(report)
    raise ValueError(fmt)
