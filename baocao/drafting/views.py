from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from baocao.catalogue.models import Action
from baocao.collection.models import Round
from baocao.lib import listing
from baocao.lib.params import identifiers
from baocao.organisation import access

from . import building, diff, editing, gates, pages, remote, workflow
from .forms import (
    AdHocForm,
    AnswerForm,
    ConsultForm,
    DraftFilterForm,
    GateForm,
    IssueForm,
    ReasonForm,
    RemoteAnswerForm,
    ResolveForm,
    SignForm,
)
from .models import Comment, Draft, DraftSection, RemoteSignature


def _errors(request, error: ValidationError, form=None):
    """A refused action's messages: at the form's fields where they name one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                if form is not None and field in form.fields:
                    form.add_error(field, message)
                else:
                    messages.error(request, message)
    else:
        for message in error.messages:
            messages.error(request, message)


def _draft(request, draft_id) -> Draft:
    draft = get_object_or_404(Draft.objects.select_related(
        "step", "regime", "lead_unit", "round", "ad_hoc"), pk=draft_id)
    access.require(access.can_view_draft(request.user, draft))
    return draft


@login_required
def draft_list(request):
    user = request.user
    access.require(access.can_view_catalogue(user))
    drafts = Draft.objects.select_related("step", "regime", "lead_unit").order_by("-created_at")
    if not access.sees_whole_committee(user):
        units = [m.unit_id for m in access.memberships(user)]
        drafts = drafts.filter(Q(lead_unit__in=units) | Q(consultations__invitees__user=user) |
                               Q(consultations__invitees__unit__in=units)).distinct()
    filters = DraftFilterForm(request.GET)
    page, query = listing.page_of(request, filters.filter(drafts), 20)
    return render(request, "drafting/draft_list.html", {
        "page": page, "query": query, "filters": filters,
        "can_order": access.can_order_ad_hoc(user), "rounds": pages.rounds_without_draft(user)})


@login_required
@require_POST
def draft_create(request, round_id):
    rnd = get_object_or_404(Round.objects.select_related("form", "form__regime", "request"),
                            pk=round_id)
    form = GateForm(request.POST)
    form.is_valid()
    try:
        draft = building.draft_from_round(
            rnd, request.user, unsent_reason=form.cleaned_data.get("unsent_reason", ""))
    except ValidationError as error:
        if gates.FIELD in getattr(error, "message_dict", {}):
            # Units have not sent: ask for the reason, naming them (an error only when the
            # question was answered empty).
            if gates.FIELD in request.POST:
                _errors(request, error, form)
            return render(request, "drafting/confirm_build.html", {
                "round": rnd, "form": form, "not_sent": gates.not_sent(rnd)}, status=400)
        _errors(request, error)
        return redirect("collection:round_detail", rnd.pk)
    messages.success(request, _("The draft is built from the round: edit it section by "
                                "section."))
    return redirect("drafting:draft", draft.pk)


@login_required
def ad_hoc_new(request):
    access.require(access.can_order_ad_hoc(request.user))
    committee = access.committee()
    form = AdHocForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = building.order_ad_hoc(
                subject=data["subject"], department=data["department"],
                deadline=data["deadline"], actor=request.user,
                instructions=data["instructions"], contributors=list(data["contributors"]))
        except ValidationError as error:
            _errors(request, error, form)
        else:
            messages.success(request, _("The report is ordered; the department and the units "
                                        "asked see it in their to-do list."))
            return redirect("drafting:draft", draft.pk)
    return render(request, "drafting/ad_hoc_new.html", {"form": form})


@login_required
def draft_detail(request, draft_id):
    draft = _draft(request, draft_id)
    return render(request, "drafting/draft.html", pages.draft_page(draft, request.user))


def _step_seen(request) -> int | None:
    """The step the user saw when acting (posted with the form): refused if it moved since."""
    value = request.POST.get("step", "")
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadRequest(_("Incomplete request."))
    return int(value)


# Actions that come with a form: (the form's key on the draft page, its class, whether it takes
# the committee, the parameters it gives the action).
ACTION_FORMS = {
    Action.SUBMIT: ("submit", GateForm, False, lambda d: {"unsent_reason": d["unsent_reason"]}),
    Action.CONSULT: ("consult", ConsultForm, True, lambda d: {
        k: d[k] for k in ("users", "units", "deadline", "message")}),
    Action.RETURN: ("return", ReasonForm, False, lambda d: {"reason": d["reason"]}),
    Action.SIGN: ("sign", SignForm, False, lambda d: {
        "authority": d.get("authority") or None, "password": d.get("password") or None,
        "unsent_reason": d["unsent_reason"]}),
    Action.ISSUE: ("issue", IssueForm, True, lambda d: {
        k: d[k] for k in ("recipients", "others", "issued_on", "filing_line", "unsent_reason")}),
}


@login_required
@require_POST
def draft_act(request, draft_id, action):
    """One workflow action on the draft (workflow.ACTIONS), its form checked first."""
    draft = _draft(request, draft_id)
    if action not in workflow.ACTIONS:
        raise Http404
    key, form, params = None, None, {"reason": request.POST.get("reason", "")}
    if action in ACTION_FORMS:
        key, form_class, with_committee, to_params = ACTION_FORMS[action]
        extra = {"committee": draft.lead_unit.committee()} if with_committee else {}
        form = form_class(request.POST, **extra)
        if not form.is_valid():
            return render(request, "drafting/draft.html", pages.draft_page(
                draft, request.user, forms={key: form}), status=400)
        params.update(to_params(form.cleaned_data))
    try:
        workflow.ACTIONS[action](draft, request.user, seen_step=_step_seen(request), **params)
    except ValidationError as error:
        if form is None:
            _errors(request, error)
            return redirect("drafting:draft", draft.pk)
        _errors(request, error, form)
        return render(request, "drafting/draft.html", pages.draft_page(
            draft, request.user, forms={key: form}), status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
    return redirect("drafting:draft", draft.pk)


@login_required
def section_edit(request, draft_id, section_id):
    draft = _draft(request, draft_id)
    section = get_object_or_404(DraftSection, pk=section_id, draft=draft)
    access.require(workflow.can_edit_text(draft, request.user))
    context = {"draft": draft, "section": section, "html": section.html,
               "revision": section.revision}
    if request.method == "POST":
        try:
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        try:
            result = editing.save_section(section, request.POST.get("html", ""), request.user,
                                          revision=revision,
                                          merged=request.POST.get("merged") == "1")
        except ValidationError as error:
            _errors(request, error)
            context["html"] = request.POST.get("html", "")
            return render(request, "drafting/section_edit.html", context, status=400)
        if result.conflict:
            theirs = result.section
            left, right, _changed = diff.side_by_side(theirs.html, result.mine)
            context.update({"conflict": True, "theirs": theirs, "html": result.mine,
                            "revision": theirs.revision, "diff_left": left,
                            "diff_right": right})
            return render(request, "drafting/section_edit.html", context, status=409)
        if result.version:
            messages.success(request, _("Saved as version %(n)d.") % {
                "n": result.version.number})
        return redirect(f"{draft.get_absolute_url()}#section-{section.pk}")
    return render(request, "drafting/section_edit.html", context)


@login_required
def versions(request, draft_id):
    draft = _draft(request, draft_id)
    return render(request, "drafting/versions.html",
                  pages.versions_page(draft, request.GET.get("a"), request.GET.get("b")))


@login_required
def comments(request, draft_id):
    draft = _draft(request, draft_id)
    return render(request, "drafting/comments.html", pages.comments_page(draft, request.user))


@login_required
@require_POST
def comment_resolve(request, draft_id, comment_id):
    draft = _draft(request, draft_id)
    comment = get_object_or_404(Comment, pk=comment_id, draft=draft)
    access.require(workflow.can_take_in(draft, request.user))
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            workflow.resolve_comment(comment, request.user, form.cleaned_data["resolution"],
                                     form.cleaned_data["note"])
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, _("Accept or decline the comment."))
    return redirect(f"{draft.get_absolute_url()}comments/#comment-{comment.pk}")


@login_required
def comment_letter(request, draft_id, comment_id):
    draft = _draft(request, draft_id)
    comment = get_object_or_404(Comment, pk=comment_id, draft=draft)
    if not comment.letter:
        raise Http404
    return FileResponse(comment.letter.open("rb"), as_attachment=True,
                        filename=comment.letter_name or "letter")


@login_required
@require_POST
def answer(request, draft_id):
    draft = _draft(request, draft_id)
    consultation = workflow.open_consultation_of(draft)
    if consultation is None or access.invitee_for(consultation, request.user) is None:
        access.require(False)
    if request.POST.get("decline") == "1":
        try:
            workflow.decline(consultation, request.user, request.POST.get("reason", ""))
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("You declined to comment."))
        return redirect("drafting:draft", draft.pk)
    if request.POST.get("finish") == "1":
        try:
            workflow.finish(consultation, request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your comments are sent; thank you."))
        return redirect("drafting:draft", draft.pk)
    form = AnswerForm(request.POST, request.FILES, draft=draft)
    if form.is_valid():
        data = form.cleaned_data
        finished = data["finished"] if "finished" in request.POST else True
        try:
            comment = workflow.answer(consultation, request.user, body=data["body"],
                                      section=data["section"], letter=data["letter"],
                                      quote=data["quote"], finished=finished)
        except ValidationError as error:
            _errors(request, error, form)
        else:
            messages.success(request, _("Your comment is recorded; thank you.") if
                             finished else _("Your comment is recorded; you may add "
                                                     "another, then send them."))
            return redirect(f"{draft.get_absolute_url()}#section-{comment.section_id}"
                            if comment.section_id else draft.get_absolute_url())
    return render(request, "drafting/draft.html", pages.draft_page(
        draft, request.user, forms={"answer": form}), status=400)


@login_required
@require_POST
def consultation_close(request, draft_id):
    draft = _draft(request, draft_id)
    consultation = workflow.open_consultation_of(draft)
    access.require(consultation is not None and workflow.can_close_early(consultation,
                                                                         request.user))
    try:
        workflow.close_consultation(consultation, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The consultation is closed with the answers received."))
    return redirect("drafting:draft", draft.pk)


@login_required
@require_POST
def draft_recipients(request, draft_id):
    """Nơi nhận of the draft, chosen from the committee's list (and others typed)."""
    from baocao.documents.models import Recipient

    draft = _draft(request, draft_id)
    access.require(workflow.can_edit_text(draft, request.user))
    chosen = Recipient.objects.filter(committee=draft.lead_unit.committee(), active=True,
                                      pk__in=identifiers(request.POST.getlist(
                                          "recipients"), _("recipient")))
    try:
        editing.set_recipients(draft, list(chosen), request.POST.get("others", ""),
                               request.user, addressed_to=request.POST.get("addressed_to"))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Recipients saved."))
    return redirect(f"{draft.get_absolute_url()}#recipients")


