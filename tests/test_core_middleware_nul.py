"""A NUL character is refused at the edge (baocao.core.middleware.RefuseNulMiddleware): in the
address, the query string, a form field or an uploaded file's name.  PostgreSQL refuses NUL in
any text, so every view used to answer 500 on one there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baocao.collection.models import DataValue, SubmissionText
from tests.conftest import pdf_bytes


@pytest.mark.parametrize("url", ["/units/TAYHO%00/", "/consolidation/?unit=TAYHO%00",
                                 "/consolidation/?x%00=1", "/documents/copy/a%00b/"])
def test_a_nul_in_the_address_or_the_query_is_refused(client_for, collection, url):
    response = client_for("compiler").get(url)
    assert response.status_code == 400 and "NUL" in response.content.decode()


def test_a_nul_in_a_form_field_is_refused_and_changes_nothing(client_for, collection):
    client = client_for("reporter")
    sub = collection["submission"]
    response = client.post(f"/rounds/submissions/{sub.pk}/cell/", {
        "indicator": collection["yt"]["YT01"].pk, "column": "note", "value": "ghi\x00chú",
        "revision": "0"})
    assert response.status_code == 400 and not DataValue.objects.exists()
    response = client.post(f"/rounds/submissions/{sub.pk}/text/{collection['results'].pk}/",
                           {"html": "<p>a\x00</p>", "revision": "0"})
    assert response.status_code == 400 and not SubmissionText.objects.exists()


def test_a_nul_in_an_uploaded_files_name_is_dropped(client_for, collection):
    from baocao.collection.models import Attachment

    response = client_for("reporter").post(
        f"/rounds/submissions/{collection['submission'].pk}/attach",
        {"file": SimpleUploadedFile("scan\x00.pdf", pdf_bytes())})
    assert response.status_code == 302 and Attachment.objects.get().name == "scan.pdf"


def test_a_nul_in_a_files_content_is_the_views_business(client_for, collection):
    from baocao.collection import excel

    template = excel.build_template(collection["submission"])
    assert b"\x00" in template  # a zip file
    response = client_for("reporter").post(
        f"/rounds/submissions/{collection['submission'].pk}/upload",
        {"file": SimpleUploadedFile("bao-cao.xlsx", template)})
    assert response.status_code == 302  # read by the view (nothing filled: nothing changes)


def test_the_signing_agent_still_reads_its_raw_answer(client, collection):
    """The middleware reads the form; a view that reads the raw body still can."""
    response = client.post("/drafts/signing/no-such-token/agent/", {"signature": "x"})
    assert response.status_code == 404


def test_the_api_is_answered_in_json(client):
    """Its clients read the API's errors as JSON, as its schema says (schemathesis found it)."""
    response = client.get("/api/v1/rounds", {"period": "2026-1\x00"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "NUL" in response.json()["detail"]
