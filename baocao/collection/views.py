from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from baocao.catalogue.models import FormSection
from baocao.lib import listing, params
from baocao.lib.http import xlsx_response
from baocao.organisation import access
from baocao.organisation.models import OrgUnit

from . import bulk, excel, pages, rounds, submissions
from .forms import (
    BulkForm,
    CellForm,
    CommentForm,
    ExtendForm,
    OpenRoundForm,
    PaperForm,
    ReturnForm,
    RoundFilterForm,
    TextForm,
)
from .models import Attachment, Round, Submission

S = Submission.State


def _messages_from(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


@login_required
def round_list(request):
    """The rounds, newest first, searched and filtered (the units see their own reports)."""
    user = request.user
    access.require(access.can_view_catalogue(user))
    watching = access.can_watch_rounds(user)
    today = timezone.localdate()
    filters = RoundFilterForm(request.GET, user=user)
    if watching:
        rounds_qs = filters.filter(Round.objects.select_related("form", "request"), today)
        rounds_qs = Round.objects.filter(pk__in=rounds_qs.values("pk")).select_related(
            "form", "request").annotate(
            expected=Count("submissions"),
            sent=Count("submissions", filter=Q(submissions__first_sent_at__isnull=False)),
            received=Count("submissions", filter=Q(submissions__state=S.RECEIVED)),
            late=Count("submissions", filter=Q(submissions__first_sent_at__isnull=True,
                                               submissions__due_date__lt=today)),
        ).order_by("-period_end", "form__name")
        listed = rounds_qs
    else:
        listed = Submission.objects.filter(
            unit__in=access.visible_units(user),
            round__in=filters.filter(Round.objects.all(), today)).select_related(
            "round", "round__form", "unit").order_by("-round__period_end", "unit__path")
    page, query = listing.page_of(request, listed, 20)
    return render(request, "collection/round_list.html", {
        "page": page, "query": query, "filters": filters, "watching": watching,
        "can_open": access.can_open_round(user), "today": today})


@login_required
def round_open(request):
    access.require(access.can_open_round(request.user))
    form = OpenRoundForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = rounds.open_round(
                form=data["form"], period_text=data["period"], units=list(data["units"]),
                due_date=data["due_date"], paper_due_date=data["paper_due_date"],
                subject=data["subject"], outline=data["outline"], body=data["body"],
                number=data["number"], letter_date=data["letter_date"],
                guidance=data["guidance"], actor=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            if rounds.letter_drafted(rnd):
                messages.success(request, _("The round is open and its request letter is "
                                            "drafted: the units are told once it is issued."))
            else:
                messages.success(request, _("The round is open and the units were notified."))
            return redirect("collection:round_detail", rnd.pk)
    return render(request, "collection/round_open.html", {"form": form})


@login_required
def round_detail(request, round_id):
    rnd = get_object_or_404(Round.objects.select_related("form", "form_version", "request"),
                            pk=round_id)
    access.require(access.can_watch_rounds(request.user))
    return render(request, "collection/round_detail.html", pages.round_page(rnd, request.user))


def _bulk_done(result) -> str:
    n = len(result.chosen)
    if result.action == "receive":
        return ngettext("%(n)d report received.", "%(n)d reports received.", n) % {"n": n}
    if result.action == "remind":
        return ngettext("%(n)d unit reminded (a notification and an e-mail).",
                        "%(n)d units reminded (a notification and an e-mail).", n) % {"n": n}
    return ngettext("Deadline extended for %(n)d unit.", "Deadline extended for %(n)d units.",
                    n) % {"n": n}


@login_required
@require_POST
def round_bulk(request, round_id):
    """An action on several reports of the round: its confirmation page, then, confirmed, the
    action (bulk.py)."""
    rnd = get_object_or_404(Round.objects.select_related("form"), pk=round_id)
    access.require(access.can_watch_rounds(request.user))
    form = BulkForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    if "action" not in data or "selected" not in data:
        return _bad_request(form)
    access.require(bulk.may(data["action"], request.user))
    if data.get("confirm") and form.is_valid():
        try:
            result = bulk.run(rnd, data["action"], data["selected"], request.user,
                              new_due=data["due_date"], reason=data["reason"],
                              message=data["message"])
        except ValidationError as error:
            for field, errors in error.message_dict.items() if hasattr(
                    error, "error_dict") else [(None, error.messages)]:
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _bulk_done(result))
            return redirect("collection:round_detail", rnd.pk)
    return render(request, "collection/round_bulk.html", {
        "round": rnd, "form": form, "action": data["action"],
        "plan": bulk.plan(rnd, data["action"], data["selected"], request.user,
                          new_due=data.get("due_date"))})


@login_required
def round_xlsx(request, round_id):
    rnd = get_object_or_404(Round.objects.select_related("form"), pk=round_id)
    access.require(access.can_watch_rounds(request.user))
    return xlsx_response(pages.round_workbook(rnd), f"round-{rnd.form.code}-{rnd.period}.xlsx")


@login_required
def round_promises(request, round_id):
    rnd = get_object_or_404(Round.objects.select_related("form"), pk=round_id)
    access.require(access.can_watch_rounds(request.user))
    return render(request, "collection/promises.html", pages.promises(rnd))


def _submission(request, submission_id) -> Submission:
    submission = submissions.read(submission_id)
    if submission is None:
        raise Http404
    access.require(access.can_view_submission(request.user, submission))
    return submission


@login_required
def submission_detail(request, submission_id):
    submission = _submission(request, submission_id)
    return render(request, "collection/submission.html",
                  pages.submission_page(submission, request.user))


def _bad_request(form) -> HttpResponse:
    return HttpResponse(_("Incomplete request.") + " " + " ".join(
        f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()), status=400)


@login_required
@require_POST
def submission_cell(request, submission_id):
    submission = _submission(request, submission_id)
    access.require(access.can_edit_submission(request.user, submission))
    form = CellForm(request.POST)
    if not form.is_valid():
        return _bad_request(form)
    data = form.cleaned_data
    try:
        result = submissions.save_cell(submission, data["indicator"], data["column"],
                                       data["value"], request.user, revision=data["revision"])
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=409)
    response = render(request, "collection/_row_response.html",
                      pages.row_context(submission, data["indicator"], result),
                      status=409 if result.conflict else 200)
    if result.conflict:  # the page swaps this row in: theirs and mine, to keep one
        response["X-Baocao-Merge"] = "1"
    return response


