def test_english_can_be_chosen_and_vietnamese_is_back_on_request(client_for):
    client = client_for("compiler")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "To do" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Việc cần làm" in client.get("/").content.decode()


def test_an_unknown_language_falls_back_to_vietnamese(client_for, settings):
    client = client_for("compiler")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Việc cần làm" in client.get("/").content.decode()
