"""Drafting (seed 1 §5.1.3–5.1.5, §5.2.3–5.2.9, §5.3.3–5.3.9; seed 2 §5.1): the draft built from
a round, its sections, every saved version, the initials, the comment rounds, and the record of
every step of the regime's workflow.  State changes live in `workflow.py` and `editing.py`."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.models import Regime, WorkflowStep
from baocao.documents.models import DocumentKind
from baocao.organisation.models import OrgUnit


class AdHocReport(models.Model):
    """A report a leader orders outside the calendar (báo cáo đột xuất, seed 2 §5.1.2 d)."""

    subject = models.CharField(_("subject"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    department = models.ForeignKey(OrgUnit, models.PROTECT, related_name="ad_hoc_reports",
                                   verbose_name=_("department assigned"))
    contributors = models.ManyToManyField(OrgUnit, related_name="+", blank=True,
                                          verbose_name=_("units that contribute"))
    deadline = models.DateField(_("deadline"))
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("ordered by"))
    ordered_at = models.DateTimeField(_("ordered at"), default=timezone.now)

    audit_fields = ["subject", "instructions", "department", "deadline"]

    class Meta:
        verbose_name = _("ad hoc report")
        verbose_name_plural = _("ad hoc reports")
        ordering = ["-ordered_at"]

    def __str__(self):
        return self.subject


class Authority(models.TextChoices):
    """The authority line of a signature block (Decree 30, Appendix I)."""

    ON_BEHALF = "on_behalf", "TM."
    DEPUTY = "deputy", "KT."
    ACTING = "acting", "Q."
    BY_ORDER = "by_order", "TL."
    BY_AUTHORISATION = "by_authorisation", "TUQ."


class Draft(models.Model):
    """The consolidated report while it is written, reviewed and signed (dự thảo)."""

    class State(models.TextChoices):
        OPEN = "open", _("Being drafted and reviewed")
        SIGNED = "signed", _("Signed, to issue")
        ISSUED = "issued", _("Issued")

    regime = models.ForeignKey(Regime, models.PROTECT, related_name="drafts",
                               verbose_name=_("regime"))
    round = models.ForeignKey("collection.Round", models.PROTECT, null=True, blank=True,
                              related_name="drafts", verbose_name=_("round"))
    ad_hoc = models.OneToOneField(AdHocReport, models.PROTECT, null=True, blank=True,
                                  related_name="draft", verbose_name=_("ad hoc report"))
    # A letter (công văn): the request letter of a round (seed 1 §5.2.2, §5.3.2), drafted when
    # the round opens and sent to its units once issued.
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices,
                            default=DocumentKind.REPORT)
    report_request = models.OneToOneField(
        "collection.ReportRequest", models.PROTECT, null=True, blank=True,
        related_name="letter_draft", verbose_name=_("request letter of"))
    corrects = models.ForeignKey("documents.Document", models.PROTECT, null=True, blank=True,
                                 related_name="corrections",
                                 verbose_name=_("corrects the document"))
    lead_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="drafts",
                                  verbose_name=_("leading unit"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.CharField(_("summary line"), max_length=500)
    step = models.ForeignKey(WorkflowStep, models.PROTECT, related_name="+",
                             verbose_name=_("step"))
    step_since = models.DateTimeField(_("at this step since"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.OPEN)
    due_date = models.DateField(_("to issue by"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    authority = models.CharField(_("authority"), max_length=20, choices=Authority.choices,
                                 blank=True)
    signature_lines = models.JSONField(_("signature block"), default=list, blank=True)
    # Nơi nhận, written in the draft by the leading unit (names, and e-mails for distribution).
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    # Kính gửi: whom the letter (or a report sent upward) is addressed to, one line each.
    addressed_to = models.JSONField(_("addressed to"), default=list, blank=True)
    # The units whose reports its figures do not count (not sent when it was built):
    # [{"code", "name"}] (drafting.gates).
    not_counted = models.JSONField(_("units not counted"), default=list, blank=True)
    # Given at signing and printed on the signed PDF: the code of its verification page.
    verification_code = models.CharField(max_length=16, blank=True)
    # The PDF the signer signed (PAdES), its number and date left as fields for the clerk.
    signed_pdf = models.BinaryField(null=True, blank=True, editable=False)

    audit_fields = ["regime", "round", "kind", "report_request", "lead_unit", "title",
                    "summary", "step", "state", "due_date"]

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(
            fields=["round"], condition=models.Q(corrects__isnull=True, round__isnull=False),
            name="one_draft_per_round")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("drafting:draft", args=[self.pk])

    def latest_version(self):
        return self.versions.order_by("-number").first()

    @property
    def is_letter(self) -> bool:
        return self.kind == DocumentKind.LETTER


class DraftSection(models.Model):
    """A heading of the report and its text (sanitised HTML: paragraphs, lists, tables)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        APPENDIX = "appendix", _("Appendix table")
        CHART = "chart", _("Charts")
        LEAD = "lead", _("Opening paragraphs (no heading printed)")

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    level = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    heading = models.CharField(_("heading"), max_length=300)
    html = models.TextField(_("text"), blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["draft", "order", "pk"]

    def __str__(self):
        return self.heading


class DraftVersion(models.Model):
    """The whole draft as it stood after one save: who, when, at which step (phiên bản)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Built from the round")
        SAVED = "saved", _("Saved by the compiler")
        EDITED = "edited", _("Edited in place by the reviewer")
        MERGED = "merged", _("Saved after merging a conflict")

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    step = models.ForeignKey(WorkflowStep, models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    section_heading = models.CharField(max_length=300, blank=True)
    content = models.JSONField(default=list)  # [{"heading", "level", "kind", "html"}, …]

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"],
                                               name="draft_version_unique")]

    def __str__(self):
        return f"{self.draft} · v{self.number}"


class Initial(models.Model):
    """The head's initials (ký nháy) that vouch for one version before it goes up."""

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="initials")
    version = models.ForeignKey(DraftVersion, models.PROTECT, related_name="initials")
    step = models.ForeignKey(WorkflowStep, models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    position = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self):
        return f"{self.user} · v{self.version.number}"


