"""The public pages (no sign-in): a satisfaction survey answered from its link or QR code, an
improvement suggestion from a citizen, and the tracking of that suggestion by its code.

Safe by construction: CSRF on every form (Django's middleware, for anonymous visitors too), a
rate limit per address (baocao.lib.ratelimit: hashed with a daily salt, counted in the cache,
never stored), bounded input (the forms' lengths, the question set's size), nothing personal kept
(no address in the audit log either), messages in Vietnamese, pages laid out for a phone.
"""

import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baocao.lib import ratelimit

from . import suggestions, surveys
from .forms import AnswerForm, PublicSuggestionForm, TrackForm
from .models import SatisfactionSurvey

TOO_MANY = 429


def _limited(request, scope: str, limit: int) -> bool:
    return not ratelimit.public_hit(request, f"public-{scope}", limit)


@require_http_methods(["GET", "POST"])
def survey(request, token):
    survey = get_object_or_404(SatisfactionSurvey.objects.select_related("unit"), token=token)
    questions = surveys.questions()
    status, error = 200, ""
    if not survey.active:
        return render(request, "quality/public_survey.html", {"survey": survey, "closed": True})
    if request.method == "POST":
        form = AnswerForm(request.POST, questions=questions)
        if _limited(request, "survey", settings.BAOCAO_PUBLIC_ANSWERS_PER_HOUR):
            status, error = TOO_MANY, _("Too many answers from this connection in the last hour. "
                                        "Please try again later.")
        elif form.is_valid():
            try:
                surveys.answer(survey, form.ratings(), form.cleaned_data["comment"],
                               form.cleaned_data["visit"])
            except surveys.AlreadyAnswered:
                return redirect("public:survey_thanks", survey.token)
            except ValidationError as error_:
                status = 400
                if hasattr(error_, "error_dict"):
                    for field, messages in error_.message_dict.items():
                        for message in messages:
                            form.add_error(field if field in form.fields else None, message)
                else:
                    error = " ".join(error_.messages)
            else:
                return redirect("public:survey_thanks", survey.token)
        else:
            status = 400
    else:
        form = AnswerForm(initial={"visit": surveys.visit_code(survey)}, questions=questions)
    return render(request, "quality/public_survey.html", {
        "survey": survey, "form": form, "error": error}, status=status)


def survey_thanks(request, token):
    survey = get_object_or_404(SatisfactionSurvey, token=token)
    return render(request, "quality/public_thanks.html", {"survey": survey})


def survey_qr(request, token):
    """The survey's link as a QR code (SVG), for the printed card at the one-stop desk."""
    survey = get_object_or_404(SatisfactionSurvey, token=token)
    link = request.build_absolute_uri(reverse("public:survey", args=[survey.token]))
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=12,
                        border=2)
    response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_http_methods(["GET", "POST"])
def suggest(request):
    """A citizen's improvement suggestion; the tracking code is shown once."""
    form = PublicSuggestionForm(request.POST or None)
    form.set_units(suggestions.public_units())
    status, error = 200, ""
    if request.method == "POST":
        if _limited(request, "suggest", settings.BAOCAO_PUBLIC_SUGGESTIONS_PER_HOUR):
            status, error = TOO_MANY, _("Too many suggestions from this connection in the last "
                                        "hour. Please try again later.")
        elif form.is_valid():
            visit = request.POST.get("visit", "")
            if visit and not caches["default"].add(f"suggest-visit:{visit[:64]}", 1, 6 * 3600):
                error, status = _("This suggestion has already been sent."), 400
            else:
                data = form.cleaned_data
                try:
                    suggestion, code = suggestions.submit_public(
                        unit=data["unit"], title=data["title"], body=data["body"],
                        name=data["name"], contact=data["contact"])
                except ValidationError as error_:
                    form.add_errors(error_)
                    status = 400
                else:
                    return render(request, "quality/public_suggested.html", {
                        "suggestion": suggestion, "code": code})
        else:
            status = 400
    return render(request, "quality/public_suggest.html", {
        "form": form, "error": error, "visit": secrets.token_urlsafe(16)}, status=status)


@require_http_methods(["GET", "POST"])
def track(request):
    """A citizen follows their suggestion with its tracking code (POSTed: not in any URL)."""
    form = TrackForm(request.POST or None)
    found, status, error = None, 200, ""
    if request.method == "POST":
        if _limited(request, "track", settings.BAOCAO_PUBLIC_LOOKUPS_PER_HOUR):
            status, error = TOO_MANY, _("Too many look-ups from this connection in the last "
                                        "hour. Please try again later.")
        elif form.is_valid():
            found = suggestions.find_by_code(form.cleaned_data["code"])
            if found is None:
                status = 404
                form.add_error("code", _("No suggestion has this code. Check it and try "
                                         "again."))
        else:
            status = 400
    return render(request, "quality/public_track.html", {
        "form": form, "suggestion": found, "error": error,
        "timeline": suggestions.timeline(found, for_author=True) if found else []},
        status=status)
