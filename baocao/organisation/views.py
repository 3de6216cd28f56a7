from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from baocao.audit.log import record

from . import access, second_factor
from .forms import UnitFilterForm
from .models import OrgUnit


@login_required
def unit_list(request):
    """The units the user can see, as a tree; searched by name or code, filtered by kind."""
    filters = UnitFilterForm(request.GET)
    units = access.visible_units(request.user).select_related("parent")
    today = timezone.localdate()
    if not (filters.is_valid() and filters.cleaned_data["ended"]):
        units = units.active_on(today)
    units = list(filters.filter(units))
    return render(request, "organisation/unit_list.html",
                  {"units": units, "filters": filters, "today": today})


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the field's max_length after the field is made, so it checks nothing: a
        # 10,000-character user name reached the lockout's 255-character column.
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
        self.fields["password"].validators.append(MaxLengthValidator(4096))


class LoginView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self):
        """After the password, whoever must pass the second factor goes to its page (their
        session opens nothing else until then)."""
        url = super().get_success_url()
        if second_factor.must_verify(self.request.user) and not \
                second_factor.is_verified(self.request):
            target = "second_factor" if second_factor.is_enrolled(self.request.user) else \
                "second_factor_enrol"
            return reverse(target) + "?" + urlencode({"next": url})
        return url


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("home")


@login_required
def second_factor_page(request):
    """The second step of signing in: six digits from the authenticator, or a recovery code."""
    if not second_factor.is_enrolled(request.user):
        return redirect(reverse("second_factor_enrol") + "?" + urlencode(
            {"next": _next_url(request)}))
    if second_factor.is_verified(request):
        return redirect(_next_url(request))
    error = ""
    if request.method == "POST":
        refusal = second_factor.verify(request, request.POST.get("code", ""))
        if refusal is None:
            return redirect(_next_url(request))
        error = refusal.message
    return render(request, "registration/second_factor.html",
                  {"error": error, "next": _next_url(request),
                   "required": access.needs_second_factor(request.user)},
                  status=400 if error else 200)


@login_required
def second_factor_enrol(request):
    """Set up the authenticator: a QR code (and its secret typed by hand), confirmed with a
    code; then the ten recovery codes, shown once.  Someone already enrolled must have passed
    their second factor in this session to replace it."""
    enrolled = second_factor.is_enrolled(request.user)
    if enrolled and not second_factor.is_verified(request):
        return redirect(reverse("second_factor") + "?" + urlencode(
            {"next": _next_url(request)}))
    device = second_factor.pending_device(request.user)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "recovery_codes" and enrolled:
        codes = second_factor.new_recovery_codes(request.user)
        return render(request, "registration/recovery_codes.html",
                      {"codes": codes, "next": _next_url(request)})
    if request.method == "POST":
        result = second_factor.confirm_enrolment(request, device, request.POST.get("code", ""))
        if isinstance(result, second_factor.Refusal):
            error = result.message
        else:
            return render(request, "registration/recovery_codes.html",
                          {"codes": result, "next": _next_url(request), "enrolled_now": True})
    return render(request, "registration/second_factor_enrol.html", {
        "qr": mark_safe(second_factor.qr_svg(device)),  # noqa: S308 - SVG made by qrcode here
        "secret": second_factor.secret_of(device), "error": error, "enrolled": enrolled,
        "required": access.needs_second_factor(request.user),
        "remaining": second_factor.remaining_recovery_codes(request.user) if enrolled else 0,
        "next": _next_url(request)}, status=400 if error else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record("user.password_change", form.user, actor=form.user)
        return response


@login_required
def api_tokens(request):
    """The person's own API tokens: make one (its secret shown once), revoke one."""
    from django.core.exceptions import ValidationError

    from . import tokens
    from .models import ApiToken

    errors, secret, made = {}, "", None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token = get_object_or_404(ApiToken, pk=request.POST.get("token") or 0,
                                  user=request.user)
        tokens.revoke(token, request.user)
        return redirect("api_tokens")
    if request.method == "POST":
        try:
            days = int(request.POST.get("days") or 0)
        except ValueError:
            days = 0
        try:
            made, secret = tokens.create(request.user, request.POST.get("name", ""),
                                         request.POST.get("scope", ""), days)
        except ValidationError as error:
            errors = {k: v[0] for k, v in error.message_dict.items()}
    return render(request, "organisation/api_tokens.html", {
        "tokens": request.user.api_tokens.all(), "errors": errors, "secret": secret,
        "made": made, "lifetimes": tokens.LIFETIMES, "scopes": ApiToken.Scope.choices,
        "now": timezone.now(), "posted": request.POST if errors else {},
    }, status=400 if errors else 200)