@login_required
@xframe_options_sameorigin
def draft_file(request, draft_id, fmt):
    """The draft as it would print (DỰ THẢO, its latest version) in any of the formats."""
    from baocao.documents import structure
    from baocao.documents.views import file_response

    draft = _draft(request, draft_id)
    return file_response(structure.of_draft(draft), fmt)


@login_required
def timeline(request, draft_id):
    draft = _draft(request, draft_id)
    return render(request, "drafting/timeline.html", pages.timeline_page(draft))


@login_required
def round_timeline(request, round_id):
    rnd = get_object_or_404(Round.objects.select_related("form", "request").annotate(
        n=Count("submissions")), pk=round_id)
    access.require(access.can_watch_rounds(request.user))
    return render(request, "drafting/round_timeline.html", pages.round_timeline(rnd))


# --- signing with a USB token that stays with the signer (drafting.remote) -------------------

@login_required
@require_POST
def remote_start(request, draft_id):
    draft = _draft(request, draft_id)
    form = SignForm(request.POST)
    form.is_valid()
    try:
        found = remote.start(draft, request.user, seen_step=_step_seen(request),
                             authority=form.cleaned_data.get("authority") or None,
                             unsent_reason=form.cleaned_data.get("unsent_reason", ""))
    except ValidationError as error:
        _errors(request, error)
        return redirect("drafting:draft", draft.pk)
    return redirect("drafting:remote", found.token)


