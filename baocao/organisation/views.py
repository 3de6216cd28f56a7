from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.audit.log import record

from . import access
from .models import OrgUnit


@login_required
def unit_list(request):
    units = access.visible_units(request.user).select_related("parent")
    show_ended = request.GET.get("ended") == "1"
    today = timezone.localdate()
    if not show_ended:
        units = units.active_on(today)
    return render(
        request,
        "organisation/unit_list.html",
        {"units": list(units), "show_ended": show_ended, "today": today},
    )


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), code=code)
    access.require(access.can_view_unit(request.user, unit))
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "ancestors": [u for u in unit.ancestors() if access.can_view_unit(request.user, u)],
            "children": unit.children.all(),
            "members": unit.memberships.select_related("user").order_by("role", "user__username"),
            "today": timezone.localdate(),
        },
    )


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or password is not right. Note that capitals count."
        ),
    }


class LoginView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record("user.password_change", form.user, actor=form.user)
        return response
