from django.core.files.uploadedfile import SimpleUploadedFile

from baocao.collection.models import Attachment
from tests.conftest import pdf_bytes


def attach(client, collection, name="ban-giay.pdf", content=None):
    content = pdf_bytes() if content is None else content
    return client.post(f"/rounds/submissions/{collection['submission'].pk}/attach",
                       {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_the_reporter_attaches_the_paper_copy_and_the_clerk_downloads_it(client_for,
                                                                         collection):
    assert "Đã đính kèm" in attach(client_for("reporter"), collection).content.decode()
    attachment = Attachment.objects.get()
    response = client_for("clerk").get(f"/rounds/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(
        b"%PDF")


def test_a_wrong_file_type_is_refused(client_for, collection):
    html = attach(client_for("reporter"), collection, "virus.pdf", b"MZ\x90").content.decode()
    assert "Chỉ đính kèm được tệp PDF" in html and not Attachment.objects.exists()


def test_another_ward_can_neither_attach_nor_download(client_for, collection):
    assert attach(client_for("other_reporter"), collection).status_code == 403
    attach(client_for("reporter"), collection)
    attachment = Attachment.objects.get()
    assert client_for("other_reporter").get(
        f"/rounds/attachments/{attachment.pk}/").status_code == 403
