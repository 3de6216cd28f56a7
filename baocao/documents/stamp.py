"""What the signatures show on the page, and the text the clerk's issue writes into it
(Decree 30/2020/NĐ-CP, Appendix I), in Tinos (the metric twin of Times New Roman), embedded:

- the signer's signature: the image of their handwritten signature (blue, transparent),
  centred between their position and their name (`SignatureStampStyle`);
- the committee's signature: the image of its seal (red, at its real size) over the left third
  of the signer's, with the committee's name and the signing time (ISO 8601, Vietnam's time
  zone) in 10 pt upright type beside it (`SealStampStyle`);
- the number, the date and each appendix's "Kèm theo" line, written at issue into the boxes the
  signed text keeps for them, in the typeface and style of the rest of the page (`text_form`);
- the QR code of a document's verification link.

The fonts are Tinos rescaled to 1000 units per em and cut down to Vietnamese letters: pyHanko
spaces the letters of a TrueType font with another scale wrongly (pyHanko #733), and embeds a
subset of exactly the glyphs each appearance uses.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings

TINOS = Path(__file__).resolve().parent.parent / "static/vendor/fonts/tinos"
VENDOR_FONT = TINOS / "Tinos-Regular.ttf"
STYLES = {"regular": "Tinos-Regular", "italic": "Tinos-Italic", "bold": "Tinos-Bold",
          "bold_italic": "Tinos-BoldItalic"}
PT_PER_MM = 72 / 25.4
SIGNATURE_BLUE = (0.05, 0.22, 0.62)
SEAL_TEXT_SIZE = 10  # Decree 30: Times New Roman, lower case, upright, 10 pt, black
SEAL_TEXT_LEADING = 12
# The room kept between the signer's position and their name (Decree 30: the signature image
# centred between them; the seal over its left third, its name and time beside it).
SIGNATURE_MAX_MM = (50, 22)
SEAL_TEXT_MM = 2 * SEAL_TEXT_LEADING / PT_PER_MM  # two lines of 10 pt
NAME_GAP_MM = 2
DEFAULT_SEAL_MM = 35


def font_path(style: str = "regular") -> str:
    """Tinos in a style, rescaled to 1000 units per em and cut down to the letters a Vietnamese
    document needs (made once, under DATA_DIR)."""
    name = STYLES[style]
    path = Path(settings.DATA_DIR) / "fonts" / f"{name}-1000upem-vi-2.ttf"
    if not path.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        path.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(TINOS / f"{name}.ttf"))
        scale_upem(font, 1000)
        # No layout tables (Vietnamese letters are precomposed in the font) and no hinting: the
        # font is parsed at every signature, and smaller parses faster.
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[*range(0x20, 0x7F), 0xA0, *range(0xC0, 0x1B1),
                                     *range(0x300, 0x324), *range(0x1EA0, 0x1EFA),
                                     0x2013, 0x2014, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D,
                                     0xB7])
        subsetter.subset(font)
        partial = path.with_suffix(".tmp")
        font.save(str(partial))
        partial.replace(path)  # two workers making it at once both end with a whole file
    return str(path)


def stamp_font() -> str:
    return font_path("regular")


@lru_cache(maxsize=8)
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


@lru_cache(maxsize=8)
def _advances(style: str) -> tuple[dict, int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(TINOS / f"{STYLES[style]}.ttf"), lazy=True)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return widths, font["head"].unitsPerEm


def text_width(text: str, size: float, style: str = "regular") -> float:
    """The width of `text` set in Tinos at `size` points, in points (no kerning)."""
    import unicodedata

    widths, upem = _advances(style)
    fallback = widths.get(ord("n"), upem // 2)
    total = sum(widths.get(ord(c), fallback) for c in unicodedata.normalize("NFC", text))
    return total * size / upem


def wrap(text: str, size: float, width: float, style: str = "regular") -> list[str]:
    """`text` broken into lines no wider than `width` points (between words)."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, style) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


# --- text written into a PDF (appearance streams) ------------------------------------------

class Fonts:
    """The embedded fonts of one PDF revision's appearances: one subset per style, shared by
    every appearance of the revision; `finish()` embeds them (before the revision is written)."""

    def __init__(self, writer):
        self.writer = writer
        self._engines = {}

    def engine(self, style: str):
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

        if style not in self._engines:
            handle = io.BytesIO(_font_bytes(font_path(style)))
            self._engines[style] = GlyphAccumulator(self.writer, handle, SEAL_TEXT_SIZE)
        return self._engines[style]

    def resource_name(self, style: str) -> str:
        return "/Tinos" + "".join(part.title() for part in style.split("_"))

    def finish(self):
        for engine in self._engines.values():
            engine.prepare_write()


