"""One structure for a document, drafted or issued, from which every renderer works (HTML, PDF,
DOCX, XLSX): the parts of an administrative document of Decree 30/2020/NĐ-CP, Appendix I.

    issuer (ỦY BAN NHÂN DÂN / QUẬN TÂY HỒ) · number (Số: 125/BC-UBND)
    national title and motto · place and date (Tây Hồ, ngày 05 tháng 11 năm 2026)
    title (BÁO CÁO) · summary line · Kính gửi (a letter, a report sent upward)
    body (headings, paragraphs, lists, tables)
    recipients (Nơi nhận) beside the signature block · the verification code and QR code
    appendices: "Phụ lục I", its name in capitals, "(Kèm theo Báo cáo số … ngày … của …)"

A report (báo cáo) carries the title "BÁO CÁO" and its summary under it; a letter (công văn)
has no title: its summary ("V/v …") stands under its number.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from baocao.lib import places

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


FILING_LINE = "Lưu: VT, VP."


def place_of(committee) -> str:
    """"Quận Tây Hồ" → "Tây Hồ": the place written before the date."""
    return places.without_level(committee.name)


def issuer_of(committee) -> str:
    return f"ỦY BAN NHÂN DÂN\n{committee.name.upper()}"


def issuer_full(committee_name: str) -> str:
    """"Quận Tây Hồ" → "Ủy ban nhân dân quận Tây Hồ": the committee in running text (the
    appendices' "Kèm theo" line, the seal's name)."""
    return f"Ủy ban nhân dân {places.in_text(committee_name)}"


BLANK = "\u00a0"


def day_words(d: date) -> str:
    """"ngày 05 tháng 11 năm 2026": a leading zero for days under 10 and for months 1 and 2
    (Decree 30, Appendix I)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def date_line(place: str, day: date | None, month_only: date | None = None) -> str:
    """"Tây Hồ, ngày 05 tháng 11 năm 2026".  Without a day (a draft), the day is left blank to
    fill."""
    from django.utils import timezone

    if day:
        return f"{place}, {day_words(day)}"
    d = month_only or timezone.localdate()
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {BLANK * 6} tháng {month} năm {d.year}"


KIND_WORD = {"report": "Báo cáo", "letter": "Công văn"}


def annex_line(kind: str, reference: str, day: date | None, issuer: str) -> str:
    """"(Kèm theo Báo cáo số 94/BC-UBND ngày 05 tháng 11 năm 2026 của Ủy ban nhân dân quận
    Tây Hồ)": the line under each appendix's name.  Before issue, the number and the day are
    left blank."""
    when = day_words(day) if day else f"ngày {BLANK * 5} tháng {BLANK * 5} năm {BLANK * 7}"
    return f"(Kèm theo {KIND_WORD.get(kind, 'Báo cáo')} số {reference} {when} của {issuer})"


def issue_texts(*, kind: str, reference: str, place: str, issued_on: date,
                issuer: str) -> dict:
    """What the clerk's issue writes into the signed PDF's boxes: the number line, the date line
    and the appendices' "Kèm theo" line."""
    return {"number": f"Số: {reference}", "date": f"{place}, {day_words(issued_on)}",
            "annex": annex_line(kind, reference, issued_on, issuer)}


ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


_APPENDIX_PREFIX = re.compile(r"^\s*phụ\s+lục\s*[IVXLC\d]*\s*[:.\-–]?\s*", re.IGNORECASE)


def appendix_name(heading: str) -> str:
    """"Phụ lục: Tài chính - Ngân sách" → "TÀI CHÍNH - NGÂN SÁCH" (the name under "Phụ lục I")."""
    return _APPENDIX_PREFIX.sub("", heading).strip().upper() or heading.upper()


def heading_text(heading: str, level: int) -> str:
    """Headings of the first level in capitals (Decree 30: "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")."""
    return heading.upper() if level <= 1 else heading


# --- the body as blocks (for DOCX and XLSX; HTML and PDF use the sanitised HTML itself) -------

