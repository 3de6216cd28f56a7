import html
import json
from collections import Counter
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baocao.catalogue import forms as form_services
from baocao.catalogue import frozen
from baocao.catalogue.models import FormRow, FormTable, Indicator, ReportForm
from baocao.catalogue.periods import Period, PeriodError
from baocao.collection.models import Round, Submission
from baocao.lib.memo import remember
from baocao.lib.numbers import format_vn
from baocao.organisation import access
from baocao.organisation.models import OrgUnit

from . import charts, sentences
from .engine import consolidate, monthly_series
from .narratives import SENT, narrative_groups


def _choices(request):
    """form, period, unit from the query string, with sensible defaults; checks access."""
    user = request.user
    forms = list(access.visible_forms(user, ReportForm.objects.all()))  # (by code)
    form = next((f for f in forms if f.code == request.GET.get("form", "")), None)
    if form is None and forms:  # the first with rounds, else the first
        collected = set(Round.objects.filter(form__in=forms).values_list("form_id", flat=True))
        form = next((f for f in forms if f.pk in collected), forms[0])
    unit_code = request.GET.get("unit")
    unit = get_object_or_404(OrgUnit, code=unit_code) if unit_code else \
        access.default_unit(user)
    if unit is None:
        raise Http404
    access.require(access.can_view_consolidation(user, unit))
    periods = _periods(form)
    try:
        period = Period.parse(request.GET["period"]) if request.GET.get("period") else (
            periods[0] if periods else Period.parse(timezone.localdate().strftime("%Y-%m")))
    except PeriodError as error:  # said, not replaced by another period unasked
        raise BadRequest(str(error)) from None
    return form, period, unit, forms


def _periods(form) -> list[Period]:
    """The periods of the form's rounds, newest first (read once per request)."""
    if form is None:
        return []
    return remember(("consolidation.periods", form.pk), lambda: [
        Period.parse(p) for p in Round.objects.filter(form=form).order_by(
            "-period_end").values_list("period", flat=True).distinct()])


def _pickers(user, form, period, unit) -> dict:
    """The filters' choices in words: the form's periods (newest first, the one shown among them)
    and the units this user may see, each by name."""
    periods = list(_periods(form))
    if str(period) not in {str(p) for p in periods}:
        periods.insert(0, period)
    units = list(access.visible_units(user).exclude(kind="external").order_by("path"))
    top = min((u.depth for u in units), default=0)
    return {"period_code": str(period), "period_choices": [(str(p), p.label()) for p in periods],
            "unit_choices": [(u.code, "\u2003" * (u.depth - top) + u.name) for u in units]}


def _unsent(request) -> bool:
    """The preview that counts reports not yet sent (?include_unsent=1), never the default."""
    return request.GET.get("include_unsent") == "1"


def _expected(form, version=None):
    version = version or (form.current_version() if form else None)
    return form_services.expected_units(form, version) if version else None


def _form_indicators(form, version=None):
    version = version or form.current_version()
    if version is None:
        return []
    kept = frozen.parts(version)
    if kept is None:
        return [r.indicator for r in FormRow.objects.filter(
            table__version=version, indicator__isnull=False).select_related(
            "indicator", "indicator__sector").order_by("table__sort_order", "sort_order")]
    # the same order from the kept rows (ties of the two orders as the version keeps them)
    table_at, indicator_at, order_at = (frozen.column(FormRow, n) for n in (
        "table_id", "indicator_id", "sort_order"))
    table_id, table_sort = frozen.column(FormTable, "id"), frozen.column(FormTable, "sort_order")
    table_order = {t[table_id]: t[table_sort] for t in kept["tables"]}
    rows = sorted((r for r in kept["rows"] if r[indicator_at] is not None),
                  key=lambda r: (table_order[r[table_at]], r[order_at]))
    ids = [r[indicator_at] for r in rows]
    by_id = Indicator.objects.select_related("sector").in_bulk(set(ids))
    return [by_id[i] for i in ids]


@login_required
def table(request):
    """The consolidated table of a form for a period at a unit, by sector."""
    form, period, unit, forms = _choices(request)
    unsent = _unsent(request)
    version = form.current_version() if form else None
    figures = consolidate(_form_indicators(form, version), period, unit,
                          _expected(form, version), include_unsent=unsent) if version else []
    query = "?" + urlencode({"form": form.code if form else "", "period": str(period),
                             "unit": unit.code} | ({"include_unsent": "1"} if unsent else {}))
    detail = reverse("consolidation:indicator", args=["CODE"]).removesuffix("CODE/")
    sectors, order, counts = {}, [], Counter()
    for f in figures:
        indicator = f.indicator
        if indicator.sector_id not in sectors:
            sectors[indicator.sector_id] = {"sector": indicator.sector, "rows": []}
            order.append(indicator.sector_id)
        status = sentences.status(f)
        counts[status] += 1
        sectors[indicator.sector_id]["rows"].append(_table_row(f, status, detail, query))
    return render(request, "consolidation/table.html", {
        "form": form, "forms": forms, "period": period, "unit": unit,
        "sectors": [sectors[s] for s in order],
        "summaries": sentences.sector_summaries(figures),
        "chart": json.dumps(charts.plan_share(counts), ensure_ascii=False),
        "children": unit.children.order_by("path"), "query": query,
        "include_unsent": unsent, "not_sent": _not_sent(form, period, unit),
        **_pickers(request.user, form, period, unit),
    })


