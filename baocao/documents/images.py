"""The images the digital signatures show (Decree 30/2020/NĐ-CP, Appendix I): each signer's
handwritten signature (blue, on a transparent background), uploaded on "Khóa ký số của tôi";
and each committee's seal (red, printed at its real size), uploaded by the administrator.

An upload is checked before anything is kept: a PNG or a JPEG, at most BAOCAO_MAX_IMAGE_BYTES
and MAX_PIXELS, that Pillow reads whole.  What is kept is a PNG made from it: white (and the
paper's grey) made transparent, the ink in the rule's colour, cropped to the ink, at most
MAX_SIDE pixels long.  The demo draws plausible ones (`demo_signature`, `demo_seal`).
"""

import io
import math
import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baocao.audit.log import record

from .models import SignatureImage

MAX_PIXELS = 16_000_000  # a 4000 × 4000 scan at most
MAX_SIDE = 900  # what is kept: over 450 dpi for a 50 mm signature, 650 dpi for a 35 mm seal
SIGNATURE_INK = (13, 56, 158)  # blue (Decree 30: "màu xanh")
SEAL_INK = (214, 24, 32)  # red (Decree 30: "màu đỏ")
SIGNATURE_WIDTH_MM = 50.0
SEAL_MM_RANGE = (20.0, 60.0)
PAPER = 232  # lighter than this (in every channel) is paper, made transparent


def _open(data: bytes):
    """The upload as a Pillow image, or a ValidationError naming what is wrong with it."""
    from PIL import Image, UnidentifiedImageError

    limit = settings.BAOCAO_MAX_IMAGE_BYTES
    if len(data) > limit:
        raise ValidationError(_("The image is larger than %(kb)d KB.") % {"kb": limit // 1024})
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(_("This is not a PNG or JPEG image.")) from None
    if image.format not in ("PNG", "JPEG"):
        raise ValidationError(_("This is not a PNG or JPEG image."))
    width, height = image.size
    if width * height > MAX_PIXELS or width < 20 or height < 20:
        raise ValidationError(_("The image must be between 20 × 20 and 4000 × 4000 pixels; "
                                "this one is %(w)d × %(h)d.") % {"w": width, "h": height})
    # WeasyPrint lets Pillow load truncated images (ImageFile.LOAD_TRUNCATED_IMAGES) in this
    # process: the end of the file is checked here, and Pillow's own check run first.
    ending = data.rstrip(b"\0")
    whole = ending.endswith(b"\xff\xd9") if image.format == "JPEG" else \
        b"IEND" in ending[-16:]
    try:
        if not whole:
            raise OSError("truncated")
        Image.open(io.BytesIO(data)).verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, SyntaxError):
        raise ValidationError(_("The image file is damaged and cannot be read.")) from None
    return image


def clean(data: bytes, ink: tuple[int, int, int]) -> tuple[bytes, int, int]:
    """(PNG, width, height) made from an upload: paper made transparent, the ink in `ink`'s
    colour with its strokes' shading kept, cropped to the ink, at most MAX_SIDE long."""
    from PIL import Image, ImageChops, ImageOps

    image = ImageOps.exif_transpose(_open(data))
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(white, rgba).convert("RGB")
    red, green, blue = flat.split()
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    # how much ink: nothing at the paper's lightness, full a little above black
    alpha = darkest.point(lambda v: 0 if v >= PAPER else min(255, int((PAPER - v) * 255 /
                                                                       (PAPER - 40))))
    box = alpha.getbbox()
    if box is None:
        raise ValidationError(_("The image holds nothing but white: scan or photograph the "
                                "signature or seal on white paper."))
    margin = max(4, (box[2] - box[0]) // 50)
    box = (max(0, box[0] - margin), max(0, box[1] - margin),
           min(alpha.width, box[2] + margin), min(alpha.height, box[3] + margin))
    alpha = alpha.crop(box)
    out = Image.new("RGBA", alpha.size, (*ink, 0))
    out.putalpha(alpha)
    longest = max(out.size)
    if longest > MAX_SIDE:
        scale = MAX_SIDE / longest
        out = out.resize((max(1, round(out.width * scale)), max(1, round(out.height * scale))),
                         Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    out.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), out.width, out.height


def _keep(png: bytes, width: int, height: int, width_mm: float, *, actor, user=None,
          committee=None, via: str) -> SignatureImage:
    import hashlib

    with transaction.atomic():
        older = SignatureImage.objects.select_for_update().filter(
            user=user, committee=committee, active=True)
        replaced = [o.pk for o in older]
        older.update(active=False)
        image = SignatureImage.objects.create(
            user=user, committee=committee, png=png, width_px=width, height_px=height,
            width_mm=width_mm, sha256=hashlib.sha256(png).hexdigest(), uploaded_by=actor)
        record("signatureimage.create", image, actor=actor, details={
            "for": f"user:{user.pk}" if user else f"committee:{committee.code}",
            "width_px": width, "height_px": height, "width_mm": width_mm,
            "sha256": image.sha256, "replaces": replaced, "via": via})
    return image


def set_signature_image(user, data: bytes, *, actor, via: str = "my_keys") -> SignatureImage:
    """The signer's handwritten signature, from a PNG or JPEG (white made transparent, blue)."""
    png, width, height = clean(data, SIGNATURE_INK)
    return _keep(png, width, height, SIGNATURE_WIDTH_MM, actor=actor, user=user, via=via)


def set_seal_image(committee, data: bytes, *, actor, diameter_mm: float = 35.0,
                   via: str = "admin") -> SignatureImage:
    """The committee's seal, printed at its real size: `diameter_mm` across."""
    low, high = SEAL_MM_RANGE
    if not low <= float(diameter_mm) <= high:
        raise ValidationError({"width_mm": _("A seal is %(low)d to %(high)d mm across.")
                               % {"low": low, "high": high}})
    png, width, height = clean(data, SEAL_INK)
    return _keep(png, width, height, float(diameter_mm), actor=actor, committee=committee,
                 via=via)


def signature_image_for(user) -> SignatureImage | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return SignatureImage.objects.filter(user=user, active=True).first()


def seal_image_for(committee) -> SignatureImage | None:
    return SignatureImage.objects.filter(committee=committee, active=True).first()


def data_uri(image: SignatureImage | None) -> str:
    import base64

    if image is None:
        return ""
    return "data:image/png;base64," + base64.b64encode(bytes(image.png)).decode()


# --- the demo's images ----------------------------------------------------------------------

def _smooth(points, steps=14):
    """A Catmull-Rom curve through `points`."""
    out = []
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for step in range(steps):
            t = step / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * ((2 * p1[k]) + (-p0[k] + p2[k]) * t
                                    + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                                    + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3)
                             for k in (0, 1)))
    out.append(points[-1])
    return out


