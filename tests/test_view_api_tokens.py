"""/me/tokens/: the person's own API tokens (shown once, kept hashed, revoked, audited); a
token opens the API only, never the pages."""

import hashlib

from baocao.audit.models import Event
from baocao.organisation.models import ApiToken


def test_it_makes_a_token_shown_once_and_kept_hashed(client_for, users):
    client = client_for("reporter")
    response = client.post("/me/tokens/", {"name": "DHIS2 sync", "scope": "write", "days": "30"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("bcpat_") and secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get("/me/tokens/").content.decode()
    assert Event.objects.filter(action="apitoken.create").exists()


def test_it_refuses_a_token_without_a_name_in_vietnamese(client_for):
    response = client_for("reporter").post("/me/tokens/", {"name": "", "scope": "read",
                                                           "days": "30"})
    assert response.status_code == 400 and "Đặt tên" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token_and_the_api_refuses_it(client_for, client, users):
    from baocao.organisation import tokens

    token, secret = tokens.create(users["reporter"], "x", "read", 7)
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"ApiToken {secret}").status_code == 200
    client_for("reporter").post("/me/tokens/", {"action": "revoke", "token": token.pk})
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"ApiToken {secret}").status_code == 401
    assert Event.objects.filter(action="apitoken.revoke").exists()


def test_it_never_revokes_another_person_s_token(client_for, users):
    from baocao.organisation import tokens

    token, _secret = tokens.create(users["reporter"], "x", "read", 7)
    response = client_for("other_reporter").post("/me/tokens/", {"action": "revoke",
                                                                 "token": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_does_not_open_the_pages(client, users):
    from baocao.organisation import tokens

    secret = tokens.create(users["reporter"], "x", "write", 7)[1]
    response = client.get("/rounds/", HTTP_AUTHORIZATION=f"ApiToken {secret}")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_expired_token_is_refused(client, users):
    from datetime import timedelta

    from django.utils import timezone

    from baocao.organisation import tokens

    token, secret = tokens.create(users["reporter"], "x", "read", 7)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"ApiToken {secret}").status_code == 401


def test_the_api_is_rate_limited(client, users, settings):
    from baocao.organisation import tokens

    settings.BAOCAO_API_PER_MINUTE = 2
    secret = tokens.create(users["reporter"], "x", "read", 7)[1]
    codes = [client.get("/api/me", HTTP_AUTHORIZATION=f"ApiToken {secret}").status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
