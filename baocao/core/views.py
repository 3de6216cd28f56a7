from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

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


def bad_request(request, exception=None):
    """400: the reason when the application refused a parameter (BadRequest), a general
    sentence otherwise (Django's other refusals say nothing a user should read)."""
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"reason": reason}, status=400)


FAVICON = Path(__file__).resolve().parent.parent / "static" / "baocao" / "favicon.ico"


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, where browsers ask for it without reading the page's <link>."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
