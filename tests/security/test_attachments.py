"""Attachments are parsed as what they claim (a PDF by pypdf, an image by Pillow) and refused
otherwise; a PDF with JavaScript or embedded files is refused with a message; stored under a
random name and served only through the view.  The issue's probes: an HTML file starting with
%PDF- was kept; PDFs carrying JavaScript were accepted."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from baocao.collection import submissions
from baocao.collection.models import Attachment
from tests.conftest import pdf_bytes


def pdf_with(js: str = "", attachment: bytes = b"") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if js:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject(js)})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("payload.exe", attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png(size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def attach(collection, users, name, data):
    return submissions.add_attachment(collection["submission"],
                                      SimpleUploadedFile(name, data), users["reporter"])


def test_an_html_file_starting_with_the_pdf_signature_is_refused(collection, users):
    html = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>"
    with pytest.raises(ValidationError, match="không phải là văn bản PDF"):
        attach(collection, users, "ban-giay.pdf", html)
    assert not Attachment.objects.exists()


def test_a_pdf_with_javascript_is_refused_with_a_message(collection, users):
    with pytest.raises(ValidationError) as refused:
        attach(collection, users, "ban-giay.pdf", pdf_with(js="app.alert('x')"))
    assert "mã lệnh" in str(refused.value) and "JavaScript" in str(refused.value)
    assert not Attachment.objects.exists()


def test_a_pdf_with_an_embedded_file_is_refused(collection, users):
    with pytest.raises(ValidationError, match="EmbeddedFile"):
        attach(collection, users, "ban-giay.pdf", pdf_with(attachment=b"MZ\x90\x00"))


def test_the_guidance_and_a_letter_are_checked_the_same(collection, users):
    from baocao.collection import rounds

    with pytest.raises(ValidationError):
        rounds.attach_guidance(collection["round"],
                               SimpleUploadedFile("hd.pdf", pdf_with(js="x()")),
                               users["compiler"])


def test_a_png_that_is_not_an_image_is_refused(collection, users):
    with pytest.raises(ValidationError, match="ảnh PNG"):
        attach(collection, users, "scan.png", b"\x89PNG\r\n\x1a\n" + b"<html>" * 50)


def test_an_image_that_claims_another_type_is_refused(collection, users):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    jpeg_looking = b"\xff\xd8\xff" + out.getvalue()
    with pytest.raises(ValidationError):
        attach(collection, users, "scan.jpg", jpeg_looking)


def test_a_real_pdf_and_a_real_png_are_kept_under_random_names(collection, users, client_for):
    pdf = attach(collection, users, "Báo cáo tháng 10.pdf", pdf_bytes())
    image = attach(collection, users, "trang-1.png", png())
    for attachment, suffix in ((pdf, ".pdf"), (image, ".png")):
        stored = attachment.file.name.rsplit("/", 1)[-1]
        assert stored.endswith(suffix) and len(stored) == 32 + len(suffix)
        assert "bao" not in stored.lower() and "trang" not in stored
    assert pdf.name == "Báo cáo tháng 10.pdf"
    response = client_for("clerk").get(f"/rounds/attachments/{pdf.pk}/")
    assert response.status_code == 200
    assert "Báo cáo tháng 10.pdf" in response["Content-Disposition"] or \
        "B%C3%A1o" in response["Content-Disposition"]
    from django.conf import settings

    assert client_for("clerk").get(settings.MEDIA_URL + pdf.file.name).status_code == 404