@login_required
@require_POST
def submission_comment(request, submission_id):
    submission = _submission(request, submission_id)
    access.require(access.can_edit_submission(request.user, submission))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _bad_request(form)
    indicator_id = form.cleaned_data["indicator"]
    try:
        submissions.save_comment(submission, indicator_id, form.cleaned_data["comment"],
                                 request.user)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=409)
    return render(request, "collection/_row_response.html",
                  pages.row_context(submission, indicator_id, None))


@login_required
@require_POST
def submission_text(request, submission_id, section_id):
    submission = _submission(request, submission_id)
    access.require(access.can_edit_submission(request.user, submission))
    section = get_object_or_404(FormSection, pk=section_id)
    form = TextForm(request.POST)
    if not form.is_valid():
        return _bad_request(form)
    mine = submissions.clean_html(form.cleaned_data["html"])
    try:
        text, conflict = submissions.save_text(submission, section, mine, request.user,
                                               revision=form.cleaned_data["revision"])
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=409)
    response = render(request, "collection/_text_status.html",
                      {"text": text, "conflict": conflict, "section": section, "mine": mine},
                      status=409 if conflict else 200)
    if conflict:
        response["X-Baocao-Merge"] = "1"
    return response


def _valid(form_class, request, message):
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError(message)
    return form.cleaned_data


def _ask_approval(request, submission):
    submissions.ask_approval(submission, request.user)
    return _("The head of the unit is told the report awaits their approval.")


def _approve(request, submission):
    submissions.approve(submission, request.user)
    return _("Approved. It can now be sent.")


def _send(request, submission):
    sent = submissions.send(submission, request.user)
    return _("Sent on time.") if sent.on_time else _("Sent, after the due date.")


def _receive(request, submission):
    submissions.receive(submission, request.user)
    return _("Received.")


