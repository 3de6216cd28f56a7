"""Quality statistics and improvement (seed 2, QT.07 §5.1.2 a–d, §5.2, §6, §7): the registers of
each department and of the whole committee, the citizens' satisfaction surveys, the improvement
suggestions, the department's BM.07.01 report as a signed document, and the QMR's summary for the
management review.

Every entry says who recorded it and when; every state change is one function in
`registers.py`, `surveys.py` or `suggestions.py`, in a transaction, with an audit event.  Entries
are never deleted: what was wrong is corrected by a later state change, on the record.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.periods import Period
from baocao.organisation.models import OrgUnit


class Recorded(models.Model):
    """Who recorded an entry, and when."""

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


# --- quality objectives --------------------------------------------------------------------------

class QualityObjective(Recorded):
    """A department's (or the committee's) measurable goal for a year (mục tiêu chất lượng)."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("at least (≥)")
        AT_MOST = "at_most", _("at most (≤)")

    class State(models.TextChoices):
        ACTIVE = "active", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="quality_objectives",
                             verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("objective"), max_length=300)
    measure = models.CharField(_("how it is measured"), max_length=300)
    comparison = models.CharField(_("the result must be"), max_length=10,
                                  choices=Comparison.choices, default=Comparison.AT_LEAST)
    target = models.DecimalField(_("target"), max_digits=24, decimal_places=6)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    indicator = models.ForeignKey("catalogue.Indicator", models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("result from the indicator"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.ACTIVE)
    withdrawn_reason = models.CharField(_("reason for the withdrawal"), max_length=300,
                                        blank=True)

    class Meta:
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        ordering = ["-year", "unit__path", "pk"]

    def __str__(self):
        return self.title

    def is_met_by(self, value) -> bool:
        if self.comparison == self.Comparison.AT_MOST:
            return value <= self.target
        return value >= self.target


class ObjectiveResult(Recorded):
    """The result of an objective for a period: typed, or taken from its indicator."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        INDICATOR = "indicator", _("From the indicator")

    objective = models.ForeignKey(QualityObjective, models.PROTECT, related_name="results",
                                  verbose_name=_("objective"))
    period = models.CharField(_("period"), max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(_("result"), max_digits=24, decimal_places=6)
    met = models.BooleanField(_("met"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.ENTERED)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("objective result")
        verbose_name_plural = _("objective results")
        ordering = ["objective", "period_start"]
        constraints = [models.UniqueConstraint(fields=["objective", "period"],
                                               name="objective_result_once")]

    def __str__(self):
        return f"{self.objective} · {self.period}"

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label()


# --- erroneous documents -----------------------------------------------------------------------

class DocumentError(Recorded):
    """An erroneous document (văn bản sai lỗi, a nonconformity) and its correction."""

    class State(models.TextChoices):
        OPEN = "open", _("Not yet corrected")
        CORRECTED = "corrected", _("Corrected")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="document_errors",
                             verbose_name=_("unit"))
    document_title = models.CharField(_("document"), max_length=300,
                                      help_text=_("Number, date and summary, e.g. "
                                                  "\"125/BC-UBND ngày 20/10/2026 …\"."))
    document = models.ForeignKey("documents.Document", models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("the document, if ours"))
    error = models.TextField(_("what is wrong"))
    found_by = models.CharField(_("found by"), max_length=200)
    found_on = models.DateField(_("found on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.OPEN)
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    correction = models.TextField(_("how it was corrected"), blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("corrected by"))
    corrected_document = models.ForeignKey(
        "documents.Document", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("the corrected document, if ours"))

    class Meta:
        verbose_name = _("erroneous document")
        verbose_name_plural = _("erroneous documents")
        ordering = ["-found_on", "-pk"]

    def __str__(self):
        return self.document_title


# --- corrective and preventive actions ---------------------------------------------------------

class Capa(Recorded):
    """A corrective, preventive or improvement action (hành động khắc phục / phòng ngừa / cải
    tiến): the problem, its cause, the action, who, by when; done; its effectiveness checked.

        open ─complete→ done ─check (effective)→ closed
          ↑                 └─check (not effective)─┘ (open again, with the reason)
    """

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective action")
        PREVENTIVE = "preventive", _("Preventive action")
        IMPROVEMENT = "improvement", _("Improvement")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done, effectiveness to check")
        CLOSED = "closed", _("Closed (effective)")

    class Source(models.TextChoices):
        DIRECT = "direct", _("Opened directly")
        OBJECTIVE = "objective", _("A quality objective not met")
        DOCUMENT_ERROR = "document_error", _("An erroneous document")
        AUDIT_FINDING = "audit_finding", _("An internal audit finding")
        COMPLAINT = "complaint", _("A complaint")
        SUGGESTION = "suggestion", _("An improvement suggestion")
        REQUEST_PROBLEM = "request_problem", _("A problem in handling a request")
        EQUIPMENT_INCIDENT = "equipment_incident", _("An equipment incident")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices,
                            default=Kind.CORRECTIVE)
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="capas",
                             verbose_name=_("unit"))
    source = models.CharField(_("opened from"), max_length=20, choices=Source.choices,
                              default=Source.DIRECT)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    problem = models.TextField(_("the problem"))
    cause = models.TextField(_("its cause"), blank=True)
    action = models.TextField(_("the action"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("who carries it out"))
    due_date = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("effectiveness checked by"))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    effective = models.BooleanField(_("effective"), null=True, blank=True)
    check_note = models.TextField(_("the check"), blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("corrective or preventive action")
        verbose_name_plural = _("corrective and preventive actions")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["source", "source_id"], name="capa_source_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def is_overdue(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.state == self.State.OPEN and self.due_date < day


# --- problems in handling citizens' and organisations' requests ---------------------------------

class RequestProblem(Recorded):
    """A problem in handling a citizen's or an organisation's request: late, returned, missing
    papers… (các vấn đề xảy ra trong giải quyết công việc cho khách hàng)."""

    class Kind(models.TextChoices):
        LATE = "late", _("Handled late")
        RETURNED = "returned", _("File returned to the applicant")
        MISSING_PAPERS = "missing_papers", _("Missing papers asked again")
        WRONG_RESULT = "wrong_result", _("Wrong result")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="request_problems",
                             verbose_name=_("unit"))
    occurred_on = models.DateField(_("on"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    procedure = models.CharField(_("administrative procedure"), max_length=300, blank=True)
    case_reference = models.CharField(_("file number"), max_length=100, blank=True)
    description = models.TextField(_("what happened"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.OPEN)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("resolved by"))

    class Meta:
        verbose_name = _("problem in handling a request")
        verbose_name_plural = _("problems in handling requests")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.case_reference or self.occurred_on}"


# --- incoming documents handled and records filed ------------------------------------------------

class WorkloadCount(Recorded):
    """Per period: incoming documents received and handled, and records filed (kết quả xử lý văn
    bản đến và lưu trữ hồ sơ); entered or imported."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="workload_counts",
                             verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=40)
    period_kind = models.CharField(max_length=15)
    period_start = models.DateField()
    period_end = models.DateField()
    documents_received = models.PositiveIntegerField(_("incoming documents received"))
    documents_handled = models.PositiveIntegerField(_("incoming documents handled"))
    records_filed = models.PositiveIntegerField(_("records filed"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.ENTERED)

    class Meta:
        verbose_name = _("documents handled and records filed")
        verbose_name_plural = _("documents handled and records filed")
        ordering = ["-period_start", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"],
                                               name="workload_once_per_period")]

    def __str__(self):
        return f"{self.unit} · {self.period}"

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label()


