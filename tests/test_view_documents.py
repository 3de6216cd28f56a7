"""The outgoing register, an issued document, its correction, a recipient's read-only copy."""

import pytest
from django.urls import reverse

from baocao.documents.models import Document
from tests.test_documents_register import signed_draft


@pytest.fixture
def document(users, tree, recipients):
    from baocao.drafting import workflow

    draft = signed_draft(users, tree)
    workflow.act(draft, "issue", users["clerk"], recipients=recipients)
    return Document.objects.get()


def test_the_register_lists_it(client_for, document):
    html = client_for("clerk").get(reverse("documents:register")).content.decode()
    assert "01/BC-UBND" in html


def test_the_register_by_year(client_for, document):
    client = client_for("clerk")
    year = document.register.year
    assert "1/BC-UBND" in client.get(reverse("documents:register"), {"year": year}).content \
        .decode()
    assert "1/BC-UBND" not in client.get(reverse("documents:register"),
                                         {"year": year - 1}).content.decode()
    for bad in ("0", "99999", "x"):
        response = client.get(reverse("documents:register"), {"year": bad})
        assert response.status_code == 400 and "không phải là năm" in response.content.decode()


def test_an_id_beyond_64_bits_is_not_found(client_for, document):
    response = client_for("clerk").get(f"/documents/{2 ** 64 + 1}/")
    assert response.status_code == 404


def test_the_register_refuses_a_ward(client_for, document):
    assert client_for("reporter").get(reverse("documents:register")).status_code == 403


def test_the_document_page(client_for, document):
    page = client_for("leader").get(reverse("documents:document", args=[document.pk]))
    assert reverse("documents:file", args=[document.pk, "html"]) in page.content.decode()
    html = client_for("leader").get(reverse("documents:file", args=[document.pk, "html"])
                                    ).content.decode()
    assert "Số: 01/BC-UBND" in html and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Tây Hồ, ngày" in html and "Lưu: VT, VP." in html and "Quận ủy" in html
    assert "TL. CHỦ TỊCH" in html and "DỰ THẢO" not in html
    assert client_for("other_reporter").get(
        reverse("documents:document", args=[document.pk])).status_code == 403


def test_a_correction_is_started_by_the_compiler_only(client_for, document):
    url = reverse("documents:correct", args=[document.pk])
    assert client_for("clerk").post(url).status_code == 403
    response = client_for("compiler").post(url)
    assert response.status_code == 302
    assert document.corrections.count() == 1


def test_a_recipient_opens_the_copy_without_signing_in(client, document):
    copy = document.distributions.first()
    response = client.get(reverse("documents:copy", args=[copy.token]))
    assert response.status_code == 200 and "01/BC-UBND" in response.content.decode()
    pdf = client.get(reverse("documents:copy_file", args=[copy.token, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    copy.refresh_from_db()
    assert copy.opened_at is not None
    assert client.get(reverse("documents:copy", args=["wrong"])).status_code == 404