def _remote(request, token) -> RemoteSignature:
    found = get_object_or_404(RemoteSignature.objects.select_related("draft", "key", "user"),
                              token=token)
    access.require(found.user_id == request.user.pk)
    return found


@login_required
def remote_page(request, token):
    """The signer's page while their signing agent signs: what to hand it, where it answers,
    a place to paste its answer, and the state (polled)."""
    found = _remote(request, token)
    form = RemoteAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            remote.complete(found, form.cleaned_data["value"])
        except ValidationError as error:
            _errors(request, error, form)
        else:
            messages.success(request, _("Signed with your USB token."))
            return redirect("drafting:draft", found.draft_id)
        found.refresh_from_db()
    state = found.current_state
    if request.headers.get("HX-Request") and request.GET.get("poll"):
        if state == RemoteSignature.State.COMPLETED:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("drafting:draft", args=[found.draft_id])
            return response
        return render(request, "drafting/_remote_state.html", {"remote": found, "state": state})
    return render(request, "drafting/remote.html", {
        "remote": found, "draft": found.draft, "state": state, "form": form,
        "agent_url": request.build_absolute_uri(reverse("drafting:remote_agent",
                                                        args=[found.token]))},
        status=400 if form.errors else 200)


@login_required
@require_POST
def remote_cancel(request, token):
    found = _remote(request, token)
    remote.cancel(found, request.user)
    messages.info(request, _("The signing request is cancelled."))
    return redirect("drafting:draft", found.draft_id)


@csrf_exempt
def remote_agent(request, token):
    """The signing agent's address (no sign-in: the one-time token is the address, and only the
    token's holder can answer with a value that verifies).  GET: what to sign, as JSON.  POST
    {"signature": base64}: the token's signature value."""
    found = RemoteSignature.objects.select_related("draft", "key", "user").filter(
        token=token).first()
    if found is None:
        return JsonResponse({"error": _("No such signing request.")}, status=404)
    base = request.build_absolute_uri("/")[:-1]
    if request.method == "GET":
        response = JsonResponse(remote.payload(found, base), json_dumps_params={
            "ensure_ascii": False, "indent": 1})
        if request.GET.get("download"):
            response["Content-Disposition"] = f'attachment; filename="ky-so-{found.pk}.json"'
        return response
    if request.method != "POST":
        return JsonResponse({"error": _("Use GET or POST.")}, status=405)
    if len(request.body) > RemoteAnswerForm.LIMIT:
        return JsonResponse({"error": _("The answer is too large.")}, status=413)
    try:
        value = RemoteAnswerForm.value_of(request.body.decode("utf-8", "replace"))
        remote.complete(found, value)
    except ValidationError as error:
        found.refresh_from_db()
        return JsonResponse({"error": " ".join(error.messages),
                             "state": found.current_state}, status=400)
    return JsonResponse({"state": "completed", "draft": base + reverse(
        "drafting:draft", args=[found.draft_id])})