def _text_ops(fonts: Fonts, lines, *, style: str, size: float, width: float, height: float,
              leading: float, align: str = "center", colour=(0, 0, 0), top_pad: float = 0.0):
    """PDF operators setting `lines` in the box (0, 0)–(width, height): centred (or left
    aligned), from the top, each line's text marked with its exact text (/ActualText)."""
    engine = fonts.engine(style)
    name = fonts.resource_name(style)
    ascent = size * 0.891  # Tinos's ascender (1825/2048 em)
    ops = [b"q %g %g %g rg" % colour]
    for index, line in enumerate(lines):
        shaped = engine.shape(line)
        line_width = shaped.x_advance * size
        x = max(0.0, (width - line_width) / 2) if align == "center" else 0.0
        y = height - top_pad - ascent - index * leading
        ops.append(b"BT %s %g Tf %g %g Td %s ET" % (name.encode(), size, x, y,
                                                   shaped.graphics_ops))
    ops.append(b"Q")
    return b" ".join(ops)


def form_xobject(writer, ops: bytes, width: float, height: float, fonts: Fonts | None = None,
                 styles=(), images: dict | None = None):
    """A form XObject (an appearance stream) drawing `ops`, with its fonts and images."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    resources = generic.DictionaryObject()
    if fonts is not None and styles:
        resources[name("/Font")] = generic.DictionaryObject({
            name(fonts.resource_name(s)): fonts.engine(s).as_resource() for s in styles})
    if images:
        resources[name("/XObject")] = generic.DictionaryObject({
            name(key): ref for key, ref in images.items()})
    stream = generic.StreamObject({
        name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
        name("/BBox"): generic.ArrayObject([generic.FloatObject(0), generic.FloatObject(0),
                                            generic.FloatObject(round(width, 3)),
                                            generic.FloatObject(round(height, 3))]),
        name("/Resources"): resources,
    }, stream_data=ops)
    stream.compress()
    return writer.add_object(stream)


@dataclass
class Line:
    """Text the issue writes into a box of the signed page: "Số: 94/BC-UBND" (upright 13 pt),
    "Tây Hồ, ngày 05 tháng 11 năm 2026" (italic 14 pt), "(Kèm theo Báo cáo số …)"."""

    text: str
    style: str = "regular"
    size: float = 13
    leading: float | None = None

    def lines(self, width: float) -> list[str]:
        return wrap(self.text, self.size, width, self.style)


def text_form(writer, fonts: Fonts, line: Line, width: float, height: float):
    """The appearance stream of a text field: `line` centred in its box, wrapped if needed."""
    leading = line.leading or line.size * 1.2
    lines = line.lines(width)
    used = (len(lines) - 1) * leading + line.size * 1.15
    ops = b"/Tx BMC " + _text_ops(fonts, lines, style=line.style, size=line.size, width=width,
                                  height=height, leading=leading,
                                  top_pad=max(0.0, (height - used) / 2)) + b" EMC"
    return form_xobject(writer, ops, width, height, fonts, [line.style])


# --- the signatures' looks (pyHanko stamp styles) -------------------------------------------

@lru_cache(maxsize=16)
def _encoded(png: bytes) -> tuple[int, int, bytes, bytes | None]:
    """(width, height, the colours and the transparency Flate-compressed) of a PNG: made once
    per image, not at every signature."""
    import zlib

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    image.load()
    image = image.convert("RGBA") if image.mode not in ("RGB", "RGBA") else image
    alpha = image.split()[-1].tobytes() if image.mode == "RGBA" else None
    colours = image.convert("RGB").tobytes()
    return image.width, image.height, zlib.compress(colours, 6), \
        zlib.compress(alpha, 6) if alpha is not None else None


def image_xobject(writer, png: bytes):
    """A PNG (its transparency as a soft mask) as an image XObject of `writer`."""
    from pyhanko.pdf_utils import generic

    name = generic.NameObject
    width, height, colours, alpha = _encoded(png)

    def image(data, space):
        return generic.StreamObject({
            name("/Type"): name("/XObject"), name("/Subtype"): name("/Image"),
            name("/Width"): generic.NumberObject(width),
            name("/Height"): generic.NumberObject(height),
            name("/ColorSpace"): name(space), name("/BitsPerComponent"): generic.NumberObject(8),
            name("/Filter"): name("/FlateDecode")}, encoded_data=data)

    picture = image(colours, "/DeviceRGB")
    if alpha is not None:
        picture[name("/SMask")] = writer.add_object(image(alpha, "/DeviceGray"))
    return writer.add_object(picture)


def fit(width: float, height: float, max_width: float, max_height: float):
    """(w, h) of an image of `width` × `height` made to fit in max_width × max_height."""
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale


def _stamp_classes():
    """The stamp styles, defined once pyHanko is imported (it is imported only to sign)."""
    from pyhanko.pdf_utils import content, generic
    from pyhanko.stamp import BaseStamp, BaseStampStyle, TextStampStyle

    class _Stamp(BaseStamp):
        def __init__(self, writer, style, box, text_params=None):
            super().__init__(writer=writer, style=style, box=box)
            self.text_params = text_params or {}

        def _image(self, png, key):
            ref = image_xobject(self.writer, png)
            self.set_resource(category=content.ResourceType.XOBJECT,
                              name=generic.NameObject(key), value=ref)

        def _font(self, fonts, style):
            self.set_resource(category=content.ResourceType.FONT,
                              name=generic.NameObject(fonts.resource_name(style)),
                              value=fonts.engine(style).as_resource())

    class SignatureStamp(_Stamp):
        def _render_inner_content(self):
            style, box = self.style, self.box
            if style.image is not None:
                self._image(style.image, "/ChuKy")
                return [b"q %g 0 0 %g 0 0 cm /ChuKy Do Q" % (box.width, box.height)]
            fonts = Fonts(self.writer)
            self._font(fonts, "italic")
            ops = _text_ops(fonts, ["(Đã ký số)"], style="italic", size=12, width=box.width,
                            height=box.height, leading=14, colour=SIGNATURE_BLUE,
                            top_pad=max(0.0, (box.height - 14) / 2))
            fonts.finish()
            return [ops]

    @dataclass(frozen=True)
    class SignatureStampStyle(BaseStampStyle):
        """The signer's signature: the image of their handwritten signature over the whole
        box (the box is the image's own size), or "(Đã ký số)" when they have none."""

        image: bytes | None = None
        border_width: int = 0

        def create_stamp(self, writer, box, text_params):
            return SignatureStamp(writer, self, box, text_params)

    class SealStamp(_Stamp):
        def _render_inner_content(self):
            style, box = self.style, self.box
            ops = []
            seal = style.seal_mm * PT_PER_MM
            if style.image is not None:
                self._image(style.image, "/ConDau")
                ops.append(b"q %g 0 0 %g 0 %g cm /ConDau Do Q" % (
                    seal, seal * style.image_ratio, box.height - seal * style.image_ratio))
            when = signing_time_text(self.text_params.get("ts", ""))
            fonts = style.fonts if style.fonts is not None else Fonts(self.writer)
            self._font(fonts, "regular")
            text_box = box.width - seal - 3
            ops.append(b"q 1 0 0 1 %g 0 cm %s Q" % (seal + 3, _text_ops(
                fonts, [style.committee_name, when], style="regular", size=SEAL_TEXT_SIZE,
                width=text_box, height=SEAL_TEXT_LEADING * 2, leading=SEAL_TEXT_LEADING,
                align="left")))
            fonts.finish()
            return ops

    @dataclass(frozen=True)
    class SealStampStyle(TextStampStyle):
        """The committee's signature: its seal image at its real size at the box's left, the
        committee's name and the signing time (ISO 8601) in 10 pt beside it, at the bottom."""

        image: bytes | None = None
        image_ratio: float = 1.0
        seal_mm: float = DEFAULT_SEAL_MM
        committee_name: str = ""
        fonts: object = None  # the revision's fonts (stamp.Fonts), shared with the fields
        border_width: int = 0
        timestamp_format: str = "%Y-%m-%dT%H:%M:%S%z"
        stamp_text: str = ""
        text_box_style: object = field(default=None)

        def create_stamp(self, writer, box, text_params):
            return SealStamp(writer, self, box, text_params)

    return SignatureStampStyle, SealStampStyle


_STYLES = None


def stamp_styles():
    global _STYLES
    if _STYLES is None:
        _STYLES = _stamp_classes()
    return _STYLES


def signature_style(image: bytes | None):
    return stamp_styles()[0](image=image)


def seal_style(*, image: bytes | None, image_ratio: float, seal_mm: float,
               committee_name: str, fonts: Fonts | None = None):
    return stamp_styles()[1](image=image, image_ratio=image_ratio, seal_mm=seal_mm,
                             committee_name=committee_name, fonts=fonts)


def signing_time_text(ts: str) -> str:
    """The signing time as Decree 30 asks: date, hour, minute, second and Vietnam's time zone,
    ISO 8601 ("2026-11-05T15:04:05+07:00"), from pyHanko's own signing time."""
    from zoneinfo import ZoneInfo

    try:
        when = datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        from django.utils import timezone

        when = timezone.now()
    return when.astimezone(ZoneInfo(settings.TIME_ZONE)).isoformat(timespec="seconds")


def qr_data_uri(text: str) -> str:
    import base64

    import qrcode

    image = qrcode.make(text, box_size=4, border=1)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
