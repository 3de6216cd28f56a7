"""A citizen's suggestion from the public page: the tracking code shown once, nothing asked
that is not needed, bounded input, a rate limit per address, CSRF."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from baocao.audit.models import Event
from baocao.quality.models import Suggestion


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(client, **changes):
    html = client.get(reverse("public:suggest")).content.decode()
    visit = re.search(r'name="visit" value="([^"]+)"', html).group(1)
    return {"title": "Ki-ốt lấy số", "body": "Lắp máy lấy số thứ tự.", "name": "",
            "contact": "", "visit": visit, **changes}


def test_a_citizen_suggests_and_gets_a_code(tree, quality_form):
    client = Client()
    response = client.post(reverse("public:suggest"),
                           form_data(client, unit=tree["department"].pk))
    html = response.content.decode()
    code = re.search(r'id="tracking-code">([A-Z0-9-]+)<', html).group(1)
    suggestion = Suggestion.objects.get()
    assert response.status_code == 200 and suggestion.source == "citizen"
    assert code not in str(Suggestion.objects.values().get()) and suggestion.author is None
    assert Event.objects.get(action="suggestion.submit").ip is None


def test_only_the_committees_departments_are_offered(tree, quality_form):
    client = Client()
    html = client.get(reverse("public:suggest")).content.decode()
    assert "Phòng Y tế" in html and "Phường Bưởi" not in html
    response = client.post(reverse("public:suggest"), form_data(client, unit=tree["ward"].pk))
    assert response.status_code == 400 and not Suggestion.objects.exists()


def test_bounded_input_and_the_same_visit_once(tree, quality_form):
    client = Client()
    long = client.post(reverse("public:suggest"),
                       form_data(client, unit=tree["department"].pk, body="x" * 4001))
    assert long.status_code == 400 and not Suggestion.objects.exists()
    assert "4000" in long.content.decode()
    data = form_data(client, unit=tree["department"].pk)
    assert client.post(reverse("public:suggest"), data).status_code == 200
    again = client.post(reverse("public:suggest"), data)
    assert again.status_code == 400 and Suggestion.objects.count() == 1


def test_the_rate_limit_per_address(tree, quality_form, settings):
    settings.BAOCAO_PUBLIC_SUGGESTIONS_PER_HOUR = 1  # (conftest holds the limiter's window)
    client = Client()
    assert client.post(reverse("public:suggest"), form_data(
        client, unit=tree["department"].pk)).status_code == 200
    refused = client.post(reverse("public:suggest"), form_data(client,
                                                               unit=tree["department"].pk))
    assert refused.status_code == 429 and Suggestion.objects.count() == 1


def test_it_refuses_a_post_without_the_csrf_token(tree, quality_form):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("public:suggest"), form_data(
        client, unit=tree["department"].pk)).status_code == 403