@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass
class Block:
    kind: str  # "p", "li" (with `ordered` and `number`), "table", "quote"
    runs: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # table: [[(text, is_header, colspan)]]
    ordered: bool = False
    number: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _Blocks(HTMLParser):
    """Turns the sanitised HTML of a section (p, b/strong, i/em, u, ul/ol/li, table, blockquote,
    h3/h4, br) into blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.styles = {"b": 0, "i": 0, "u": 0}
        self.lists: list[list] = []  # [ordered, counter]
        self.current: Block | None = None
        self.table: Block | None = None
        self.row: list | None = None
        self.cell: list | None = None  # [text parts, is_header, colspan]
        self.quote = 0

    def _open(self, kind="p", **extra):
        self._close()
        self.current = Block(kind="quote" if self.quote and kind == "p" else kind, **extra)

    def _close(self):
        if self.current is not None and (self.current.text.strip() or self.current.kind == "li"):
            self.current.runs[0].text = self.current.runs[0].text.lstrip() if \
                self.current.runs else ""
            self.blocks.append(self.current)
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag in ("b", "strong"):
            self.styles["b"] += 1
        elif tag in ("i", "em"):
            self.styles["i"] += 1
        elif tag == "u":
            self.styles["u"] += 1
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            ordered, counter = self.lists[-1] if self.lists else [False, 0]
            if self.lists:
                self.lists[-1][1] += 1
            self._open("li", ordered=ordered, number=counter + 1)
        elif tag == "table":
            self._close()
            self.table = Block(kind="table")
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            span = dict(attrs).get("colspan") or "1"
            self.cell = [[], tag == "th", int(span) if span.isdigit() else 1]
        elif tag == "blockquote":
            self._close()
            self.quote += 1
        elif tag in ("p", "h3", "h4"):
            if self.cell is None:
                self._open("p")
                if tag != "p":
                    self.styles["b"] += 1
        elif tag == "br":
            self._add("\n")

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.styles["b"] = max(0, self.styles["b"] - 1)
        elif tag in ("i", "em"):
            self.styles["i"] = max(0, self.styles["i"] - 1)
        elif tag == "u":
            self.styles["u"] = max(0, self.styles["u"] - 1)
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            text, header, span = self.cell
            self.row.append((" ".join("".join(text).split()), header, span))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            self.table.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.blocks.append(self.table)
            self.table = None
        elif tag == "blockquote":
            self._close()
            self.quote = max(0, self.quote - 1)
        elif tag in ("p", "li", "h3", "h4"):
            if self.cell is None:
                self._close()
                if tag in ("h3", "h4"):
                    self.styles["b"] = max(0, self.styles["b"] - 1)

    def _add(self, text):
        if self.cell is not None:
            self.cell[0].append(text)
            return
        if self.current is None:
            if not text.strip():
                return
            self._open("p")
        self.current.runs.append(Run(text, bool(self.styles["b"]), bool(self.styles["i"]),
                                     bool(self.styles["u"])))

    def handle_data(self, data):
        self._add(re.sub(r"\s+", " ", data))

    def close(self):
        super().close()
        self._close()
        return self.blocks


def blocks_of(html: str) -> list[Block]:
    parser = _Blocks()
    parser.feed(html or "")
    return parser.close()


# --- the widths of a table's columns ------------------------------------------------------

NUMBER = re.compile(r"-?[\d.,]+")  # a cell holding a number only: kept on one line
_TABLE_TAG = re.compile(r"<table\b([^>]*)>", re.IGNORECASE)
ROOM = 90  # characters of 11 pt Tinos across the text of an A4 page (165 mm)


def column_shares(rows: list, room: int = ROOM, *, strict: bool = False) -> list[float]:
    """The share of the width each column of a table gets, from the lengths of its cells' text:
    near enough what automatic table layout gives (each column its longest word at least, the
    room left shared by how much more each column's longest text needs), without laying every
    cell out twice as WeasyPrint does to measure it.  The PDF and the DOCX use the same shares.
    `rows` are the table block's rows: [(text, is_header, colspan)].  `strict`: no shares (an
    empty list) when the columns' longest words alone do not fit across the page, where only
    automatic layout keeps every word whole."""
    width = max((sum(span for _t, _h, span in row) for row in rows), default=0)
    if not width:
        return []
    least, most = [3] * width, [3] * width
    for row in rows:
        column = 0
        for text, _header, span in row:
            if span == 1:
                longest = len(text) if NUMBER.fullmatch(text) else max(
                    (len(w) for w in text.split()), default=0)
                least[column] = max(least[column], longest + 2)
                most[column] = max(most[column], len(text) + 2)
            column += span
    if sum(most) <= room:
        wanted = most
    elif sum(least) >= room:
        if strict:
            return []
        wanted = least
    else:
        spare = room - sum(least)
        stretch = sum(m - n for m, n in zip(most, least, strict=True)) or 1
        wanted = [n + spare * (m - n) / stretch for m, n in zip(most, least, strict=True)]
    total = sum(wanted)
    return [w / total for w in wanted]


def fitted(html: str) -> str:
    """The section's HTML with each table given its columns' widths (a <colgroup>, and
    `data-cols` for the fixed layout of the print style): the same look as automatic layout, at
    a fraction of the cost of a 30-page PDF.  HTML whose tables can't be matched one for one
    (nested tables, tables that already have columns) is left as it is, and so is a table too
    wide for the page's width."""
    lowered = (html or "").lower()
    if "<table" not in lowered or "<colgroup" in lowered:
        return html
    tables = [b for b in blocks_of(html) if b.kind == "table"]
    if len(_TABLE_TAG.findall(html)) != len(tables):
        return html
    shares = iter([column_shares(t.rows, strict=True) for t in tables])

    def opening(match):
        columns = next(shares)
        if not columns:
            return match.group(0)
        cols = "".join(f'<col style="width:{share * 100:.2f}%">' for share in columns)
        return f"<table{match.group(1)} data-cols><colgroup>{cols}</colgroup>"

    return _TABLE_TAG.sub(opening, html)


