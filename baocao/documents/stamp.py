"""The visible stamps of the signatures (their font and style) and the QR code of a document's
verification link.

The stamp's font is Tinos rescaled to 1000 units per em: pyHanko spaces the letters of a
TrueType font with another scale wrongly (pyHanko #733).
"""

import io
from pathlib import Path

from django.conf import settings

VENDOR_FONT = Path(__file__).resolve().parent.parent / "static/vendor/fonts/tinos/Tinos-Regular.ttf"


def stamp_font() -> str:
    """Tinos rescaled to 1000 units per em (made once, under DATA_DIR)."""
    path = Path(settings.DATA_DIR) / "fonts" / "Tinos-Regular-1000upem-vi.ttf"
    if not path.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        path.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(VENDOR_FONT))
        scale_upem(font, 1000)
        # Only the letters a stamp needs (Vietnamese, digits, punctuation): pyHanko embeds the
        # font file whole, so a 520 KB font would weigh on every signed PDF.
        options = subset.Options()
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[*range(0x20, 0x7F), *range(0xC0, 0x1B1),
                                     *range(0x300, 0x324), *range(0x1EA0, 0x1EFA),
                                     0x2013, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D, 0xB7])
        subsetter.subset(font)
        font.save(str(path))
    return str(path)


def stamp_style(text: str):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    size = 8
    return TextStampStyle(
        stamp_text=text, timestamp_format="%d/%m/%Y %H:%M:%S",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(stamp_font(), font_size=size),
                                    font_size=size, leading=size + 2),
        border_width=1)


def qr_data_uri(text: str) -> str:
    import base64

    import qrcode

    image = qrcode.make(text, box_size=4, border=1)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
