"""The administrator adds the committee's seal image (printed at its real size) in the
administration pages; it is checked and kept, never deleted; others are refused."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from baocao.documents import images
from baocao.documents.models import SignatureImage

ADD = reverse("admin:documents_signatureimage_add")


def seal_scan() -> SimpleUploadedFile:
    image = Image.new("RGB", (400, 400), "white")
    ImageDraw.Draw(image).ellipse([10, 10, 390, 390], outline=(200, 0, 0), width=14)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("con-dau.png", out.getvalue(), content_type="image/png")


def test_the_administrator_adds_the_seal(client_for, tree):
    admin = client_for("admin")
    assert admin.get(ADD).status_code == 200
    response = admin.post(ADD, {"committee": tree["committee"].pk, "width_mm": "36",
                                "image": seal_scan()})
    assert response.status_code == 302, response.content.decode()[:2000]
    seal = images.seal_image_for(tree["committee"])
    assert seal.width_mm == 36 and seal.uploaded_by is not None
    listing = admin.get(reverse("admin:documents_signatureimage_changelist")).content.decode()
    assert "data:image/png;base64," in listing


def test_a_bad_image_or_size_is_refused_at_the_field(client_for, tree):
    admin = client_for("admin")
    bad = admin.post(ADD, {"committee": tree["committee"].pk, "width_mm": "36",
                           "image": SimpleUploadedFile("x.png", b"nope")})
    assert bad.status_code == 200 and "không phải ảnh PNG hoặc JPEG" in bad.content.decode()
    big = admin.post(ADD, {"committee": tree["committee"].pk, "width_mm": "95",
                           "image": seal_scan()})
    assert big.status_code == 200 and "Đường kính con dấu" in big.content.decode()
    assert not SignatureImage.objects.exists()


def test_only_the_administrator_adds_it(client_for):
    for who in ("clerk", "leader", "office_head"):
        assert client_for(who).get(ADD).status_code in (302, 403)
