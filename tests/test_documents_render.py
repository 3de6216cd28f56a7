"""The renderers: the text of the PDF and the DOCX of a monthly and a quarterly report (number,
date line, national title, signature block, recipients), the XLSX figures as numbers, and a
draft marked "DỰ THẢO" where an issued document never is."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from baocao.documents import render, structure
from baocao.documents.models import Document
from baocao.drafting import building, workflow

from .conftest import sent

TOMORROW = timezone.localdate() + timedelta(days=1)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())  # justified lines break anywhere


def docx_text(data: bytes) -> str:
    from docx import Document as Docx

    doc = Docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def issue(draft, users, recipients, signer, issued_on=None):
    draft.step = draft.regime.steps.get(code="sign")
    draft.save()
    workflow.act(draft, "sign", users[signer])
    workflow.act(draft, "issue", users["clerk"], recipients=recipients, issued_on=issued_on)
    return Document.objects.get(draft=draft)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 5), "Tây Hồ, ngày 05 tháng 11 năm 2026"),
    (date(2026, 2, 14), "Tây Hồ, ngày 14 tháng 02 năm 2026"),
    (date(2026, 1, 9), "Tây Hồ, ngày 09 tháng 01 năm 2026"),
    (date(2026, 3, 10), "Tây Hồ, ngày 10 tháng 3 năm 2026"),
])
def test_the_date_line_of_decree_30(day, expected):
    assert structure.date_line("Tây Hồ", day) == expected


def test_the_monthly_report_as_pdf_and_docx(monthly_draft, users, recipients):
    document = issue(monthly_draft, users, recipients[:2], "office_head",
                     issued_on=timezone.localdate())
    report = structure.of_document(document)
    line = structure.date_line("Tây Hồ", document.issued_on)
    for text in (pdf_text(render.pdf(report)), docx_text(render.docx(report))):
        assert "Số: 01/BC-UBND" in text
        assert line in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" \
            in text
        assert "ỦY BAN NHÂN DÂN" in text and "QUẬN TÂY HỒ" in text
        assert "TL. CHỦ TỊCH" in text and "CHÁNH VĂN PHÒNG" in text
        assert "Người office_head" in text
        assert "Nơi nhận:" in text and "Quận ủy" in text and "Lưu: VT, VP." in text
        assert "DỰ THẢO" not in text


def test_the_quarterly_report_as_pdf_and_docx(quarterly_round, users, recipients):
    sent(*quarterly_round.submissions.all())  # the units sent: no gate
    draft = building.draft_from_round(quarterly_round, users["planning_compiler"])
    document = issue(draft, users, recipients, "vice_chair")
    report = structure.of_document(document)
    for text in (pdf_text(render.pdf(report)), docx_text(render.docx(report))):
        assert "Số: 01/BC-UBND" in text and "BÁO CÁO" in text
        assert "TM. ỦY BAN NHÂN DÂN" in text and "KT. CHỦ TỊCH" in text
        assert "PHÓ CHỦ TỊCH" in text and "Người vice_chair" in text
        assert "Thường trực HĐND quận" in text


def test_a_draft_prints_draft_and_its_version(monthly_draft):
    report = structure.of_draft(monthly_draft)
    text = pdf_text(render.pdf(report))
    assert "DỰ THẢO" in text and "Phiên bản 1" in text
    assert "DỰ THẢO" in docx_text(render.docx(report))


def test_rendering_a_pdf_warns_of_nothing_in_our_stylesheet(monthly_draft, caplog):
    """WeasyPrint logs what it cannot read in the print template's CSS (a media query with a
    width was warned of at every render, the demo's load printing it 24 times)."""
    import logging

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render.pdf(structure.of_draft(monthly_draft))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_no_template_text_leaks_into_the_document(monthly_draft):
    """A comment of the print template written over several lines with {# #} (which Django
    only takes on one line) was printed at the top of every preview and PDF."""
    report = structure.of_draft(monthly_draft)
    for source in (render.html(report), render.render(report, "html").decode()):
        assert "{#" not in source and "#}" not in source and "{%" not in source
    from pypdf import PdfReader

    first = PdfReader(io.BytesIO(render.pdf(report))).pages[0].extract_text()
    assert " ".join(first.split()[:4]) == "ỦY BAN NHÂN DÂN", first[:300]  # the issuer first


def test_the_pdf_embeds_tinos_with_vietnamese_letters(monthly_draft):
    from pypdf import PdfReader

    data = render.pdf(structure.of_draft(monthly_draft))
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert fonts and all("Tinos" in name for name in fonts)
    assert "Người có bảo hiểm y tế" in pdf_text(data)