# --- internal quality audits ---------------------------------------------------------------------

class InternalAudit(Recorded):
    """An internal quality audit of the committee (đánh giá chất lượng nội bộ): its plan, auditors
    and scope, then its findings.  The ISO secretary keeps the plan."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    committee = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+",
                                  verbose_name=_("committee"))
    title = models.CharField(_("audit"), max_length=300)
    planned_on = models.DateField(_("planned for"))
    scope = models.TextField(_("scope"))
    units = models.ManyToManyField(OrgUnit, related_name="internal_audits",
                                   verbose_name=_("units audited"))
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                      verbose_name=_("auditors"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.PLANNED)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    summary = models.TextField(_("conclusion"), blank=True)
    cancelled_reason = models.CharField(_("reason for the cancellation"), max_length=300,
                                        blank=True)

    class Meta:
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        ordering = ["-planned_on", "-pk"]

    def __str__(self):
        return self.title


class AuditFinding(Recorded):
    """What an audit found in a unit; a nonconformity opens a CAPA."""

    class Kind(models.TextChoices):
        NONCONFORMITY = "nonconformity", _("Nonconformity")
        OBSERVATION = "observation", _("Observation")

    audit = models.ForeignKey(InternalAudit, models.PROTECT, related_name="findings",
                              verbose_name=_("audit"))
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="audit_findings",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices,
                            default=Kind.NONCONFORMITY)
    clause = models.CharField(_("ISO 9001 clause"), max_length=50, blank=True)
    description = models.TextField(_("finding"))
    capa = models.OneToOneField(Capa, models.PROTECT, null=True, blank=True,
                                related_name="audit_finding", verbose_name=_("CAPA"))

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.unit}"


# --- equipment incidents -------------------------------------------------------------------------

class EquipmentIncident(Recorded):
    """An equipment incident (sự cố thiết bị): what, when, its effect, its repair."""

    class State(models.TextChoices):
        REPORTED = "reported", _("Reported")
        REPAIRED = "repaired", _("Repaired")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="equipment_incidents",
                             verbose_name=_("unit"))
    equipment = models.CharField(_("equipment"), max_length=200)
    occurred_at = models.DateTimeField(_("when"))
    effect = models.TextField(_("effect on the work"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.REPORTED)
    repaired_on = models.DateField(_("repaired on"), null=True, blank=True)
    repair = models.TextField(_("repair"), blank=True)
    repaired_by = models.CharField(_("repaired by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("equipment incident")
        verbose_name_plural = _("equipment incidents")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return self.equipment


# --- complaints ----------------------------------------------------------------------------------

class Complaint(Recorded):
    """A citizen's or an organisation's complaint and the department's explanation (giải trình),
    due by its deadline."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Awaiting the explanation")
        EXPLAINED = "explained", _("Explained")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="complaints",
                             verbose_name=_("department concerned"))
    received_on = models.DateField(_("received on"))
    complainant = models.CharField(_("complainant"), max_length=200, blank=True,
                                   help_text=_("Optional: an organisation, or a person who "
                                               "agreed to be named."))
    subject = models.TextField(_("the complaint"))
    explanation_due = models.DateField(_("explanation due by"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.RECEIVED)
    explained_on = models.DateField(_("explained on"), null=True, blank=True)
    explanation = models.TextField(_("the explanation"), blank=True)
    explained_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("explained by"))
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return self.subject[:80]

    @property
    def on_time(self) -> bool | None:
        if self.explained_on is None:
            return None
        return self.explained_on <= self.explanation_due


