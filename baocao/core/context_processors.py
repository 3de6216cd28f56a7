import functools

from baocao.lib import rows
from baocao.organisation import access


def frame(request):
    """What the base layout shows on every page: the committee, the user's roles, the menu
    (none of it while the second factor is still to be passed).  Each is a function the template
    calls when it shows it (once: remembered), so a fragment answered to htmx, which shows none
    of them, reads none of them."""
    user = getattr(request, "user", None)
    context = {"committee": functools.cache(access.committee), "my_memberships": [],
               "navigation": [], "unread": 0, "second_factor_pending": False}
    context["header_key"] = lambda: _header_key(request, user, context)
    if user is None or not user.is_authenticated:
        return context
    from baocao.organisation import second_factor
    from baocao.outbox.models import Notification

    pending = functools.cache(lambda: not second_factor.is_verified(request)
                              and second_factor.must_verify_now(request, user))
    context["second_factor_pending"] = pending
    context["my_memberships"] = functools.cache(
        lambda: [] if pending() else access.memberships(user))
    context["navigation"] = functools.cache(lambda: [] if pending() else access.navigation(user))
    context["unread"] = functools.cache(lambda: 0 if pending() else rows.scalar(
        f"SELECT COUNT(*) FROM {rows.table(Notification)} "  # noqa: S608 (every page asks)
        "WHERE user_id = %s AND read_at IS NULL", [user.pk]))
    return context


def _value(part):
    return part() if callable(part) else part


def _header_key(request, user, context) -> tuple:
    """Everything base.html's header shows, which keeps it ({% kept %}: rendered once per
    process for each): the language, the page, the person and their roles, the committee's
    name, the menu and the unread count."""
    from django.utils.translation import get_language

    committee = _value(context["committee"])
    signed_in = user is not None and user.is_authenticated
    return (get_language(), request.path, signed_in,
            (user.pk, user.display_name) if signed_in else None,
            _value(context["second_factor_pending"]),
            committee.name_in_text if committee else None,
            repr(_value(context["navigation"])),
            tuple((m.get_role_display(), m.unit.name) for m in _value(context["my_memberships"])),
            _value(context["unread"]))
