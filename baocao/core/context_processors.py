import functools

from baocao.organisation import access


def frame(request):
    """What the base layout shows on every page: the committee, the user's roles, the menu
    (none of it while the second factor is still to be passed).  Each is a function the template
    calls when it shows it (once: remembered), so a fragment answered to htmx, which shows none
    of them, reads none of them."""
    user = getattr(request, "user", None)
    context = {"committee": functools.cache(access.committee), "my_memberships": [],
               "navigation": [], "unread": 0, "second_factor_pending": False}
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
    context["unread"] = functools.cache(lambda: 0 if pending() else Notification.objects.filter(
        user=user, read_at=None).count())
    return context