# --- citizens' satisfaction ----------------------------------------------------------------------

RATING_CHOICES = [
    (1, _("Very dissatisfied")), (2, _("Dissatisfied")), (3, _("Neutral")), (4, _("Satisfied")),
    (5, _("Very satisfied")),
]
SATISFIED_FROM = 4  # "satisfied" and "very satisfied"


class SurveyQuestion(models.Model):
    """A question of the committee's standard set, rated from 1 to 5.  The overall question
    decides whether an answer counts as satisfied; questions are retired, never deleted."""

    text = models.CharField(_("question"), max_length=300)
    is_overall = models.BooleanField(_("overall satisfaction"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text


class SatisfactionSurvey(Recorded):
    """A satisfaction survey of a department or one of its services (at the one-stop desk),
    answered anonymously through its public link or QR code."""

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="satisfaction_surveys",
                             verbose_name=_("unit"))
    service = models.CharField(_("service"), max_length=200, blank=True,
                               help_text=_("Optional: an administrative procedure or the "
                                           "one-stop desk."))
    title = models.CharField(_("title"), max_length=300)
    token = models.CharField(max_length=40, unique=True, editable=False)
    active = models.BooleanField(_("open to answers"), default=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["unit__path", "pk"]

    def __str__(self):
        return self.title


class SurveyResponse(models.Model):
    """One anonymous answer.  Nothing about who answered is kept: no address, no time of day
    (the date only), no session; `visit` is a hash of the one-time code of the page it came from,
    so that one visit gives at most one answer."""

    survey = models.ForeignKey(SatisfactionSurvey, models.PROTECT, related_name="responses")
    submitted_on = models.DateField(default=timezone.localdate)
    overall = models.PositiveSmallIntegerField()
    satisfied = models.BooleanField()
    comment = models.TextField(blank=True)
    visit = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["survey", "submitted_on"], name="response_day_idx")]

    def __str__(self):
        return f"{self.survey_id} · {self.submitted_on}"


