def test_it_asks_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_it_shows_the_to_do_list_in_vietnamese(client_for):
    response = client_for("compiler").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Việc cần làm" in html
    assert "Chuyên viên tổng hợp" in html and "Văn phòng HĐND và UBND" in html
    assert "Ủy ban nhân dân <span class=\"brand-place\">quận Tây Hồ</span>" in html


def test_it_shows_navigation_by_role(client_for):
    leader = client_for("leader").get("/").content.decode()
    reporter = client_for("reporter").get("/").content.decode()
    admin = client_for("admin").get("/").content.decode()
    assert "/audit/" in leader and "/audit/" not in reporter
    assert "/admin/" in admin and "/admin/" not in leader


def test_someone_without_a_role_is_told_so(client_for):
    html = client_for("outsider").get("/").content.decode()
    assert "chưa có vai trò" in html


def test_items_from_the_domain_apps_appear(client_for, monkeypatch):
    from baocao.core import registry

    def provider(user):
        return [registry.TodoItem(title="Duyệt báo cáo tháng 10", url="/x/", urgent=True)]

    monkeypatch.setattr(registry, "todo_providers", [provider])
    assert "Duyệt báo cáo tháng 10" in client_for("head").get("/").content.decode()