def test_the_xlsx_carries_the_figures_as_numbers(monthly_draft):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render.xlsx(structure.of_draft(monthly_draft))))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Chỉ tiêu")
    assert "Lũy kế" in header
    insured = next(r for r in rows if r and r[0] == "Người có bảo hiểm y tế")
    assert insured[2] == 900 and isinstance(insured[2], int)


def test_the_body_blocks():
    blocks = structure.blocks_of("<p>Một <b>hai</b></p><ul><li>a</li><li>b</li></ul>"
                                 "<table><tr><th>X</th></tr><tr><td>1.234,5</td></tr></table>")
    assert [b.kind for b in blocks] == ["p", "li", "li", "table"]
    assert blocks[0].runs[1].bold and blocks[0].text == "Một hai"
    assert blocks[3].rows == [[("X", True, 1)], [("1.234,5", False, 1)]]
    assert render._number("1.234,5") == 1234.5 and render._number("12") == 12


def test_the_charts_are_images_in_the_pdf_and_the_docx(monthly_draft):
    from docx import Document as Docx
    from pypdf import PdfReader

    chart = monthly_draft.sections.get(kind="chart")
    assert chart.html.count("data:image/png;base64,") == 2
    report = structure.of_draft(monthly_draft)
    images = sum(len(page.images) for page in PdfReader(io.BytesIO(render.pdf(report))).pages)
    assert images >= 2
    assert len(Docx(io.BytesIO(render.docx(report))).inline_shapes) == 2


APPENDIX = ("<table><thead><tr><th>Chỉ tiêu</th><th>Đơn vị tính</th><th>Thực hiện</th></tr>"
            "</thead><tbody><tr><td>Tổng thu ngân sách nhà nước trên địa bàn quận</td>"
            "<td>tỷ đồng</td><td>12.345,6</td></tr><tr><td colspan=\"3\">Ghi chú dài trải qua "
            "cả ba cột của bảng</td></tr></tbody></table>")


def test_the_columns_share_the_width_by_their_text():
    rows = structure.blocks_of(APPENDIX)[0].rows
    shares = structure.column_shares(rows)
    assert len(shares) == 3 and abs(sum(shares) - 1) < 1e-9
    assert shares[0] > shares[1] and shares[0] > shares[2]  # the indicator's name is longest
    # When the texts don't fit on one line, every column keeps its longest word (or number)
    wide = [[("chữ " * 60, False, 1), ("1.234.567.890,12", False, 1)]]
    narrow = structure.column_shares(wide, room=40)
    assert narrow[1] * 40 >= len("1.234.567.890,12")
    assert structure.column_shares([]) == []


def test_tables_get_their_columns_for_the_print_layout():
    html = ("<p>Trước</p>" + APPENDIX + "<p>Giữa</p>"
            + APPENDIX.replace("<table>", "<table class=\"x\">"))
    out = structure.fitted(html)
    assert out.count("<colgroup>") == 2 and out.count("data-cols") == 2
    assert out.count("<col style=\"width:") == 6 and "<table class=\"x\" data-cols>" in out
    assert structure.blocks_of(out) == structure.blocks_of(html)  # the text is untouched
    # Tables that can't be matched one for one keep the automatic layout
    nested = "<table><tr><td><table><tr><td>a</td></tr></table></td></tr></table>"
    assert structure.fitted(nested) == nested
    given = "<table><colgroup><col></colgroup><tr><td>a</td></tr></table>"
    assert structure.fitted(given) == given
    assert structure.fitted("<p>Không có bảng</p>") == "<p>Không có bảng</p>"
    # A table whose longest words alone are wider than the page keeps the automatic layout
    wide = "<table><tr>" + "".join(f"<td>Chỉ-tiêu-rất-dài-số-{i}</td>" for i in range(12)) + \
        "</tr></table>"
    assert structure.fitted(wide) == wide


def test_the_docx_table_columns_follow_the_same_shares(monthly_draft):
    from docx import Document as Docx

    report = structure.of_draft(monthly_draft)
    doc = Docx(io.BytesIO(render.docx(report)))
    appendix = next(t for t in doc.tables if len(t.columns) > 3)  # not the signature block
    widths = [c.width for c in appendix.columns]
    assert len(set(widths)) > 1 and widths[0] == max(widths)  # the indicators' names


