"""Collecting the units' reports (seed 1 §5.1.2, §5.2.2): rounds and their request letters, each
unit's submission, the values and texts it sends, attachments, reminders."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.models import FormSection, FormVersion, Indicator, ReportForm
from baocao.catalogue.periods import Period
from baocao.lib.numbers import TolerantDecimalField
from baocao.organisation.models import OrgUnit


class Round(models.Model):
    """One period's collection for one form (đợt báo cáo)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    form = models.ForeignKey(ReportForm, models.PROTECT, related_name="rounds",
                             verbose_name=_("form"))
    form_version = models.ForeignKey(FormVersion, models.PROTECT, related_name="rounds",
                                     verbose_name=_("form version"))
    period = models.CharField(_("period"), max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField(_("units send by"))
    paper_due_date = models.DateField(_("paper copy by"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=2)

    audit_fields = ["form", "form_version", "period", "due_date", "paper_due_date", "state",
                    "remind_days_before"]

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-period_end", "form__code"]
        constraints = [models.UniqueConstraint(fields=["form", "period"],
                                               name="round_unique_period")]

    def __str__(self):
        return f"{self.form.name} · {self.period_label}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def period_label(self) -> str:
        return self.period_obj.label()


class ReportRequest(models.Model):
    """The letter that opens a round (công văn yêu cầu báo cáo): subject, outline, guidance."""

    round = models.OneToOneField(Round, models.CASCADE, related_name="request",
                                 verbose_name=_("round"))
    number = models.CharField(_("letter number"), max_length=50, blank=True)
    issued_on = models.DateField(_("letter date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("request"), blank=True)
    outline = models.TextField(_("outline"), blank=True,
                               help_text=_("The headings of the consolidated report, one per "
                                           "line; indent sub-headings with spaces."))

    audit_fields = ["round", "number", "issued_on", "subject", "body", "outline"]

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")

    def __str__(self):
        return self.subject

    def outline_headings(self) -> list[str]:
        return [line.rstrip() for line in self.outline.splitlines() if line.strip()]


ATTACHMENT_SUFFIXES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def _attachment_path(instance, filename):
    """A random name under the month (the name the person gave is kept in `name`, and the file
    is served only through the attachment view, never from MEDIA_URL)."""
    import secrets

    suffix = ATTACHMENT_SUFFIXES.get(instance.content_type, ".bin")
    return f"collection/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    """A file of a round's request (the higher level's guidance) or of a submission (the scanned
    paper copy)."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance from the higher level")
        PAPER_COPY = "paper_copy", _("Scanned paper copy")
        OTHER = "other", _("Other")

    request = models.ForeignKey(ReportRequest, models.CASCADE, null=True, blank=True,
                                related_name="attachments")
    submission = models.ForeignKey("Submission", models.CASCADE, null=True, blank=True,
                                   related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    audit_fields = ["kind", "name", "size", "content_type", "request", "submission"]

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class Submission(models.Model):
    """One unit's report for one round (báo cáo của đơn vị)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the unit's head")
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        RETURNED = "returned", _("Returned for correction")

    EDITABLE = frozenset({State.DRAFT, State.APPROVED, State.RETURNED})

    round = models.ForeignKey(Round, models.PROTECT, related_name="submissions",
                              verbose_name=_("round"))
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="submissions",
                             verbose_name=_("unit"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT)
    due_date = models.DateField(_("due date"))
    extension_reason = models.CharField(_("reason for the extension"), max_length=300,
                                        blank=True)
    approval_asked_at = models.DateTimeField(_("put to the head at"), null=True, blank=True)
    approval_asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                          blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                blank=True, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for the return"), blank=True)
    paper_received_on = models.DateField(_("paper copy received on"), null=True, blank=True)
    paper_received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                          blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields = ["round", "unit", "state", "due_date", "extension_reason", "on_time",
                    "return_reason", "paper_received_on"]

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["round", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"],
                                               name="submission_unique")]

    def __str__(self):
        return f"{self.unit.name} · {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE and self.round.state == Round.State.OPEN

    def timeliness(self, today=None) -> str:
        """on_time, late, missing (due date passed, nothing sent) or pending."""
        if self.first_sent_at is not None:
            return "on_time" if self.on_time else "late"
        today = today or timezone.localdate()
        return "missing" if today > self.due_date else "pending"


# `stored_by` of the values the system computes (registry.computed_values), never typed.
COMPUTED_BY = "computed"


class DataValue(models.Model):
    """A value of an indicator for a unit and period (DHIS2's data value).  `column` is the form
    column it fills: actual, full_year_estimate or next_year_target; a row's note is `text` of
    the column `note`."""

    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="values")
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="values")
    period = models.CharField(max_length=40)
    period_kind = models.CharField(max_length=15)
    period_start = models.DateField()
    period_end = models.DateField()
    column = models.CharField(max_length=30, default="actual")
    # Tolerant: a value written past the checks (raw SQL, an old version) still reads back.
    value = TolerantDecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    text = models.TextField(blank=True)
    comment = models.TextField(blank=True)  # the unit's explanation of a warning
    submission = models.ForeignKey(Submission, models.SET_NULL, null=True, blank=True,
                                   related_name="values")
    revision = models.PositiveIntegerField(default=1)
    stored_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    followup = models.BooleanField(default=False)
    # Part of the committee's figures (DESIGN §8): a value imported directly, or of a unit's
    # report once sent (and not returned since).  What a unit is still typing in its report is
    # not (submissions.save_cell and the Excel upload write it False; sending makes it True).
    official = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "period", "column"],
                                               name="datavalue_unique")]
        indexes = [
            models.Index(fields=["unit", "indicator", "period_kind", "period_start"],
                         name="datavalue_unit_idx"),
            models.Index(fields=["indicator", "period_kind", "period_start"],
                         name="datavalue_indicator_idx"),
            models.Index(fields=["period"], name="datavalue_period_idx"),
            # the units' estimates and proposals of a period (consolidation.engine)
            models.Index(fields=["column", "period", "indicator"], name="datavalue_column_idx"),
        ]

    def __str__(self):
        return f"{self.indicator_id}/{self.unit_id}/{self.period}/{self.column}: {self.value}"

    @classmethod
    def for_period(cls, period: Period, **fields) -> "DataValue":
        """A new (unsaved) value of `period`, its kind and dates filled in."""
        return cls(period=str(period), period_kind=period.kind, period_start=period.start,
                   period_end=period.end, **fields)


class SubmissionText(models.Model):
    """A unit's answer to one narrative section (sanitised HTML)."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="texts")
    section = models.ForeignKey(FormSection, models.PROTECT, related_name="+")
    html = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "section"],
                                               name="submission_text_unique")]

    def __str__(self):
        return f"{self.submission} · {self.section_id}"


class Reminder(models.Model):
    """A reminder sent for a submission, so that each goes out once."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        DUE = "due", _("On the due date")
        AFTER = "after", _("After the due date")
        MANUAL = "manual", _("Sent by the office")

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)
    # who sent a reminder by hand (kind MANUAL, from the round's page); None for the schedule's
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["sent_at"]
        constraints = [models.UniqueConstraint(fields=["submission", "kind", "day"],
                                               name="reminder_once")]

    def __str__(self):
        return f"{self.submission} · {self.kind} · {self.day}"
