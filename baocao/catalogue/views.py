
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.lib import params
from baocao.organisation import access

from . import diagram
from . import forms as form_services
from .models import (
    ENTERED_COLUMNS,
    Family,
    FormVersion,
    Indicator,
    Regime,
    ReportForm,
    Sector,
    WorkflowStep,
    WorkflowTransition,
)
from .periods import Period
from .schedule import schedule


@login_required
def indicator_list(request):
    access.require(access.can_view_catalogue(request.user))
    indicators = Indicator.objects.select_related("sector")
    family, sector = request.GET.get("family", ""), request.GET.get("sector", "")
    q = request.GET.get("q", "").strip()
    if family:
        indicators = indicators.filter(family=family)
    if sector:
        indicators = indicators.filter(sector__code=sector)
    if q:
        indicators = indicators.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return render(request, "catalogue/indicator_list.html", {
        "indicators": indicators, "sectors": Sector.objects.all(), "families": Family.choices,
        "family": family, "sector": sector, "q": q,
    })


@login_required
def form_list(request):
    access.require(access.can_view_catalogue(request.user))
    forms = access.visible_forms(request.user, ReportForm.objects.select_related("regime"))
    forms = forms.prefetch_related("versions", "units")
    return render(request, "catalogue/form_list.html", {"forms": forms})


def _version_or_404(request, form_code, number):
    version = get_object_or_404(
        FormVersion.objects.select_related("form", "form__regime", "approved_by"),
        form__code=form_code, number=number)
    access.require(access.can_view_form(request.user, version.form))
    return version


@login_required
def form_version(request, form_code, number):
    """A version as the unit will see it, with approval for heads and leaders."""
    version = _version_or_404(request, form_code, number)
    tables = form_services.preview_rows(version)
    return render(request, "catalogue/form_version.html", {
        "version": version, "form": version.form, "tables": tables,
        "sections": version.sections.all(), "entered": ENTERED_COLUMNS,
        "versions": version.form.versions.order_by("-number"),
        "can_approve": access.can_approve_form(request.user, version.form)
        and version.is_editable,
        "can_administer": access.can_administer(request.user),
    })


@login_required
@require_POST
def form_version_approve(request, form_code, number):
    version = _version_or_404(request, form_code, number)
    access.require(access.can_approve_form(request.user, version.form))
    try:
        form_services.approve(version, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(v)s is approved; it can now be used.")
                         % {"v": version})
    return redirect("catalogue:form_version", form_code, number)


@login_required
@require_POST
def form_new_version(request, form_code):
    form = get_object_or_404(ReportForm, code=form_code)
    access.require(access.can_administer(request.user))
    version = form_services.new_version(form, request.user)
    messages.success(request, _("Draft %(v)s made from the newest version; build it here.")
                     % {"v": version})
    return redirect(reverse("admin:catalogue_formversion_change", args=[version.pk]))


@login_required
def regime_list(request):
    access.require(access.can_view_catalogue(request.user))
    return render(request, "catalogue/regime_list.html",
                  {"regimes": Regime.objects.prefetch_related("forms")})


def _periods_of(regime, year: int) -> list[Period]:
    periods = []
    for kind in regime.period_kinds:
        if kind == "month":
            periods += [Period("month", year, m) for m in range(1, 13)]
        elif kind == "quarter":
            periods += [Period("quarter", year, q) for q in range(1, 5)]
        elif kind == "half_year":
            periods += [Period("half_year", year, 1)]
        elif kind == "nine_months":
            periods += [Period("nine_months", year)]
        elif kind == "year":
            periods += [Period("year", year)]
    return sorted(periods, key=lambda p: (p.end, p.month_count()))


@login_required
def regime_detail(request, regime_code):
    access.require(access.can_view_catalogue(request.user))
    regime = get_object_or_404(Regime, code=regime_code)
    steps = WorkflowStep.objects.filter(regime=regime).prefetch_related(
        Prefetch("transitions", queryset=WorkflowTransition.objects.select_related("to_step")))
    year = params.year(request.GET, default=timezone.localdate().year)
    calendar_rows = [schedule(regime, p) for p in _periods_of(regime, year)]
    return render(request, "catalogue/regime_detail.html", {
        "regime": regime, "steps": steps, "diagram": diagram.layout(steps),
        "calendar_rows": calendar_rows, "year": year, "today": timezone.localdate(),
    })
