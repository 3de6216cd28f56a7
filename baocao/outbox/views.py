from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .models import Notification


@login_required
def notification_list(request):
    """The user's notifications; opening the list marks them read."""
    notifications = list(request.user.notifications.all()[:100])
    unread = [n.pk for n in notifications if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "outbox/notification_list.html",
                  {"notifications": notifications, "unread_ids": set(unread)})
