from baocao.organisation import access


def frame(request):
    """What the base layout shows on every page: the committee, the user's roles, the menu."""
    user = getattr(request, "user", None)
    committee = access.committee()
    context = {"committee": committee, "my_memberships": [], "navigation": [], "unread": 0,
               "second_factor_pending": False}
    if user is not None and user.is_authenticated:
        from baocao.organisation import second_factor

        if not second_factor.is_verified(request) and second_factor.must_verify(user):
            context["second_factor_pending"] = True
            return context
    if user is not None and user.is_authenticated:
        from baocao.outbox.models import Notification

        context["my_memberships"] = access.memberships(user)
        context["navigation"] = access.navigation(user)
        context["unread"] = Notification.objects.filter(user=user, read_at=None).count()
    return context
