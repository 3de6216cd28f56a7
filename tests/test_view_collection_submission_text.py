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
    assert "Người khác vừa sửa" in response.content.decode()
    assert SubmissionText.objects.get().html == "<p>Hai</p>"


def test_it_is_forbidden_to_others(client_for, collection):
    assert client_for("other_reporter").post(url(collection), {"html": "x"}).status_code == 403
    assert not SubmissionText.objects.exists()