# --- the document --------------------------------------------------------------------------

@dataclass
class Section:
    heading: str
    level: int
    html: str
    kind: str = "text"
    # An appendix's number ("Phụ lục II") and box (the "Kèm theo" line filled at issue).
    label: str = ""
    box: str = ""

    @property
    def blocks(self) -> list[Block]:
        return blocks_of(self.html)

    @property
    def fitted_html(self) -> str:
        return fitted(self.html)

    @property
    def display_heading(self) -> str:
        return heading_text(self.heading, self.level)

    @property
    def name(self) -> str:
        """An appendix's name, in capitals."""
        return appendix_name(self.heading)


@dataclass
class Report:
    issuer_lines: list
    number_line: str
    date_line: str
    title: str
    summary: str
    sections: list
    signature_lines: list
    signer_name: str
    recipients: list
    filing_line: str
    is_draft: bool
    version: int
    reference: str = ""  # 125/BC-UBND, issued only
    issued_on: date | None = None
    signed_at: object = None
    corrects_line: str = ""
    verification_code: str = ""
    verification_url: str = ""
    filename: str = "bao-cao"
    # The PDF the signer signs keeps empty boxes for the number, the date and each appendix's
    # "Kèm theo" line, which the clerk's issue fills ("Số: 94/BC-UBND", "Tây Hồ, ngày 05 tháng
    # 11 năm 2026"); and room between the position and the name for the signature image and the
    # seal at its real size.
    fields: bool = False
    place: str = ""
    symbol: str = ""
    kind: str = "report"
    addressed_to: list = field(default_factory=list)
    issuer: str = ""  # Ủy ban nhân dân quận Tây Hồ
    signer_position: str = ""
    seal_mm: float = 35.0
    # An issued document's DOCX shows the signature and the seal images (documents.images),
    # with the seal's name and time.
    signature_image: object = None
    seal_image: object = None
    seal_lines: list = field(default_factory=list)

    def __post_init__(self):
        appendices = [s for s in self.sections if s.kind in ("appendix", "chart")]
        for index, section in enumerate(appendices, start=1):
            section.label = f"Phụ lục {roman(index)}" if len(appendices) > 1 else "Phụ lục"
            section.box = f"annex-{index}"

    @property
    def is_letter(self) -> bool:
        return self.kind == "letter"

    @property
    def body(self) -> list[Section]:
        return [s for s in self.sections if s.kind not in ("appendix", "chart")]

    @property
    def charts(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "chart"]

    @property
    def appendices(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "appendix"]

    @property
    def annexes(self) -> list[Section]:
        """The charts and the appendix tables, in order, each numbered "Phụ lục I", "II"…"""
        return [s for s in self.sections if s.kind in ("appendix", "chart")]

    @property
    def annex_line(self) -> str:
        return annex_line(self.kind, self.reference or f"{BLANK * 7}/{self.symbol}",
                          self.issued_on, self.issuer)

    @property
    def number_placeholder(self) -> str:
        return f"Số:{BLANK * 8}/{self.symbol}"

    @property
    def date_placeholder(self) -> str:
        return f"{self.place}, ngày{BLANK * 6}tháng{BLANK * 6}năm{BLANK * 8}"

    @property
    def annex_placeholder(self) -> str:
        return annex_line(self.kind, f"{BLANK * 7}/{self.symbol}", None, self.issuer)

    @property
    def annex_box_lines(self) -> int:
        """How many lines the "Kèm theo" line takes once numbered (its box is kept that tall)."""
        from .stamp import wrap

        sample = annex_line(self.kind, f"9999/{self.symbol}", date(2026, 12, 28), self.issuer)
        return len(wrap(sample, 14, BODY_WIDTH_PT, "italic"))

    @property
    def annex_box_pt(self) -> float:
        return self.annex_box_lines * 14 * 1.25

    @property
    def sign_space_mm(self) -> float:
        """The room between the position and the name: the signature image with two lines of
        10 pt under it for the seal's name and time, and the seal at its real size."""
        from .stamp import NAME_GAP_MM, SEAL_TEXT_MM, SIGNATURE_MAX_MM

        return round(max(self.seal_mm, SIGNATURE_MAX_MM[1] + SEAL_TEXT_MM + 3) + 2
                     + NAME_GAP_MM, 1)

    @property
    def issuer_rule_pt(self) -> float:
        """The line under the issuer: a third to a half of its longest line (40 %)."""
        from .stamp import text_width

        return round(0.4 * max(text_width(line, 13, "bold") for line in self.issuer_lines), 1)

    @property
    def motto_rule_pt(self) -> float:
        """The line under the motto: as long as the motto."""
        from .stamp import text_width

        return round(text_width(self.motto, 13.5, "bold"), 1)

    @property
    def summary_rule_pt(self) -> float:
        """The line under the summary: a third to a half of the summary's longest line (40 %)."""
        from .stamp import text_width, wrap

        lines = wrap(self.summary, 14, SUMMARY_WIDTH_PT, "bold")
        return round(0.4 * max(text_width(line, 14, "bold") for line in lines), 1)

    @property
    def addressed_inline(self) -> bool:
        """One addressee goes on the "Kính gửi:" line itself; several, one per line under it."""
        return len(self.addressed_to) == 1

    nation = NATION
    motto = MOTTO


