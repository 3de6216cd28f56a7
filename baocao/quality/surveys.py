"""Citizens' and organisations' satisfaction (QT.07 §5.1.2 a): surveys of a department or one of
its services, answered anonymously through a public link or the QR code printed for the
one-stop desk; the committee's standard questions; the results per period as counts and %.

What is kept of an answer: the survey, the day, the ratings, the comment.  No address, no time of
day, no session (only Django's random CSRF cookie); one answer per visit (the page carries a
signed one-time code, whose hash is unique among the answers) and a rate limit per address
(baocao.lib.ratelimit, hashed with a daily salt, in the cache only).
"""

import hashlib
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.organisation import access

from .models import (
    RATING_CHOICES,
    SATISFIED_FROM,
    SatisfactionSurvey,
    SurveyQuestion,
    SurveyRating,
    SurveyResponse,
)
from .stats import in_scope

VISIT_SALT = "baocao.quality.survey-visit"
VISIT_MAX_AGE = 6 * 60 * 60  # a page left open for a whole morning at the desk still works
MAX_COMMENT = 1000


def questions():
    return list(SurveyQuestion.objects.filter(active=True))


# --- the committee's surveys and questions ----------------------------------------------------

def create_survey(*, unit, title: str, actor, service: str = "") -> SatisfactionSurvey:
    if not access.can_manage_quality(actor) and not access.is_head_of(actor, unit):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("This field is required.")})
    survey = SatisfactionSurvey(unit=unit, title=title[:300], service=(service or "").strip()[:200],
                                token=secrets.token_urlsafe(12), recorded_by=actor)
    with transaction.atomic():
        survey.save()
        record("satisfactionsurvey.create", survey, actor=actor, details={
            "unit": unit.code, "title": survey.title, "service": survey.service})
    return survey


def set_survey_open(survey: SatisfactionSurvey, open_: bool, actor) -> SatisfactionSurvey:
    if not access.can_manage_quality(actor) and not access.is_head_of(actor, survey.unit):
        raise PermissionDenied
    with transaction.atomic():
        survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
        if survey.active == open_:
            return survey
        survey.active = open_
        survey.save(update_fields=["active"])
        record("satisfactionsurvey.open" if open_ else "satisfactionsurvey.close", survey,
               actor=actor)
    return survey


def add_question(text: str, actor, *, is_overall: bool = False) -> SurveyQuestion:
    if not access.can_manage_quality(actor):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("This field is required.")})
    if len(text) > 300:
        raise ValidationError({"text": _("At most %(n)d characters.") % {"n": 300}})
    with transaction.atomic():
        if is_overall:
            SurveyQuestion.objects.filter(is_overall=True).update(is_overall=False)
        last = SurveyQuestion.objects.order_by("-sort_order").first()
        question = SurveyQuestion.objects.create(
            text=text, is_overall=is_overall, sort_order=(last.sort_order + 10) if last else 10)
        record("surveyquestion.create", question, actor=actor,
               details={"text": text, "overall": is_overall})
    return question


def retire_question(question: SurveyQuestion, actor) -> SurveyQuestion:
    """A question no longer asked (its past answers stay); the overall question stays."""
    if not access.can_manage_quality(actor):
        raise PermissionDenied
    with transaction.atomic():
        question = SurveyQuestion.objects.select_for_update().get(pk=question.pk)
        if question.is_overall:
            raise ValidationError(_("The overall question cannot be retired; add another "
                                    "overall question first."))
        if not question.active:
            return question
        question.active = False
        question.save(update_fields=["active"])
        record("surveyquestion.retire", question, actor=actor, details={"text": question.text})
    return question


# --- answering (public) -----------------------------------------------------------------------

def visit_code(survey: SatisfactionSurvey) -> str:
    """The signed one-time code a survey page carries: one visit, one answer."""
    return signing.dumps({"s": survey.pk, "n": secrets.token_urlsafe(16)}, salt=VISIT_SALT)


