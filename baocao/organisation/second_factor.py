"""The second factor (django-otp): a TOTP authenticator app, and ten single-use recovery codes
(django-otp's static device).

Who must have one is `access.needs_second_factor`; whoever has one confirmed must also pass it
at every sign-in.  Until they do, `SecondFactorMiddleware` opens them only this module's pages
and sign-out.  Every change (enrolment, new recovery codes, the administrator's reset) is one
function here, in a transaction, on the audit record.
"""

import base64
import functools
import hashlib
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, device_classes, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from baocao.audit.log import record
from baocao.lib import rows

from . import access

RECOVERY_CODES = 10
APP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def must_verify(user) -> bool:
    """Whether this signed-in user has to pass the second factor before any page."""
    return access.needs_second_factor(user) or is_enrolled(user)


def must_verify_now(request, user) -> bool:
    """must_verify, asked once per request (the middleware asks, then the page's frame)."""
    known = getattr(request, "_baocao_must_verify", None)
    if known is None or known[0] != user.pk:  # (a sign-in changes the request's user)
        known = request._baocao_must_verify = (user.pk, must_verify(user))
    return known[1]


def is_enrolled(user) -> bool:
    """Whether the user has a confirmed device (django_otp's user_has_device, in one statement
    written once per process: an EXISTS per kind of device, where django_otp asks each kind in
    turn).  Asked on every signed-in request of whoever has not passed it, so not through the
    ORM, whose compilation of the EXISTS cost a millisecond each time."""
    if user.is_anonymous:
        return False
    sql, per_kind = _enrolled_sql()
    return bool(rows.scalar(sql, [user.pk, True] * per_kind))


@functools.cache
def _enrolled_sql() -> tuple[str, int]:
    kinds = [f"EXISTS (SELECT 1 FROM {rows.table(model)} WHERE "  # noqa: S608 (the models' own names)
             f"{rows.quote(model._meta.get_field('user').column)} = %s AND "
             f"{rows.quote(model._meta.get_field('confirmed').column)} = %s)"
             for model in device_classes()]
    return "SELECT " + " OR ".join(kinds), len(kinds)


def is_verified(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and getattr(user, "is_verified", lambda: False)())


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret an authenticator app (or `oathtool --totp -b`) takes."""
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an inline SVG QR code."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


def pending_device(user) -> TOTPDevice:
    """The authenticator being enrolled (not yet confirmed): the same one until it is confirmed,
    so that reloading the page does not change the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=APP_NAME)
    return device


@dataclass
class Refusal:
    """A code not accepted: why, in words for the person."""

    message: str


def _wait_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = data.get("locked_until") if data else None
    if until is None:
        return _("Too many wrong codes; wait a moment and try again.")
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    return _("Too many wrong codes; try again in %(s)d seconds.") % {"s": seconds}


def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | Refusal:
    """Confirm the authenticator with a code it shows: it replaces any earlier one, ten new
    recovery codes are made (returned, shown once), and this session counts as verified."""
    user = request.user
    code = "".join(code.split())
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        wait = _wait_message(device)
        if wait:
            return Refusal(wait)
        if not code.isdigit() or not device.verify_token(code):
            return Refusal(_("The code is not right. Type the six digits the app shows now."))
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        record("user.second_factor_enrol", user, actor=user, details={"device": device.name})
    otp_login(request, device)
    request.session.cycle_key()
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def new_recovery_codes(user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record("user.second_factor_recovery_codes", user, actor=user)
    return codes


def verify(request, code: str) -> Refusal | None:
    """Check a code (six digits from the app, or a recovery code) for the signed-in user;
    on success the session is renewed and counts as verified."""
    user = request.user
    code = "".join(code.split()).lower()
    if code.isdigit() and len(code) == 6:
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        wait = _wait_message(device)
        if wait:
            record("auth.second_factor_throttled", user, actor=user)
            return Refusal(wait)
    for device in devices:
        found = verify_token(user, device.persistent_id, code)
        if found is not None:
            otp_login(request, found)
            request.session.cycle_key()
            record("auth.second_factor", user, actor=user,
                   details={"device": "recovery" if isinstance(found, StaticDevice)
                            else "app"})
            return None
    record("auth.second_factor_failed", user, actor=user)
    return Refusal(_("The code is not right. Type the six digits the app shows now, or one of "
                     "your recovery codes."))


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset(person, actor) -> int:
    """The administrator's reset: every device of `person` is removed (they enrol again at
    their next sign-in).  Returns how many were removed."""
    if not access.can_reset_second_factor(actor, person):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=person).delete()[0]
        removed += StaticDevice.objects.filter(user=person).count()
        StaticDevice.objects.filter(user=person).delete()
        record("user.second_factor_reset", person, actor=actor, details={"devices": removed})
    return removed


def forget_verification(request) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


# --- the demo ------------------------------------------------------------------------------

def demo_secret_key(username: str) -> bytes:
    """A demo person's fixed TOTP key (20 bytes from their user name: demo only, printed by
    `baocao demo` beside the logins)."""
    return hashlib.sha256(f"baocao-demo-totp:{username}".encode()).digest()[:20]


def enrol_demo(user) -> str:
    """Enrol a demo person with their fixed secret (and recovery codes); return the base32
    secret.  Loading twice changes nothing."""
    key = demo_secret_key(user.username)
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None or device.bin_key != key:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name=APP_NAME, key=key.hex(),
                                               confirmed=True)
            if not StaticDevice.objects.filter(user=user).exists():
                _new_recovery_codes(user)
            record("user.second_factor_enrol", user, details={"via": "demo"})
    return secret_of(device)
