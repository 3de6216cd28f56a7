from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from baocao.organisation import access

from . import log
from .forms import EventFilterForm
from .models import Event
from .sentences import in_sentences


@login_required
def event_list(request):
    access.require(access.can_view_audit(request.user))
    form = EventFilterForm(request.GET or None)
    events = Event.objects.all() if not form.is_bound else form.filter(Event.objects.all())
    page = Paginator(events.select_related("actor"), 50).get_page(request.GET.get("page"))
    page.object_list = in_sentences(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def verify_chain(request):
    access.require(access.can_view_audit(request.user))
    return render(request, "audit/verify.html", {"verdict": log.verify()})
