from baocao.audit.models import Event

from .conftest import PASSWORD


def test_it_shows_the_sign_in_form_in_vietnamese(client, db):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html
    assert 'lang="vi"' in html


def test_it_signs_in_and_records_it(client, users):
    response = client.post("/login/", {"username": "compiler", "password": PASSWORD},
                           REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302 and response["Location"] == "/"
    event = Event.objects.get(action="auth.login")
    assert event.actor == users["compiler"] and event.ip == "192.0.2.7"


def test_a_wrong_password_is_refused_in_vietnamese(client, users):
    response = client.post("/login/", {"username": "compiler", "password": "sai"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()
    assert Event.objects.filter(action="auth.login_failed").count() == 1


def test_repeated_failures_lock_the_account(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "compiler", "password": "sai"})
    response = client.post("/login/", {"username": "compiler", "password": PASSWORD})
    assert response.status_code == 429
    assert "bị khóa" in response.content.decode()
    assert Event.objects.filter(action="auth.locked_out").exists()
    assert not Event.objects.filter(action="auth.login").exists()


def test_a_locked_pair_does_not_lock_others(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "compiler", "password": "sai"})
    response = client.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302


def test_a_signed_in_user_goes_home(client_for):
    response = client_for("clerk").get("/login/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_sessions_expire_when_idle(client, users, settings):
    settings.SESSION_COOKIE_AGE = 1
    client.post("/login/", {"username": "compiler", "password": PASSWORD})
    import time

    time.sleep(1.5)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_user_name_of_ten_thousand_characters_is_refused_cleanly(client, users):
    """It reached the lockout's 255-character column (a 500 on PostgreSQL)."""
    from axes.models import AccessAttempt

    response = client.post("/login/", {"username": "a" * 10_000, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "tối đa 150 kí tự" in response.content.decode()
    assert not AccessAttempt.objects.exists()
