"""Write the Word template of a report (Decree 30/2020/NĐ-CP, Appendix I) that docxtpl fills:
baocao/documents/templates/docx/bao-cao.docx.  A maintainer's tool: the template is committed, and
may be opened and restyled in Word as long as its {{ tags }} stay.

    .venv/bin/python scripts/make_report_docx.py
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "baocao/documents/templates/docx/bao-cao.docx"
FONT = "Times New Roman"


def font(style, size, bold=False):
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def para(container, text="", *, size=14, bold=False, italic=False, align=None, after=0):
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    return p


def rule(container, indent_tag: str, after: float = 4, before: float = 1):
    """A short line right under the text above it (an empty paragraph one point high with a
    top border, indented from both sides by the renderer's `indent_tag` twips), as Decree 30
    draws under the issuer, the motto and the summary: its length is set when the document is
    rendered, from the text it is under (render.docx)."""
    from docx.enum.text import WD_LINE_SPACING

    paragraph = para(container, "", size=1, after=after)
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.line_spacing = Pt(before), Pt(1)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"),
                       ("w:color", "000000")):
        top.set(qn(key), value)
    border.append(top)
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens",
                              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                              "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc")
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), f"{{{{ {indent_tag} }}}}")
    indent.set(qn("w:right"), f"{{{{ {indent_tag} }}}}")
    ppr.insert_element_before(indent, "w:contextualSpacing", "w:mirrorIndents",
                              "w:suppressOverlap", "w:jc", "w:rPr")
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    ppr.append(mark)


def widths(table, *cm):
    table.autofit = False
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), cm, strict=True):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, cm, strict=True):
            cell.width = Cm(width)


def no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def page_number(header):
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)


# The paragraph styles the body is written with (render.py): restyle them in Word freely.
STYLES = {
    # name: (size, bold, italic, alignment, first-line indent cm, left indent cm, space after pt)
    "BC Noi dung": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1, 0, 6),
    "BC Muc 1": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1, 0, 6),
    "BC Muc 2": (14, True, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 1, 0, 6),
    "BC Tieu de phu luc": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "BC Kem theo": (14, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 6),
    "BC Danh sach": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 1, 6),
    "BC Trich": (13, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 1, 6),
    "BC Bang": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0),
    "BC Bang so": (11, False, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 0, 0),
    "BC Bang dau": (11, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
}


def add_styles(doc):
    for name, (size, bold, italic, align, first, left, after) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        font(style, size, bold)
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Cm(first) if first else None
        fmt.left_indent = Cm(left) if left else None
        fmt.space_before, fmt.space_after = Pt(0), Pt(after)
        if name.startswith("BC Muc") or name == "BC Tieu de phu luc":
            fmt.keep_with_next = True
            fmt.space_before = Pt(6)
        if name == "BC Kem theo":
            fmt.keep_with_next = True


def main():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    page_number(section.header)
    font(doc.styles["Normal"], 14)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after, normal.line_spacing = Pt(6), 1.1

    add_styles(doc)
    para(doc, "{%p if is_draft %}")
    para(doc, "DỰ THẢO (phiên bản {{ version }})", size=12, bold=True,
         align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc, "{%p endif %}")

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(head)
    widths(head, 6.3, 10.2)
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    p = left.paragraphs[0]
    run = p.add_run("{{ issuer_1 }}")
    run.bold, run.font.size = True, Pt(13)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    para(left, "{{ issuer_2 }}", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rule(left, "issuer_rule", after=6)
    para(left, "{{ number_line }}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(left, "{%p if is_letter %}")
    para(left, "{{ about }}", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(left, "{%p endif %}")
    p = right.paragraphs[0]
    run = p.add_run("{{ nation }}")
    run.bold, run.font.size = True, Pt(12.5)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    para(right, "{{ motto }}", size=13.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rule(right, "motto_rule", after=6)
    para(right, "{{ date_line }}", size=14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    para(doc, "", after=6)
    para(doc, "{%p if not is_letter %}")
    para(doc, "{{ title }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{{ summary }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rule(doc, "summary_rule", after=6, before=5)
    para(doc, "{%p endif %}")
    para(doc, "{%p if addressed_to %}")
    para(doc, "{{r addressed }}", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    para(doc, "{%p endif %}")
    para(doc, "{%p if corrects_line %}")
    para(doc, "{{ corrects_line }}", size=13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{%p endif %}")
    para(doc, "{{p body }}")

    foot = doc.add_table(rows=1, cols=2)
    no_borders(foot)
    widths(foot, 7.5, 9.0)
    left, right = foot.rows[0].cells
    p = left.paragraphs[0]
    run = p.add_run("{{ recipients_title }}")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    para(left, "{{r recipients }}", size=11)
    para(left, "{{ verification_marker }}", size=9, after=0)
    p = right.paragraphs[0]
    run = p.add_run("{{r signature }}")
    run.bold, run.font.size = True, Pt(14)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The signature image and the seal go here (render.docx), with the seal's name and time.
    mark = para(right, "{{ signature_marker }}", size=12, italic=True,
                align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    mark.paragraph_format.space_before = Pt(0)
    para(right, "{{ signer_name }}", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{{p appendices }}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.author = "baocao"
    doc.core_properties.title = "Báo cáo (Nghị định 30/2020/NĐ-CP, Phụ lục I)"
    doc.save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