class SurveyRating(models.Model):
    response = models.ForeignKey(SurveyResponse, models.CASCADE, related_name="ratings")
    question = models.ForeignKey(SurveyQuestion, models.PROTECT, related_name="ratings")
    value = models.PositiveSmallIntegerField(choices=RATING_CHOICES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="rating_once")]

    def __str__(self):
        return f"{self.response_id} · {self.question_id}: {self.value}"


# --- improvement suggestions ---------------------------------------------------------------------

class Suggestion(models.Model):
    """An improvement suggestion (ý kiến đóng góp cải tiến, §5.2), from a member of staff or a
    citizen (through the public page, optionally anonymous, followed with a tracking code).

        submitted ─forward (head)→ with_qmr ─assign (QMR)→ assigned ─report (assignee)→ done
                                       └─decline (QMR, with the reason)→ declined
        done / declined ─inform (head tells the author)→ closed
    """

    class Source(models.TextChoices):
        STAFF = "staff", _("Staff")
        CITIZEN = "citizen", _("Citizen or organisation")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Received, with the head of the department")
        WITH_QMR = "with_qmr", _("Sent to the QMR")
        ASSIGNED = "assigned", _("Assigned, being carried out")
        DECLINED = "declined", _("Declined by the QMR")
        DONE = "done", _("Carried out")
        CLOSED = "closed", _("The author has been told")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="suggestions",
                             verbose_name=_("department concerned"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("suggestion"))
    source = models.CharField(_("sent by"), max_length=10, choices=Source.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))
    author_name = models.CharField(_("name"), max_length=150, blank=True)
    author_contact = models.CharField(_("telephone or e-mail"), max_length=150, blank=True)
    tracking_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    step_due = models.DateField(_("current step due by"), null=True, blank=True)
    head_comment = models.TextField(_("the head's opinion"), blank=True)
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+")
    forwarded_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("assigned to"))
    assigned_at = models.DateTimeField(null=True, blank=True)
    qmr_note = models.TextField(_("the QMR's instructions"), blank=True)
    decline_reason = models.TextField(_("why it is declined"), blank=True)
    outcome = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    capa = models.ForeignKey(Capa, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("CAPA"))
    author_message = models.TextField(_("what the author was told"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("improvement suggestion")
        verbose_name_plural = _("improvement suggestions")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED

    def days_open(self, today=None) -> int:
        """Days from its submission to its closing (or to today while it is open)."""
        end = timezone.localdate(self.closed_at) if self.closed_at else (
            today or timezone.localdate())
        return (end - timezone.localdate(self.submitted_at)).days


class SuggestionEvent(models.Model):
    """A step of a suggestion's timeline.  `public` steps (and their notes) are what the author
    sees, on the tracking page too."""

    suggestion = models.ForeignKey(Suggestion, models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    state = models.CharField(max_length=10, choices=Suggestion.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.suggestion_id} {self.action}"


# --- the department's BM.07.01 as a document; the management review ---------------------------

class DepartmentReport(models.Model):
    """A department's BM.07.01 report, once sent, drafted into a document that runs through the
    quality regime's workflow to its signature and issue."""

    submission = models.OneToOneField("collection.Submission", models.PROTECT,
                                      related_name="quality_report")
    draft = models.OneToOneField("drafting.Draft", models.PROTECT, related_name="quality_report")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("department's quality report")
        verbose_name_plural = _("departments' quality reports")

    def __str__(self):
        return str(self.draft)


class ManagementReview(models.Model):
    """The QMR's periodic summary for the management review (xem xét của lãnh đạo, ISO 9001
    §9.3): drafted from the data, edited, signed and issued to the chair as a document."""

    committee = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+",
                                  verbose_name=_("committee"))
    period = models.CharField(_("period"), max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    draft = models.OneToOneField("drafting.Draft", models.PROTECT,
                                 related_name="management_review")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("management review summary")
        verbose_name_plural = _("management review summaries")
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return str(self.draft)

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label()