def test_the_same_text_is_rendered_to_pdf_once(monthly_draft, users, monkeypatch):
    from django.core.cache import cache

    from baocao.drafting import editing

    cache.clear()
    made = []
    real = render._pdf_of
    monkeypatch.setattr(render, "_pdf_of",
                        lambda source, variant=None: made.append(1) or real(source, variant))
    report = structure.of_draft(monthly_draft)
    first = render.render(report, "pdf")
    assert render.render(structure.of_draft(monthly_draft), "pdf") == first and len(made) == 1
    monthly_draft.step = monthly_draft.regime.steps.get(code="review")
    monthly_draft.save()
    section = monthly_draft.sections.filter(kind="text").first()
    editing.save_section(section, section.html + "<p>Một câu mới.</p>", users["office_head"],
                         revision=section.revision)
    changed = render.render(structure.of_draft(monthly_draft), "pdf")
    assert len(made) == 2 and "Một câu mới." in pdf_text(changed)


def test_the_appendices_are_numbered_in_every_format(monthly_draft):
    from openpyxl import load_workbook

    report = structure.of_draft(monthly_draft)
    labels = [s.label for s in report.annexes]
    assert len(labels) >= 2 and labels[:2] == ["Phụ lục I", "Phụ lục II"]
    pdf = pdf_text(render.pdf(report))
    docx = " ".join(docx_text(render.docx(report)).split())
    for text in (pdf, docx):
        assert "Phụ lục I" in text and "Phụ lục II" in text and "Phụ lục:" not in text
        assert "(Kèm theo Báo cáo số" in text and "của Ủy ban nhân dân quận Tây Hồ)" in text
        assert "I. KẾT QUẢ" in text  # first-level headings in capitals
    book = load_workbook(io.BytesIO(render.xlsx(report)))
    assert all(name.startswith("Phụ lục ") for name in book.sheetnames)
    first = book.worksheets[0]
    assert first["A1"].value.startswith("Phụ lục") and first["A3"].value.startswith("(Kèm theo")


def test_a_report_sent_upward_has_its_kinh_gui(monthly_draft, users):
    from baocao.drafting import editing

    monthly_draft.step = monthly_draft.regime.steps.get(code="review")
    monthly_draft.save()
    editing.set_recipients(monthly_draft, [], "Quận ủy", users["office_head"],
                           addressed_to="- Ủy ban nhân dân thành phố Hà Nội;")
    monthly_draft.refresh_from_db()
    assert monthly_draft.addressed_to == ["Ủy ban nhân dân thành phố Hà Nội"]
    report = structure.of_draft(monthly_draft)
    for text in (pdf_text(render.pdf(report)), " ".join(docx_text(render.docx(report)).split())):
        assert "Kính gửi: Ủy ban nhân dân thành phố Hà Nội." in text


def test_the_rules_under_the_issuer_the_motto_and_the_summary(monthly_draft):
    """Decree 30: a line a third to a half of the issuer's text, one as long as the motto, one
    a third to a half of the summary's; in the PDF and, as indents, in the DOCX."""
    from baocao.documents.stamp import text_width

    report = structure.of_draft(monthly_draft)
    issuer = max(text_width(line, 13, "bold") for line in report.issuer_lines)
    assert issuer / 3 <= report.issuer_rule_pt <= issuer / 2
    assert report.motto_rule_pt == round(text_width(report.motto, 13.5, "bold"), 1)
    html = render.html(report)
    assert f"width: {report.motto_rule_pt:.1f}pt" in html
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(render.docx(report))).read("word/document.xml").decode()
    indent = render._indent(render.NATION_CELL_PT, report.motto_rule_pt)
    assert f'w:left="{indent}"' in xml and 'w:lineRule="exact"' in xml


@pytest.mark.skipif(__import__("shutil").which("pdftoppm") is None, reason="no poppler-utils")
def test_the_compact_user_agent_stylesheet_draws_the_same_pages(monthly_draft, tmp_path):
    """The print template's own user-agent stylesheet (render.UA_STYLESHEET) gives the pages
    WeasyPrint's full one gives, pixel for pixel."""
    import subprocess

    from PIL import Image, ImageChops
    from weasyprint import HTML

    source = render.html(structure.of_draft(monthly_draft))
    ours = render._pdf_of(source)[0]
    theirs = HTML(string=source, base_url=str(render.VENDOR) + "/").write_pdf()
    for name, data in (("ours", ours), ("theirs", theirs)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
    pages = sorted(tmp_path.glob("ours-*.png"))
    assert pages and len(pages) == len(list(tmp_path.glob("theirs-*.png")))
    for page in pages:
        other = tmp_path / page.name.replace("ours-", "theirs-")
        assert ImageChops.difference(Image.open(page).convert("L"),
                                     Image.open(other).convert("L")).getbbox() is None, page.name