BODY_WIDTH_PT = 165 * 72 / 25.4  # A4 less the margins of 30 and 15 mm
SUMMARY_WIDTH_PT = BODY_WIDTH_PT * 0.8


def _sections(content) -> list[Section]:
    return [Section(s["heading"], s.get("level", 1), s.get("html", ""), s.get("kind", "text"))
            for s in content]


TITLES = {"report": "BÁO CÁO", "letter": ""}


def _issuer(issuer_name: str) -> str:
    lines = issuer_name.splitlines()
    return issuer_full(lines[-1].title() if lines else "")


def of_document(document) -> Report:
    """The issued document: numbered, dated, signed; never "DỰ THẢO"."""
    corrects = document.corrects
    return Report(
        issuer_lines=document.issuer_name.splitlines(),
        number_line=f"Số: {document.reference}", reference=document.reference,
        date_line=date_line(document.place, document.issued_on), issued_on=document.issued_on,
        title=TITLES.get(document.kind, "BÁO CÁO"), summary=document.summary,
        sections=_sections(document.content), kind=document.kind,
        addressed_to=list(document.addressed_to or []), issuer=_issuer(document.issuer_name),
        signer_position=document.signer_position,
        signature_lines=document.signature_lines, signer_name=document.signer_name,
        signed_at=document.signed_at, recipients=document.recipients,
        filing_line=document.filing_line, is_draft=False, version=document.version_number,
        corrects_line=(f"Văn bản này thay thế văn bản số {corrects.reference} ngày "
                       f"{corrects.issued_on:%d/%m/%Y}.") if corrects else "",
        verification_code=document.code,
        verification_url=verification_url(document.code) if document.code else "",
        filename=f"{document.number}-{document.symbol}-{document.issued_on:%Y}".lower(),
        place=document.place, symbol=document.symbol,
        seal_mm=seal_mm_for(document.register.committee), **_images_of(document))


