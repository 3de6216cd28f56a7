import pytest

from baocao.collection.models import SubmissionText


def url(collection):
    return (f"/rounds/submissions/{collection['submission'].pk}/text/"
            f"{collection['results'].pk}/")


def test_a_section_is_saved_sanitised(client_for, collection):
    response = client_for("reporter").post(url(collection), {
        "html": "<p>Đạt <b>tốt</b></p><img src=x onerror=alert(1)>", "revision": "0"})
    assert response.status_code == 200 and "đã lưu" in response.content.decode()
    assert SubmissionText.objects.get().html == "<p>Đạt <b>tốt</b></p>"


def test_someone_elses_change_meanwhile_is_detected(client_for, collection):
    client_for("reporter").post(url(collection), {"html": "<p>Một</p>", "revision": "0"})
    client_for("head").post(url(collection), {"html": "<p>Hai</p>", "revision": "1"})
    response = client_for("reporter").post(url(collection), {"html": "<p>Ba</p>",
                                                              "revision": "1"})
    html = response.content.decode()
    assert response.status_code == 409 and "Người khác vừa lưu mục này" in html
    assert "<p>Hai</p>" in html and "<p>Ba</p>" in html and 'data-revision="2"' in html
    assert SubmissionText.objects.get().html == "<p>Hai</p>"


def test_the_first_save_of_an_empty_section_by_two_people_keeps_the_first(client_for,
                                                                          collection):
    """Revision 0 means "I saw it empty": it is not "no revision"."""
    assert client_for("reporter").post(url(collection), {
        "html": "<p>Của người báo cáo</p>", "revision": "0"}).status_code == 200
    response = client_for("head").post(url(collection), {"html": "<p>Của trưởng đơn vị</p>",
                                                         "revision": "0"})
    html = response.content.decode()
    assert response.status_code == 409 and response["X-Baocao-Merge"] == "1"
    assert "Của người báo cáo" in html and "Của trưởng đơn vị" in html
    assert SubmissionText.objects.get().html == "<p>Của người báo cáo</p>"
    # keeping mine: saved again from the revision shown
    assert client_for("head").post(url(collection), {"html": "<p>Của trưởng đơn vị</p>",
                                                     "revision": "1"}).status_code == 200
    assert SubmissionText.objects.get().html == "<p>Của trưởng đơn vị</p>"


def test_a_section_left_empty_can_be_written_from_revision_0(client_for, collection):
    client_for("reporter").post(url(collection), {"html": "<p><br></p>", "revision": "0"})
    assert client_for("head").post(url(collection), {"html": "<p>Nội dung</p>",
                                                     "revision": "0"}).status_code == 200
    assert SubmissionText.objects.get().html == "<p>Nội dung</p>"


@pytest.mark.parametrize("revision", ["abc", "-1", "1.5", "99999999999999999999999"])
def test_a_bad_revision_is_a_bad_request(client_for, collection, revision):
    response = client_for("reporter").post(url(collection), {"html": "<p>x</p>",
                                                             "revision": revision})
    assert response.status_code == 400 and not SubmissionText.objects.exists()


def test_it_is_forbidden_to_others(client_for, collection):
    assert client_for("other_reporter").post(url(collection), {"html": "x"}).status_code == 403
    assert not SubmissionText.objects.exists()