def _return(request, submission):
    access.require(access.can_receive_submissions(request.user))  # before reading the form
    data = _valid(ReturnForm, request, _("Give the reason for returning the report."))
    submissions.return_submission(submission, data["reason"], request.user)
    return _("Returned to the unit for correction.")


def _paper(request, submission):
    access.require(access.can_receive_submissions(request.user))  # before reading the form
    data = _valid(PaperForm, request, _("Give the day the paper copy arrived."))
    submissions.record_paper_copy(submission, data["day"], request.user)
    return _("Paper copy recorded.")


def _extend(request, submission):
    access.require(access.can_extend_submission(request.user))  # before reading the form
    data = _valid(ExtendForm, request, _("Give the new due date and the reason."))
    rounds.extend(submission, data["due_date"], data["reason"], request.user)
    return _("Deadline extended.")


def _copy_texts(request, submission):
    filled = submissions.copy_previous_texts(submission, request.user)
    return ngettext("Copied the text of the last period into %(n)d section: %(titles)s.",
                    "Copied the texts of the last period into %(n)d sections: %(titles)s.",
                    len(filled)) % {"n": len(filled), "titles": "; ".join(filled)}


ACTIONS = {"ask_approval": _ask_approval, "approve": _approve, "send": _send,
           "receive": _receive, "return": _return, "paper": _paper, "extend": _extend,
           "copy_texts": _copy_texts}


@login_required
@require_POST
def submission_action(request, submission_id, action):
    """One state change of a submission; back to the page it came from."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    submission = _submission(request, submission_id)
    try:
        messages.success(request, handler(request, submission))
    except ValidationError as error:
        _messages_from(request, error)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("collection:submission", submission.pk)


@login_required
@require_POST
def submission_attach(request, submission_id):
    submission = _submission(request, submission_id)
    access.require(access.can_edit_submission(request.user, submission))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            submissions.add_attachment(submission, upload, request.user)
            messages.success(request, _("Attached."))
        except ValidationError as error:
            _messages_from(request, error)
    return redirect("collection:submission", submission.pk)


@login_required
def attachment_download(request, attachment_id):
    attachment = get_object_or_404(Attachment.objects.select_related(
        "submission__unit", "request__round"), pk=attachment_id)
    if attachment.submission_id:
        access.require(access.can_view_submission(request.user, attachment.submission))
    else:
        access.require(access.can_view_catalogue(request.user))
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.name, content_type=attachment.content_type)


@login_required
def submission_xlsx(request, submission_id):
    submission = _submission(request, submission_id)
    name = f"{submission.round.form.code}-{submission.unit.code}-{submission.round.period}.xlsx"
    return xlsx_response(excel.build_template(submission), name)


@login_required
@require_POST
def submission_upload(request, submission_id):
    submission = _submission(request, submission_id)
    access.require(access.can_edit_submission(request.user, submission))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the filled Excel file."))
        return redirect("collection:submission", submission.pk)
    if upload.size > excel.settings.BAOCAO_MAX_XLSX_BYTES:
        messages.error(request, _("The file is larger than %(mb)d MB.") % {
            "mb": excel.settings.BAOCAO_MAX_XLSX_BYTES // (1024 * 1024)})
        return redirect("collection:submission", submission.pk)
    try:
        parsed = excel.import_upload(submission, upload.read(), request.user)
    except ValidationError as error:
        _messages_from(request, error)
        return redirect("collection:submission", submission.pk)
    errors = [p for p in parsed.problems if p.level == "error"]
    if errors:
        messages.error(request, _("Nothing was saved: the file has %(n)d error(s).")
                       % {"n": len(errors)})
        for problem in errors[:50]:
            messages.error(request, problem.text)
    else:
        messages.success(request, _("The Excel file was taken in."))
        for problem in parsed.problems[:20]:
            messages.warning(request, problem.text)
    return redirect("collection:submission", submission.pk)


@login_required
def unit_record(request, code):
    unit = get_object_or_404(OrgUnit, code=code)
    access.require(access.can_view_unit(request.user, unit))
    year = params.year(request.GET, default=timezone.localdate().year)
    return render(request, "collection/unit_record.html", pages.unit_record(unit, year))
