"""The images the signatures show: an upload checked (PNG or JPEG, bytes and pixels, readable),
the paper made transparent and the ink put in the rule's colour; a newer image replaces the
older, which is kept; the demo's drawings."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageDraw

from baocao.audit.models import Event
from baocao.documents import images
from baocao.documents.models import SignatureImage


def scan(fmt="PNG", size=(400, 160), ink=(20, 20, 20), paper=(250, 250, 248)) -> bytes:
    """A signature in dark ink on slightly grey paper, as a scanner gives it."""
    image = Image.new("RGB", size, paper)
    ImageDraw.Draw(image).line([(30, 120), (120, 30), (200, 110), (370, 40)], fill=ink, width=9)
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def pixels(png: bytes):
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGBA"
    return image


def test_the_paper_becomes_transparent_and_the_ink_blue():
    png, width, height = images.clean(scan(), images.SIGNATURE_INK)
    image = pixels(png)
    assert (width, height) == image.size and width < 400 and height < 160  # cropped to the ink
    alphas = [a for *_rgb, a in image.get_flattened_data()]
    assert min(alphas) == 0 and max(alphas) == 255
    ink = [rgb for *rgb, a in image.get_flattened_data() if a == 255]
    assert ink and all(tuple(rgb) == images.SIGNATURE_INK for rgb in ink)


def test_a_jpeg_is_accepted_and_a_seal_made_red():
    png, _w, _h = images.clean(scan("JPEG", ink=(200, 30, 30)), images.SEAL_INK)
    ink = {tuple(rgb) for *rgb, a in pixels(png).get_flattened_data() if a > 200}
    assert ink == {images.SEAL_INK}


@pytest.mark.parametrize(("data", "message"), [
    (b"GIF89a" + b"\0" * 100, "không phải ảnh PNG hoặc JPEG"),
    (b"%PDF-1.7 not an image", "không phải ảnh PNG hoặc JPEG"),
    (scan(size=(10, 10)), "từ 20 × 20"),
    (scan(size=(5000, 4000)), "từ 20 × 20"),
    (scan(paper=(255, 255, 255), ink=(255, 255, 255)), "chỉ có màu trắng"),
])
def test_bad_uploads_are_refused_with_a_reason(settings, data, message):
    with pytest.raises(ValidationError) as refused:
        images.clean(data, images.SIGNATURE_INK)
    assert message in " ".join(refused.value.messages)


def test_a_gif_with_a_png_name_is_still_refused():
    image = Image.new("RGB", (100, 100), "white")
    out = io.BytesIO()
    image.save(out, format="GIF")
    with pytest.raises(ValidationError):
        images.clean(out.getvalue(), images.SIGNATURE_INK)


def test_a_damaged_file_is_refused():
    data = scan()
    with pytest.raises(ValidationError) as refused:
        images.clean(data[: len(data) // 2], images.SIGNATURE_INK)
    assert "hỏng" in " ".join(refused.value.messages)


def test_too_many_bytes_are_refused(settings):
    settings.BAOCAO_MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        images.clean(scan(), images.SIGNATURE_INK)
    assert "lớn hơn" in " ".join(refused.value.messages)


def test_a_new_image_replaces_the_old_which_is_kept(users):
    first = images.set_signature_image(users["office_head"], scan(), actor=users["office_head"])
    second = images.set_signature_image(users["office_head"], scan(ink=(0, 0, 90)),
                                        actor=users["office_head"])
    first.refresh_from_db()
    assert not first.active and second.active
    assert images.signature_image_for(users["office_head"]) == second
    assert Event.objects.filter(action="signatureimage.create").count() == 2
    with pytest.raises(ValidationError):
        first.delete()
    assert SignatureImage.objects.count() == 2


def test_a_seal_is_printed_at_its_real_size_within_reason(tree, users):
    seal = images.set_seal_image(tree["committee"], scan(ink=(200, 0, 0)), actor=users["admin"],
                                 diameter_mm=36)
    assert seal.width_mm == 36 and images.seal_image_for(tree["committee"]) == seal
    with pytest.raises(ValidationError):
        images.set_seal_image(tree["committee"], scan(), actor=users["admin"], diameter_mm=90)
    assert SignatureImage.objects.count() == 1


def test_the_demo_draws_a_signature_and_a_seal():
    signature = images.demo_signature("Vũ Thị Lan")
    assert signature == images.demo_signature("Vũ Thị Lan")  # the same for the same name
    assert signature != images.demo_signature("Nguyễn Văn Hùng")
    png, width, height = images.clean(signature, images.SIGNATURE_INK)
    assert width > 2 * height  # a signature is long
    seal, width, height = images.clean(images.demo_seal("Ủy ban nhân dân quận Tây Hồ",
                                                        "TP. Hà Nội"), images.SEAL_INK)
    assert abs(width - height) <= 4  # round
    image = pixels(seal)
    centre = image.getpixel((width // 2, height // 2))
    assert centre[3] > 200  # the star
    corner = image.getpixel((3, 3))
    assert corner[3] == 0  # outside the ring: transparent
