"""second_factor.is_enrolled asks every kind of device in one query, as django_otp's
user_has_device does in one per kind."""

from django.contrib.auth.models import AnonymousUser
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from baocao.organisation.second_factor import is_enrolled


def test_as_django_otp_says_in_one_query(users, django_assert_num_queries):
    reporter, head = users["reporter"], users["head"]
    TOTPDevice.objects.create(user=head, name="authenticator", confirmed=False)
    for user in (reporter, head):
        with django_assert_num_queries(1):
            assert is_enrolled(user) is False
    StaticDevice.objects.create(user=reporter, name="recovery", confirmed=True)
    TOTPDevice.objects.filter(user=head).update(confirmed=True)
    for user in (reporter, head):
        with django_assert_num_queries(1):
            assert is_enrolled(user) is True
        assert user_has_device(user, confirmed=True)
    assert is_enrolled(AnonymousUser()) is False