def demo_signature(name: str) -> bytes:
    """A plausible handwritten signature for `name` (blue ink on white, as a scan would be),
    the same for the same name: a tall looped initial, a run of joined, slanted loops (a
    prolate cycloid, as cursive letters are), and a flourish back under them."""
    from PIL import Image, ImageDraw

    rng = random.Random(name)
    scale = 3
    width, height = 960, 360
    image = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    base, slant = height * 0.60, 0.35
    wide = rng.uniform(0.8, 1.3)
    points = [(70, base + rng.uniform(0, 40)), (70 + 50 * wide, base - rng.uniform(140, 190)),
              (70 + 80 * wide, base - rng.uniform(30, 80)), (100, base + rng.uniform(10, 40)),
              (60 + rng.uniform(0, 40), base - 20), (175, base - rng.uniform(40, 70))]
    x = 185.0
    loops = rng.randint(6, 9)
    tall = {rng.randrange(loops), rng.randrange(loops)}
    advance, reach = rng.uniform(9, 11), rng.uniform(15, 18)
    for index in range(loops * 8 + 1):
        t = index / 8 * 2 * math.pi
        rise = rng.uniform(48, 60) * (2.0 if index // 8 in tall else 1.0)
        px = x + advance * t - reach * math.sin(t)
        py = base - rise * (1 - math.cos(t)) / 2
        points.append((px + slant * (base - py), py))
    end_x = points[-1][0]
    points += [(end_x + 35, base - 70), (end_x + 20, base + 25), (end_x - 120, base + 62),
               (200, base + 55 + rng.uniform(-8, 8)), (120, base + 72)]
    curve = _smooth([(px * scale, py * scale) for px, py in points], steps=10)
    for i in range(len(curve) - 1):
        pressure = 0.6 + 0.4 * math.sin(i / len(curve) * math.pi * 3) ** 2
        draw.line([curve[i], curve[i + 1]], fill=(20, 60, 170),
                  width=max(2, int(6 * scale * pressure)), joint="curve")
    image = image.rotate(rng.uniform(-5, 4), resample=Image.Resampling.BICUBIC,
                         fillcolor="white")
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _arc_text(image, text: str, size: int, centre, radius, middle_deg, span_deg, fill, *,
              bottom=False):
    """`text` along an arc of the circle, centred on `middle_deg`: on top, read clockwise with
    the letters' tops outwards; at the bottom, read left to right with their tops inwards."""
    from PIL import Image, ImageDraw, ImageFont

    from .stamp import TINOS

    if not text:
        return
    font = ImageFont.truetype(str(TINOS / "Tinos-Bold.ttf"), size)
    step = span_deg / max(1, len(text) - 1)
    for index, char in enumerate(text):
        offset = -span_deg / 2 + index * step
        angle = middle_deg + (offset if not bottom else -offset)
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=fill, anchor="mm")
        rotation = -angle - 90 if not bottom else 90 - angle
        glyph = glyph.rotate(rotation, resample=Image.Resampling.BICUBIC, expand=True)
        x = centre[0] + radius * math.cos(math.radians(angle)) - glyph.width / 2
        y = centre[1] + radius * math.sin(math.radians(angle)) - glyph.height / 2
        image.alpha_composite(glyph, (int(x), int(y)))


def demo_seal(top: str, bottom: str = "") -> bytes:
    """A plausible round red seal: two rings, `top` (the committee's name) around the upper
    part, `bottom` (its city or province) along the lower part, a star in the middle."""
    from PIL import Image, ImageDraw

    size = 720
    image = Image.new("RGBA", (size, size), (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    red = (205, 22, 30, 255)
    c = size / 2
    for radius, width in ((c - 8, 14), (c - 124, 6)):
        draw.ellipse([c - radius, c - radius, c + radius, c + radius], outline=red,
                     width=width)
    radius = c - 68
    text = " ".join(top.upper().split())
    span = 225 if bottom else 320
    per_char = math.radians(span / max(1, len(text) - 1)) * radius
    _arc_text(image, text, int(min(60, per_char * 1.35)), (c, c), radius, -90, span, red)
    if bottom:
        text = " ".join(bottom.upper().split())
        span = min(75, 11 * len(text))
        per_char = math.radians(span / max(1, len(text) - 1)) * radius
        _arc_text(image, text, int(min(54, per_char * 1.35)), (c, c), radius, 90, span, red,
                  bottom=True)
    star = []
    for k in range(10):
        point = 120 if k % 2 == 0 else 47
        angle = math.radians(-90 + k * 36)
        star.append((c + point * math.cos(angle), c + point * math.sin(angle)))
    draw.polygon(star, fill=red)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")
    return out.getvalue()
