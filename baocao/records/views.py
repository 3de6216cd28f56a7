from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.organisation import access

from . import custody, filing, printing, retention
from .forms import DisposalForm, FilingForm, HoldForm, TransferForm
from .models import Disposal, Dossier, DossierItem, LegalHold, RetentionRule, Transfer


def _errors(request, error: ValidationError, form=None):
    for field, errors in (error.message_dict.items() if hasattr(error, "error_dict")
                          else [(None, error.messages)]):
        for message in errors:
            if form is not None and field in form.fields:
                form.add_error(field, message)
            else:
                messages.error(request, message)


@login_required
def dossier_list(request):
    access.require(access.can_view_records(request.user))
    dossiers = Dossier.objects.select_related("regime", "unit")
    state = request.GET.get("state", "")
    if state in Dossier.State.values:
        dossiers = dossiers.filter(state=state)
    return render(request, "records/dossier_list.html", {
        "dossiers": dossiers[:500], "state": state, "states": Dossier.State.choices,
        "can_keep": access.can_keep_records(request.user)})


def _page(request, dossier, form=None, status=200):
    return render(request, "records/dossier.html", {
        "dossier": dossier, "items": dossier.items.select_related("who").order_by("at", "pk"),
        "missing": filing.missing_of(dossier) if dossier.is_open else dossier.missing,
        "holds": dossier.holds.select_related("placed_by", "lifted_by"),
        "can_keep": access.can_keep_records(request.user),
        "form": form or FilingForm(), "hold_form": HoldForm()}, status=status)


@login_required
def dossier(request, dossier_id):
    """Mục lục hồ sơ: the dossier's index, with a link to every item."""
    access.require(access.can_view_records(request.user))
    return _page(request, get_object_or_404(Dossier, pk=dossier_id))


@login_required
def dossier_for_draft(request, draft_id):
    from baocao.drafting.models import Draft

    from . import landing

    access.require(access.can_view_records(request.user))
    found = landing.for_draft(get_object_or_404(Draft, pk=draft_id), create=False)
    if found is None:
        raise Http404
    return redirect("records:dossier", found.pk)


@login_required
def index_pdf(request, dossier_id):
    access.require(access.can_view_records(request.user))
    found = get_object_or_404(Dossier, pk=dossier_id)
    response = HttpResponse(printing.index_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="muc-luc-{found.pk}.pdf"'
    return response


@login_required
def item(request, dossier_id, item_id):
    """An item's frozen copy: its file as filed, or its JSON."""
    access.require(access.can_view_records(request.user))
    found = get_object_or_404(DossierItem, pk=item_id, dossier_id=dossier_id)
    if found.contents_removed_at is not None:
        raise Http404
    if found.file:
        with found.file.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type=found.media_type or
                                    "application/octet-stream")
        response["Content-Disposition"] = "attachment" if found.media_type == "text/html" \
            else "inline"
        return response
    return JsonResponse(found.content, json_dumps_params={"ensure_ascii": False, "indent": 1})


@login_required
@require_POST
def dossier_file(request, dossier_id):
    """Lưu hồ sơ: the clerk files the dossier."""
    access.require(access.can_keep_records(request.user))
    found = get_object_or_404(Dossier, pk=dossier_id)
    form = FilingForm(request.POST)
    if not form.is_valid():
        return _page(request, found, form, status=400)
    try:
        filing.file(found, request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _errors(request, error, form)
        return _page(request, found, form, status=400)
    messages.success(request, _("The dossier is filed; its round is closed."))
    return redirect("records:dossier", found.pk)


@login_required
@require_POST
def hold_place(request, dossier_id):
    access.require(access.can_keep_records(request.user))
    found = get_object_or_404(Dossier, pk=dossier_id)
    try:
        retention.place_hold(found, request.user, request.POST.get("reason", ""))
    except ValidationError as error:
        _errors(request, error)
    return redirect("records:dossier", found.pk)


@login_required
@require_POST
def hold_lift(request, hold_id):
    access.require(access.can_keep_records(request.user))
    hold = get_object_or_404(LegalHold, pk=hold_id)
    try:
        retention.lift_hold(hold, request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("records:dossier", hold.dossier_id)


@login_required
def retention_schedule(request):
    access.require(access.can_view_records(request.user))
    return render(request, "records/retention.html", {
        "rules": RetentionRule.objects.select_related("regime"),
        "can_administer": access.can_administer(request.user)})


def _due_choices() -> tuple:
    """(what is due, the dossiers due for transfer, those past retention): what the forms
    offer."""
    due = retention.due_on()
    return due, *(Dossier.objects.filter(pk__in=[d.dossier.pk for d in due if d.what == what])
                  for what in ("transfer", "disposal"))


def _due_page(request, transfer_form=None, disposal_form=None, status=200, choices=None):
    due, transfer_qs, disposal_qs = choices or _due_choices()
    return render(request, "records/due.html", {
        "due": due,
        "transfer_form": transfer_form or TransferForm(queryset=transfer_qs),
        "disposal_form": disposal_form or DisposalForm(queryset=disposal_qs),
        "transfers": Transfer.objects.all()[:50], "disposals": Disposal.objects.select_related(
            "decision")[:50]}, status=status)


def _custody_act(request, what: str, form_class, act, done: str, then: str):
    """A transfer or a disposal from the due page: its form on the dossiers due for it, the
    custody function, its record's page; any refusal back on the due page, at its field."""
    access.require(access.can_keep_records(request.user))
    choices = _due_choices()
    form = form_class(request.POST, queryset=choices[1 if what == "transfer" else 2])
    refused = partial(_due_page, request, status=400, choices=choices,
                      **{f"{what}_form": form})
    if not form.is_valid():
        return refused()
    data = dict(form.cleaned_data)
    try:
        made = act(list(data.pop("dossiers")), request.user, **data)
    except ValidationError as error:
        _errors(request, error, form)
        return refused()
    messages.success(request, done)
    return redirect(then, made.pk)


@login_required
def due(request):
    """What is due for transfer or disposal today, and the records of past ones."""
    access.require(access.can_keep_records(request.user))
    return _due_page(request)


@login_required
@require_POST
def transfer_make(request):
    return _custody_act(request, "transfer", TransferForm, custody.transfer,
                        _("Transferred to the archive."), "records:transfer")


@login_required
@require_POST
def disposal_make(request):
    return _custody_act(request, "disposal", DisposalForm, custody.dispose,
                        _("Disposed of, with the record of disposal."), "records:disposal")


@login_required
def transfer(request, transfer_id):
    access.require(access.can_view_records(request.user))
    found = get_object_or_404(Transfer, pk=transfer_id)
    if request.GET.get("format") == "pdf":
        return HttpResponse(bytes(found.pdf or b""), content_type="application/pdf")
    return render(request, "records/transfer.html", {
        "transfer": found, "dossiers": found.dossiers.all()})


@login_required
def disposal(request, disposal_id):
    access.require(access.can_view_records(request.user))
    found = get_object_or_404(Disposal.objects.select_related("decision"), pk=disposal_id)
    if request.GET.get("format") == "pdf":
        return HttpResponse(bytes(found.pdf or b""), content_type="application/pdf")
    return render(request, "records/disposal.html", {
        "disposal": found, "decision": found.decision, "dossiers": found.dossiers.all()})
