"""A citizen follows their suggestion with its code: its state and public steps, never the
internal notes; an unknown code answered in Vietnamese; look-ups limited per address."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from baocao.quality import suggestions


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_author_sees_the_outcome_without_the_internal_notes(tree, users, quality_form):
    suggestion, code = suggestions.submit_public(unit=tree["department"], title="Ghế chờ",
                                                 body="Thêm ghế chờ")
    suggestions.forward(suggestion, "Ý KIẾN NỘI BỘ", users["department_head"])
    suggestions.decline(suggestion, "Chưa có kinh phí năm nay", users["qmr"])
    html = Client().post(reverse("public:track"), {"code": code}).content.decode()
    assert "Ghế chờ" in html and "Chưa có kinh phí năm nay" in html
    assert "Ý KIẾN NỘI BỘ" not in html and users["department_head"].display_name not in html


def test_an_unknown_code(quality_form):
    response = Client().post(reverse("public:track"), {"code": "ZZZZ-ZZZZ-ZZZZ"})
    assert response.status_code == 404 and "Không có ý kiến nào với mã này" in \
        response.content.decode()


def test_look_ups_are_limited(quality_form, settings):
    settings.BAOCAO_PUBLIC_LOOKUPS_PER_HOUR = 2
    client = Client()
    for _n in range(2):
        assert client.post(reverse("public:track"), {"code": "AAAA"}).status_code == 404
    assert client.post(reverse("public:track"), {"code": "AAAA"}).status_code == 429