def _visit_hash(code: str, survey: SatisfactionSurvey) -> str:
    try:
        data = signing.loads(code, salt=VISIT_SALT, max_age=VISIT_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This page was opened too long ago. Please open the survey "
                                "again.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This form is not valid. Please open the survey again.")) \
            from None
    if not isinstance(data, dict) or data.get("s") != survey.pk:
        raise ValidationError(_("This form is not valid. Please open the survey again."))
    return hashlib.sha256(str(data.get("n")).encode()).hexdigest()


class AlreadyAnswered(ValidationError):
    pass


def answer(survey: SatisfactionSurvey, ratings: dict, comment: str, visit: str) -> SurveyResponse:
    """Store one anonymous answer: `ratings` {question id: 1–5} for the survey's questions (the
    overall one is required), a comment of at most MAX_COMMENT characters."""
    if not survey.active:
        raise ValidationError(_("This survey is closed."))
    visit_hash = _visit_hash(visit, survey)
    asked = questions()
    errors = {}
    values = {}
    for question in asked:
        raw = ratings.get(question.pk)
        if raw in (None, ""):
            if question.is_overall:
                errors[f"q{question.pk}"] = _("Please answer this question.")
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if value not in dict(RATING_CHOICES):
            errors[f"q{question.pk}"] = _("Choose one of the five answers.")
            continue
        values[question.pk] = value
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = _("At most %(n)d characters.") % {"n": MAX_COMMENT}
    overall = next((q for q in asked if q.is_overall), None)
    if overall is None:
        errors["__all__"] = _("This survey has no overall question yet.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, submitted_on=timezone.localdate(), overall=values[overall.pk],
                satisfied=values[overall.pk] >= SATISFIED_FROM, comment=comment,
                visit=visit_hash)
            SurveyRating.objects.bulk_create(
                SurveyRating(response=response, question_id=qid, value=value)
                for qid, value in values.items())
            # No actor, no address: nothing of who answered goes on the record either.
            record("surveyresponse.create", survey, actor=None, ip=None, details={
                "response": response.pk, "overall": response.overall})
    except IntegrityError:
        raise AlreadyAnswered(_("Your answer from this page has already been received. "
                                "Thank you!")) from None
    return response


# --- results ----------------------------------------------------------------------------------

@dataclass
class QuestionResult:
    question: SurveyQuestion
    answers: int
    counts: list  # [(value, label, count, percent)]
    satisfied_percent: Decimal | None
    average: float | None


def _percent(part: int, whole: int) -> Decimal | None:
    """As the BM.07.01 figures round it: one decimal, half up."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def results(period, *, unit=None, survey=None) -> dict:
    """Counts and percentages for a period: of one survey, or of every survey of a unit (its
    subtree, and for the office the committee's own)."""
    responses = SurveyResponse.objects.filter(submitted_on__gte=period.start,
                                              submitted_on__lte=period.end)
    if survey is not None:
        responses = responses.filter(survey=survey)
    elif unit is not None:
        responses = responses.filter(in_scope(unit, "survey__unit"))
    total = responses.count()
    satisfied = responses.filter(satisfied=True).count()
    per_question = []
    ratings = SurveyRating.objects.filter(response__in=responses)
    counted = {(r["question_id"], r["value"]): r["n"] for r in
               ratings.values("question_id", "value").annotate(n=Count("pk"))}
    averages = dict(ratings.values("question_id").annotate(a=Avg("value")).values_list(
        "question_id", "a"))
    asked = SurveyQuestion.objects.filter(
        Q(active=True) | Q(ratings__response__in=responses)).distinct()
    for question in asked:
        n = sum(counted.get((question.pk, v), 0) for v, _label in RATING_CHOICES)
        counts = [(v, label, counted.get((question.pk, v), 0),
                   _percent(counted.get((question.pk, v), 0), n)) for v, label in RATING_CHOICES]
        happy = sum(c for v, _label, c, _p in counts if v >= SATISFIED_FROM)
        average = averages.get(question.pk)
        per_question.append(QuestionResult(question, n, counts, _percent(happy, n),
                                           round(float(average), 2) if average else None))
    comments = list(responses.exclude(comment="").order_by("-submitted_on", "-pk")
                    .values_list("submitted_on", "comment", "overall")[:200])
    return {"period": period, "answers": total, "satisfied": satisfied,
            "satisfied_percent": _percent(satisfied, total), "questions": per_question,
            "comments": comments}
