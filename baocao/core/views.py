from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from baocao.organisation import access

from . import registry


@login_required
def home(request):
    """Việc cần làm: what awaits this user."""
    return render(
        request,
        "core/home.html",
        {"items": registry.todo_for(request.user), "roles": access.roles(request.user)},
    )
