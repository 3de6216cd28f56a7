"""Sign-in events go on the record."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .log import record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record("auth.login", user, actor=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record("auth.logout", user, actor=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    record("auth.login_failed", actor=None, details={"username": credentials.get("username", "")})


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record("auth.locked_out", actor=None, details={"username": username or "", "ip": ip_address})