def _images_of(document) -> dict:
    """The images an issued document's signatures show, and the seal's name and time."""
    from django.utils import timezone

    from . import images

    if not document.pdf:
        return {}
    committee = document.register.committee
    return {"signature_image": images.signature_image_for(document.draft.signed_by),
            "seal_image": images.seal_image_for(committee),
            "seal_lines": [issuer_full(committee.name),
                           timezone.localtime(document.issued_at).isoformat(
                               timespec="seconds")]}


def verification_url(code: str) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("documents:verify_code", args=[code])


def symbol_for(kind: str) -> str:
    """The symbol after a document's number: BAOCAO_REPORT_SYMBOL for a report (125/BC-UBND),
    BAOCAO_LETTER_SYMBOL for a letter (123/UBND-VP)."""
    from django.conf import settings

    return settings.BAOCAO_LETTER_SYMBOL if kind == "letter" else \
        settings.BAOCAO_REPORT_SYMBOL


def seal_mm_for(committee) -> float:
    """The diameter the committee's seal is printed at (its real size), for the room kept."""
    from .models import SignatureImage
    from .stamp import DEFAULT_SEAL_MM

    image = SignatureImage.objects.filter(committee=committee, active=True).only(
        "width_mm").first()
    return float(image.width_mm) if image else float(DEFAULT_SEAL_MM)


def of_draft(draft, version=None, *, final: bool = False) -> Report:
    """A draft as it would print: "DỰ THẢO" and its version, the number and day left blank.
    `final`: the text the signer signs: no "DỰ THẢO", boxes kept for the number, the date and
    the appendices' "Kèm theo" line, the verification code."""
    from django.utils import timezone

    version = version or draft.latest_version()
    committee = draft.lead_unit.committee()
    lines = draft.signature_lines or ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    symbol = symbol_for(draft.kind)
    return Report(
        issuer_lines=issuer_of(committee).splitlines(),
        number_line=f"Số:{BLANK * 8}/{symbol}",
        date_line=date_line(place_of(committee), None, timezone.localdate()),
        title=TITLES.get(draft.kind, "BÁO CÁO"), summary=draft.summary,
        sections=_sections(version.content), kind=draft.kind,
        addressed_to=list(draft.addressed_to or []), issuer=issuer_full(committee.name),
        signer_position=draft.signer_position,
        signature_lines=lines, signer_name=draft.signer_name, signed_at=draft.signed_at,
        recipients=[r["name"] for r in draft.recipients], filing_line=FILING_LINE,
        is_draft=not final, version=version.number,
        filename=f"du-thao-{draft.pk}-v{version.number}", fields=final,
        place=place_of(committee), symbol=symbol, seal_mm=seal_mm_for(committee),
        verification_code=draft.verification_code if final else "",
        verification_url=verification_url(draft.verification_code)
        if final and draft.verification_code else "")


def new_code() -> str:
    """A short code printed on a document (10 letters and digits, no look-alikes)."""
    import secrets

    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))
