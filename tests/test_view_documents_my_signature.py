"""POST /documents/keys/signature/: a signer uploads the image of their handwritten signature
(shown on "Khóa ký số của tôi"); checked, made transparent and blue; refused at the field when
it is not an image; not for those who do not sign."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from baocao.audit.models import Event
from baocao.documents.models import SignatureImage

URL = reverse("documents:my_signature")


def scan() -> SimpleUploadedFile:
    image = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(image).line([(20, 90), (150, 20), (280, 80)], fill="black", width=8)
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("chu-ky.jpg", out.getvalue(), content_type="image/jpeg")


def test_a_signer_uploads_their_signature(client_for, users):
    response = client_for("office_head").post(URL, {"image": scan()})
    assert response.status_code == 302 and response.url == reverse("documents:my_keys")
    image = SignatureImage.objects.get(user=users["office_head"])
    assert image.active and bytes(image.png).startswith(b"\x89PNG")
    assert Event.objects.filter(action="signatureimage.create").exists()
    page = client_for("office_head").get(reverse("documents:my_keys")).content.decode()
    assert "Hình ảnh chữ ký của tôi" in page and "data:image/png;base64," in page
    assert "Thay hình ảnh chữ ký" in page


def test_what_is_not_an_image_is_refused_at_the_field(client_for, users):
    bad = SimpleUploadedFile("chu-ky.png", b"not an image at all", content_type="image/png")
    response = client_for("office_head").post(URL, {"image": bad})
    assert response.status_code == 400
    assert "không phải ảnh PNG hoặc JPEG" in response.content.decode()
    assert not SignatureImage.objects.exists()


def test_those_who_do_not_sign_are_refused(client_for, client):
    for who in ("reporter", "clerk", "compiler"):
        assert client_for(who).post(URL, {"image": scan()}).status_code == 403
    assert not SignatureImage.objects.exists()
    assert client_for("office_head").get(URL).status_code == 405
    assert client.post(URL, {"image": scan()}).status_code == 302  # sign in first


def test_the_page_says_there_is_no_image_yet(client_for):
    page = client_for("leader").get(reverse("documents:my_keys")).content.decode()
    assert "Bạn chưa có hình ảnh chữ ký" in page
    assert "Hình ảnh chữ ký" not in client_for("reporter").get(
        reverse("documents:my_keys")).content.decode()