class StepLog(models.Model):
    """One action of the workflow on a draft: the timeline and the history (nhật ký bước)."""

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="log")
    action = models.CharField(max_length=20)
    from_step = models.ForeignKey(WorkflowStep, models.PROTECT, null=True, related_name="+")
    to_step = models.ForeignKey(WorkflowStep, models.PROTECT, null=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    version = models.ForeignKey(DraftVersion, models.PROTECT, null=True, related_name="+")
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.draft_id} {self.action} {self.at:%d/%m/%Y %H:%M}"


class Consultation(models.Model):
    """A round of comments on a draft, with a deadline (xin ý kiến)."""

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="consultations")
    step = models.ForeignKey(WorkflowStep, models.PROTECT, related_name="+")
    message = models.TextField(_("message"), blank=True)
    deadline = models.DateField(_("answer by"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at"]

    def __str__(self):
        return f"{self.draft} · {self.opened_at:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Invitee(models.Model):
    """Someone asked in a consultation: a person, or a unit (any of its head, compiler or
    reporter answers for it)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Not yet answered")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined to comment")

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="invitees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                             related_name="+")
    unit = models.ForeignKey(OrgUnit, models.PROTECT, null=True, blank=True, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.user.display_name if self.user_id else self.unit.name)


def _letter_path(instance, filename):
    return f"drafting/{timezone.now():%Y/%m}/{filename}"


class Comment(models.Model):
    """A comment on a draft (góp ý): on a section, or a letter; and what became of it."""

    class Resolution(models.TextChoices):
        PENDING = "pending", _("Not yet taken in")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="comments")
    draft = models.ForeignKey(Draft, models.CASCADE, related_name="comments")
    section = models.ForeignKey(DraftSection, models.SET_NULL, null=True, blank=True,
                                related_name="comments", verbose_name=_("section"))
    invitee = models.ForeignKey(Invitee, models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), blank=True)
    quote = models.TextField(_("passage commented on"), blank=True,
                             help_text=_("The words of the section the comment is on, as "
                                         "selected by whoever commented."))
    letter = models.FileField(_("letter"), upload_to=_letter_path, blank=True)
    letter_name = models.CharField(max_length=255, blank=True)
    version = models.ForeignKey(DraftVersion, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    resolution = models.CharField(max_length=10, choices=Resolution.choices,
                                  default=Resolution.PENDING)
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} · {self.created_at:%d/%m/%Y}"


class RemoteSignature(models.Model):
    """A signature made away from the server (ký số bằng USB token): the signer's key stays on
    their token, which only their signing agent reaches.  The server prepares the final PDF and
    the bytes to sign, keeps what it needs to finish, and waits for the agent's signature value
    (documents.pkcs11.prepare_external / complete_external).  `token` is the one-time address the
    agent answers to; the value it sends is checked against the signer's certificate."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the signing agent")
        COMPLETED = "completed", _("Signed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="remote_signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    key = models.ForeignKey("documents.SigningKey", models.PROTECT, related_name="+")
    step = models.ForeignKey(WorkflowStep, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    authority = models.CharField(max_length=20, blank=True)
    verification_code = models.CharField(max_length=20)
    token = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    to_sign = models.BinaryField()  # DER of the CMS signed attributes
    prepared_pdf = models.BinaryField()  # the PDF with its signature placeholder
    pending = models.JSONField(default=dict)  # the rest of pkcs11.PendingSignature
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    unsent_reason = models.TextField(blank=True)  # drafting.gates: why sign with units left out

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.draft} · v{self.version} · {self.get_state_display()}"

    @property
    def current_state(self) -> str:
        """The state as it stands now: a pending request past its time has expired, whether or
        not the daily job has closed it yet."""
        if self.state == self.State.PENDING and timezone.now() >= self.expires_at:
            return self.State.EXPIRED
        return self.state

    @property
    def current_state_label(self) -> str:
        return self.State(self.current_state).label

    @property
    def is_open(self) -> bool:
        return self.current_state == self.State.PENDING
