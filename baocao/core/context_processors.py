import functools

from baocao.organisation import access


def frame(request):
    """What the base layout shows on every page: the committee, the user's roles, the menu.
    Each is a function the template calls when it shows it (once: remembered), so a fragment
    answered to htmx, which shows none of them, reads none of them."""
    user = getattr(request, "user", None)
    context = {"committee": functools.cache(access.committee), "my_memberships": [],
               "navigation": [], "unread": 0}
    if user is not None and user.is_authenticated:
        from baocao.outbox.models import Notification

        context["my_memberships"] = functools.cache(lambda: access.memberships(user))
        context["navigation"] = functools.cache(lambda: access.navigation(user))
        context["unread"] = functools.cache(
            lambda: Notification.objects.filter(user=user, read_at=None).count())
    return context
