"""The second factor: who needs it, what a password alone opens (nothing), enrolment with a QR
code and recovery codes, the administrator's reset."""

import re

import pytest
from django.test import Client

from baocao.audit.models import Event
from baocao.organisation import access, second_factor
from tests.conftest import PASSWORD, enrol, totp_code

REQUIRED = ["clerk", "office_head", "planning_head", "department_head", "leader", "vice_chair",
            "admin"]
OPTIONAL = ["reporter", "head", "compiler", "planning_compiler", "department_reporter",
            "committee_member", "qmr", "iso_secretary", "other_reporter", "outsider"]


@pytest.mark.parametrize("name", REQUIRED)
def test_signers_clerks_leaders_and_administrators_need_it(users, name):
    assert access.needs_second_factor(users[name])


@pytest.mark.parametrize("name", OPTIONAL)
def test_the_others_may_choose(users, name):
    assert not access.needs_second_factor(users[name])


def test_a_superuser_needs_it(users):
    users["outsider"].is_superuser = True
    assert access.needs_second_factor(users["outsider"])


def password_only(username) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


PAGES = ["/", "/rounds/", "/drafts/", "/documents/", "/audit/", "/admin/", "/units/",
         "/documents/keys/", "/password/"]


@pytest.mark.parametrize("name", ["leader", "office_head", "clerk", "admin"])
def test_a_signer_with_the_right_password_alone_opens_no_page(users, name):
    client = password_only(name)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/second-factor/"), path
    posted = client.post("/rounds/", {"x": "1"})
    assert posted.status_code == 302 and posted["Location"] == "/second-factor/"
    htmx = client.get("/rounds/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith("/second-factor/")


def test_the_password_leads_to_the_code_and_the_code_opens_the_pages(users):
    client = Client()
    response = client.post("/login/?next=/drafts/", {"username": "leader",
                                                     "password": PASSWORD,
                                                     "next": "/drafts/"})
    assert response["Location"] == "/second-factor/?next=%2Fdrafts%2F"
    page = client.get(response["Location"])
    assert "Xác thực hai bước" in page.content.decode()
    assert "/drafts/" in page.content.decode()
    before = client.session.session_key
    done = client.post("/second-factor/", {"code": totp_code(users["leader"]),
                                           "next": "/drafts/"})
    assert done.status_code == 302 and done["Location"] == "/drafts/"
    assert client.session.session_key != before  # renewed once verified
    assert client.get("/drafts/").status_code == 200
    assert client.get("/admin/").status_code in (302, 403)  # not an admin: not the 2FA page
    assert Event.objects.filter(action="auth.second_factor",
                                actor=users["leader"]).exists()


def test_a_wrong_code_is_refused_in_vietnamese_and_opens_nothing(users):
    client = password_only("clerk")
    response = client.post("/second-factor/", {"code": "000000"})
    assert response.status_code == 400
    assert "Mã không đúng" in response.content.decode()
    assert client.get("/").status_code == 302
    assert Event.objects.filter(action="auth.second_factor_failed").count() == 1


def test_wrong_codes_are_slowed_down(users):
    client = password_only("clerk")
    client.post("/second-factor/", {"code": "000000"})
    again = client.post("/second-factor/", {"code": "111111"})
    assert "thử lại sau" in again.content.decode()


def test_a_code_is_used_once(users):
    code = totp_code(users["leader"])
    first = password_only("leader")
    assert first.post("/second-factor/", {"code": code}).status_code == 302
    second = password_only("leader")
    assert second.post("/second-factor/", {"code": code}).status_code == 400


def test_a_recovery_code_opens_once(users, rf):
    codes = second_factor.new_recovery_codes(users["leader"])
    client = password_only("leader")
    assert client.post("/second-factor/", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/").status_code == 200
    again = password_only("leader")
    assert again.post("/second-factor/", {"code": codes[0]}).status_code == 400
    assert second_factor.remaining_recovery_codes(users["leader"]) == 9


def test_an_optional_user_without_a_device_works_with_the_password(users):
    client = password_only("reporter")
    assert client.get("/").status_code == 200


def test_an_optional_user_who_set_it_up_must_pass_it(users):
    enrol(users["reporter"])
    client = password_only("reporter")
    assert client.get("/")["Location"].startswith("/second-factor/")
    client.post("/second-factor/", {"code": totp_code(users["reporter"])})
    assert client.get("/").status_code == 200


def test_sign_out_stays_open_before_the_code(users):
    client = password_only("leader")
    assert client.post("/logout/").status_code == 302
    assert client.get("/")["Location"].startswith("/login/")


# --- enrolment ---------------------------------------------------------------------------------

def test_a_signer_without_a_device_is_sent_to_enrol_with_a_qr_code(users):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=users["clerk"]).delete()
    client = Client()
    response = client.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert response["Location"].startswith("/second-factor/enrol/")
    assert client.get("/")["Location"].startswith("/second-factor/enrol/")
    page = client.get("/second-factor/enrol/").content.decode()
    assert "<svg" in page and "Thiết lập xác thực hai bước" in page
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', page).group(1)
    assert client.get("/second-factor/enrol/").content.decode().count(secret) == 1  # same key
    wrong = client.post("/second-factor/enrol/", {"code": "123456"})
    assert wrong.status_code == 400 and "Mã không đúng" in wrong.content.decode()
    import base64

    assert "thử lại sau" in client.post("/second-factor/enrol/", {"code": "1"}).content.decode()
    TOTPDevice.objects.filter(user=users["clerk"]).update(throttling_failure_count=0)
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    done = client.post("/second-factor/enrol/", {"code": code})
    body = done.content.decode()
    assert "Mã khôi phục" in body
    assert len(re.findall(r'<span class="border rounded px-2 py-1 d-inline-block">[a-z2-7]{8}<',
                          body)) == 10
    assert client.get("/").status_code == 200
    assert second_factor.is_enrolled(users["clerk"])
    assert Event.objects.filter(action="user.second_factor_enrol",
                                object_id=str(users["clerk"].pk)).exists()


def test_an_enrolled_user_cannot_replace_the_device_before_passing_it(users):
    client = password_only("leader")
    response = client.get("/second-factor/enrol/")
    assert response.status_code == 302 and response["Location"].startswith("/second-factor/")
    assert client.post("/second-factor/enrol/", {"code": "123456"}).status_code == 302


def test_new_recovery_codes_replace_the_old(client_for, users):
    old = second_factor.new_recovery_codes(users["leader"])
    client = client_for("leader")
    page = client.post("/second-factor/enrol/", {"action": "recovery_codes"})
    assert page.status_code == 200 and "Mã khôi phục" in page.content.decode()
    fresh = password_only("leader")
    assert fresh.post("/second-factor/", {"code": old[0]}).status_code == 400


# --- the administrator's reset -----------------------------------------------------------------

def test_the_administrator_resets_a_second_factor_on_the_record(client_for, users):
    client = client_for("admin")
    response = client.post("/admin/organisation/user/", {
        "action": "reset_second_factor", "_selected_action": [users["leader"].pk]}, follow=True)
    assert "Đã đặt lại xác thực hai bước của 1 người" in response.content.decode()
    assert not second_factor.is_enrolled(users["leader"])
    event = Event.objects.get(action="user.second_factor_reset")
    assert event.actor == users["admin"] and event.object_id == str(users["leader"].pk)
    after = password_only("leader")
    assert after.get("/")["Location"].startswith("/second-factor/enrol/")


def test_an_administrator_does_not_reset_their_own(client_for, users):
    client = client_for("admin")
    response = client.post("/admin/organisation/user/", {
        "action": "reset_second_factor", "_selected_action": [users["admin"].pk]}, follow=True)
    assert "quản trị viên khác" in response.content.decode()
    assert second_factor.is_enrolled(users["admin"])
    assert not Event.objects.filter(action="user.second_factor_reset").exists()


def test_others_cannot_reset(users):
    from django.core.exceptions import PermissionDenied

    for name in ("leader", "clerk", "reporter"):
        with pytest.raises(PermissionDenied):
            second_factor.reset(users["admin"], users[name])
    assert second_factor.is_enrolled(users["admin"])


def test_devices_are_not_edited_as_rows_in_the_admin(client_for):
    client = client_for("admin")
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_the_shared_fixture_passes_the_second_factor(client_for):
    assert client_for("leader").get("/").status_code == 200
    assert client_for("clerk").get("/documents/").status_code == 200