def _not_sent(form, period, unit):
    """The round's expected units under `unit` whose report is not (or no longer) sent."""
    if form is None:
        return []
    return [s.unit for s in Submission.objects.filter(
        round__form=form, round__period=str(period), unit__path__startswith=unit.path).exclude(
        state__in=SENT).select_related("unit").order_by("unit__path")]


TABLE_QUANTITIES = ("actual", "year_to_date", "target", "percent_of_target",
                    "same_period_last_year", "vs_same_period_last_year", "full_year_estimate")


def _table_row(f, status, detail, query) -> dict:
    """One indicator's row of the consolidated table, its numbers written the Vietnamese way."""
    indicator, values = f.indicator, f.values
    cells = []
    for quantity in TABLE_QUANTITIES:
        value = values.get(quantity)
        places = 1 if quantity in ("percent_of_target", "vs_same_period_last_year") \
            else indicator.decimals
        cells.append((quantity, "" if value is None else format_vn(value, places)))
    row = {"indicator": indicator, "status": status, "sentence": sentences.sentence(f),
           "url": f"{detail}{quote(indicator.code)}/{query}", "cells": cells,
           "missing": len(f.missing_units),
           "missing_names": ", ".join(u.name for u in f.missing_units)}
    row["html"] = _row_html(row)
    return row


def _row_html(r) -> str:
    """The row's <tr>, written here rather than by the template engine (67 rows of ten cells
    were two fifths of the page's time): every value escaped."""
    indicator = r["indicator"]
    cells = "".join(f'<td class="text-end" data-q="{q}">{html.escape(text)}</td>\n      '
                    for q, text in r["cells"])  # (q: TABLE_QUANTITIES; text: format_vn's)
    # the count, opened to the units' names (a title's hover never shows on a phone)
    said = esc(_("units missing"))
    missing = (f'<details class="missing-units"><summary>{r["missing"]}<span '
               f'class="visually-hidden"> {said}</span></summary>'
               f'{esc(r["missing_names"])}</details>') if r["missing"] else ""
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<tr class="status-row-{esc(r["status"])}" data-indicator="{esc(indicator.code)}">\n'
        f'      <td><a href="{esc(r["url"])}">{esc(indicator.name)}</a>\n'
        f'        <div class="small text-body-secondary">{esc(r["sentence"])}</div></td>\n'
        f'      <td class="small">{esc(indicator.unit_of_measure)}</td>\n'
        f'      {cells}<td class="small">{missing}</td>\n    </tr>')


@login_required
def indicator_detail(request, code):
    """One figure taken apart: the units that make it up, their submitted values, the trend."""
    indicator = get_object_or_404(Indicator.objects.select_related("sector"), code=code)
    form, period, unit, _forms = _choices(request)
    expected, unsent = _expected(form), _unsent(request)
    total = consolidate([indicator], period, unit, expected, include_unsent=unsent)[0]
    parts = [(child, consolidate([indicator], period, child, expected,
                                 include_unsent=unsent)[0])
             for child in unit.children.order_by("path")]
    rnd = Round.objects.filter(form=form, period=str(period)).first() if form else None
    own_submission = None
    if rnd is not None:
        own_submission = Submission.objects.filter(round=rnd, unit=unit).first()
    submissions = {s.unit_id: s for s in Submission.objects.filter(
        round=rnd, unit__in=[c for c, _f in parts])} if rnd else {}
    series = monthly_series(indicator, unit, period.end.year)
    side = charts.units_side_by_side(
        indicator, [(c.name, f["actual"]) for c, f in parts], period.label())
    return render(request, "consolidation/indicator.html", {
        "indicator": indicator, "form": form, "period": period, "unit": unit, "f": total,
        "sentence": sentences.sentence(total),
        "parts": [{"unit": c, "f": f, "submission": submissions.get(c.pk)} for c, f in parts],
        "own_submission": own_submission, "ancestors": [
            a for a in unit.ancestors() if access.can_view_unit(request.user, a)],
        "trend": json.dumps(charts.trend(indicator, series, period.end.year, total["target"]),
                            ensure_ascii=False),
        "side": json.dumps(side, ensure_ascii=False) if side else "",
        "include_unsent": unsent,
    })


@login_required
def narratives(request):
    """The units' narrative answers gathered under each heading of the round's outline."""
    form, period, unit, _forms = _choices(request)
    rnd = Round.objects.filter(form=form, period=str(period)).select_related(
        "request", "form_version").first() if form else None
    unsent = _unsent(request)
    groups = narrative_groups(rnd, unit, include_unsent=unsent) if rnd else []
    return render(request, "consolidation/narratives.html", {
        "form": form, "period": period, "unit": unit, "round": rnd, "groups": groups,
        "include_unsent": unsent})
