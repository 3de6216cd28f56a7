"""Records (seed 1 §6, seed 2 §7; Circular 10/2022/TT-BNV): each cycle's dossier (hồ sơ) and its
items in order of time, the retention schedule, legal holds, transfers to the committee's
archive and disposals with their decisions.

A dossier once filed is read-only: its `save()` and its items' refuse any change that does not
come from the records services (filing, transfer, disposal: `services()`), and nothing here is
ever deleted.  Disposal removes the files' contents and keeps the rows, the hashes and the index.
"""

import contextlib
import contextvars

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.catalogue.models import Regime
from baocao.organisation.models import OrgUnit

# Set while a records service (filing, transfer, disposal, the daily job) changes a dossier.
_service: contextvars.ContextVar = contextvars.ContextVar("records_service", default=False)


@contextlib.contextmanager
def services():
    """Within: the records services may change filed dossiers (and only they call this)."""
    token = _service.set(True)
    try:
        yield
    finally:
        _service.reset(token)


class ReadOnly(ValidationError):
    """A filed, transferred or disposed dossier (or its items) cannot change this way."""


class RecordKind(models.TextChoices):
    """The kinds of record of the retention schedule."""

    PERIODIC_REPORT = "periodic_report", _("Monthly or quarterly report")
    HALF_YEAR_REPORT = "half_year_report", _("Six- or nine-month report")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    AD_HOC_REPORT = "ad_hoc_report", _("Ad hoc report")
    QUALITY_RECORD = "quality_record", _("Quality record")


class RetentionRule(models.Model):
    """How long a kind of record is kept at the unit before its transfer to the committee's
    archive, and how long in all (empty: permanent), counted from the end of the year the work
    ended (Circular 10/2022/TT-BNV).  A rule of a regime wins over the kind's general rule."""

    kind = models.CharField(_("kind of record"), max_length=20, choices=RecordKind.choices)
    regime = models.ForeignKey(Regime, models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("regime"),
                               help_text=_("Empty: every regime."))
    years_at_unit = models.PositiveSmallIntegerField(
        _("years at the unit"), help_text=_("Then transferred to the committee's archive."))
    total_years = models.PositiveSmallIntegerField(
        _("years kept in all"), null=True, blank=True, help_text=_("Empty: kept permanently."))
    source = models.CharField(_("rule it comes from"), max_length=300)

    audit_fields = ["kind", "regime", "years_at_unit", "total_years", "source"]

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention schedule")
        ordering = ["kind", "regime"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "regime"], name="retention_rule_unique"),
            models.UniqueConstraint(fields=["kind"], condition=models.Q(regime__isnull=True),
                                    name="retention_rule_general_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.regime or _('every regime')}"

    def clean(self):
        if self.total_years is not None and self.total_years < self.years_at_unit:
            raise ValidationError({"total_years": _(
                "A record cannot be kept in all for less than it is kept at the unit.")})

    @property
    def retention_label(self) -> str:
        if self.total_years is None:
            return str(_("Permanent"))
        return str(_("%(n)d years")) % {"n": self.total_years}


class Dossier(models.Model):
    """Everything of one reporting cycle (a round, or an ad hoc order), filed together."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        FILED = "filed", _("Filed")
        TRANSFERRED = "transferred", _("Transferred to the archive")
        DISPOSED = "disposed", _("Disposed of")

    class Due(models.TextChoices):
        NONE = "", _("Nothing due")
        TRANSFER = "transfer", _("Due for transfer")
        DISPOSAL = "disposal", _("Past retention")

    round = models.OneToOneField("collection.Round", models.PROTECT, null=True, blank=True,
                                 related_name="dossier", verbose_name=_("round"))
    ad_hoc = models.OneToOneField("drafting.AdHocReport", models.PROTECT, null=True,
                                  blank=True, related_name="dossier",
                                  verbose_name=_("ad hoc report"))
    regime = models.ForeignKey(Regime, models.PROTECT, related_name="+",
                               verbose_name=_("regime"))
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="dossiers",
                             verbose_name=_("unit that keeps it"))
    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    period = models.CharField(_("period"), max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    record_kind = models.CharField(_("kind of record"), max_length=20,
                                   choices=RecordKind.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.OPEN)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("filed by"))
    # Why it was filed with items missing (and which: [{"kind", "title"}]).
    missing = models.JSONField(_("missing at filing"), default=list, blank=True)
    missing_reason = models.TextField(_("reason for what is missing"), blank=True)
    # The copies filed: [{"unit": code, "name", "copy"}] (the office's; the planning
    # department's for the planning regimes).
    filed_copies = models.JSONField(_("copies filed"), default=list, blank=True)
    # The retention, fixed at filing from the schedule.
    years_at_unit = models.PositiveSmallIntegerField(null=True, blank=True)
    total_years = models.PositiveSmallIntegerField(null=True, blank=True)
    retention_source = models.CharField(max_length=300, blank=True)
    transfer_due_on = models.DateField(_("transfer due on"), null=True, blank=True)
    retention_ends_on = models.DateField(_("kept until"), null=True, blank=True)
    custody = models.CharField(_("custody"), max_length=10, default="unit",
                               choices=[("unit", _("The unit")),
                                        ("archive", _("The committee's archive"))])
    due = models.CharField(_("due"), max_length=10, choices=Due.choices, default="",
                           blank=True)
    due_since = models.DateField(null=True, blank=True)
    transfer = models.ForeignKey("Transfer", models.PROTECT, null=True, blank=True,
                                 related_name="dossiers", verbose_name=_("transfer"))
    disposal = models.ForeignKey("Disposal", models.PROTECT, null=True, blank=True,
                                 related_name="dossiers", verbose_name=_("disposal"))

    audit_fields = ["code", "title", "period", "record_kind", "state", "custody", "due"]

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-period_end", "code"]

    def __str__(self):
        return f"{self.code} · {self.title}"

    def save(self, *args, **kwargs):
        if not self._state.adding and not _service.get():
            stored = Dossier.objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored != self.State.OPEN:
                raise ReadOnly(_("This dossier is filed: it can no longer change."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReadOnly(_("A dossier is never deleted: it is transferred, or disposed of by a "
                         "decision."))

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def retention_label(self) -> str:
        if self.years_at_unit is None:
            return ""
        if self.total_years is None:
            return str(_("Permanent"))
        return str(_("%(n)d years")) % {"n": self.total_years}

    def active_holds(self):
        return self.holds.filter(lifted_at__isnull=True)


def _item_path(instance, filename):
    return f"records/{instance.dossier_id}/{filename}"


class DossierItem(models.Model):
    """One record of a dossier (văn bản, tài liệu trong hồ sơ): its kind, when, who, a pointer
    to the thing itself and its frozen copy (a file, or JSON), with the copy's SHA-256."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance of the higher level")
        DIRECTION = "direction", _("Leaders' direction")
        REQUEST = "request", _("Report request")
        FORM_VERSION = "form_version", _("Form version")
        REQUEST_LETTER = "request_letter", _("Request letter issued")
        UNIT_REPORT = "unit_report", _("Unit's report as sent")
        PAPER_SCAN = "paper_scan", _("Scanned paper copy")
        RETURN = "return", _("Report returned")
        FIGURES = "figures", _("Consolidated figures used by the draft")
        DRAFT_VERSION = "draft_version", _("Draft version submitted")
        DRAFT_RETURN = "draft_return", _("Draft returned")
        COMMENT = "comment", _("Comment")
        RESOLUTION = "resolution", _("What became of a comment")
        INITIAL = "initial", _("Initials")
        APPROVAL = "approval", _("Approval")
        SIGNATURE = "signature", _("Signature")
        DOCUMENT = "document", _("Issued document")
        DISTRIBUTION = "distribution", _("Distribution")
        QUALITY_RECORD = "quality_record", _("Quality record")

    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("date"), default=timezone.now)
    who = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                            related_name="+")
    who_name = models.CharField(_("who"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("number"), max_length=60, blank=True)
    content_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True,
                                     related_name="+")
    object_id = models.CharField(max_length=40, blank=True)
    thing = GenericForeignKey("content_type", "object_id")
    url = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to=_item_path, blank=True, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    media_type = models.CharField(max_length=100, blank=True)
    content = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    contents_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dossier item")
        verbose_name_plural = _("dossier items")
        ordering = ["dossier", "at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"],
                                name="dossier_item_thing_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"

    def save(self, *args, **kwargs):
        if not _service.get():
            if not self._state.adding:
                raise ReadOnly(_("A dossier's item is a frozen copy: it never changes."))
            state = Dossier.objects.filter(pk=self.dossier_id).values_list(
                "state", flat=True).first()
            if state != Dossier.State.OPEN:
                raise ReadOnly(_("This dossier is filed: nothing can be added to it."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReadOnly(_("A dossier's item is never deleted."))


class LegalHold(models.Model):
    """A legal hold (tạm dừng tiêu hủy, e.g. for an inspection or a dispute): while it stands,
    neither the transfer clock nor the disposal clock runs for the dossier."""

    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="holds")
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at"]

    def __str__(self):
        return f"{self.dossier.code} · {self.reason[:60]}"

    def delete(self, *args, **kwargs):
        raise ReadOnly(_("A legal hold is lifted, never deleted."))


class PrintedRecord(models.Model):
    """A record printed once and kept forever (a transfer's, a disposal's): its PDF and the
    PDF's SHA-256, never deleted."""

    created_at = models.DateTimeField(default=timezone.now)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    kept_forever = _("This record is kept forever.")

    class Meta:
        abstract = True

    def keep_pdf(self, data: bytes) -> None:
        """Store the printed record and its hash (once, at its making)."""
        import hashlib

        self.pdf, self.pdf_sha256 = data, hashlib.sha256(data).hexdigest()
        type(self).objects.filter(pk=self.pk).update(pdf=self.pdf, pdf_sha256=self.pdf_sha256)

    def delete(self, *args, **kwargs):
        raise ReadOnly(self.kept_forever)


class Transfer(PrintedRecord):
    """A transfer to the committee's archive (nộp lưu): the list of dossiers and the record of
    handing over (biên bản giao nhận)."""

    number = models.CharField(_("number"), max_length=50)
    transferred_on = models.DateField(_("date"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                verbose_name=_("handed over by"))
    received_by = models.CharField(_("received by (the archive)"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    kept_forever = _("A transfer's record is kept forever.")

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-transferred_on", "-pk"]

    def __str__(self):
        return f"{self.number} · {self.transferred_on:%d/%m/%Y}"


class DisposalDecision(models.Model):
    """The decision that orders the disposal of dossiers past retention (quyết định hủy tài
    liệu hết giá trị): its number, date, who signed it, the dossiers it names."""

    number = models.CharField(_("decision number"), max_length=50)
    decided_on = models.DateField(_("decision date"))
    decided_by = models.CharField(_("signed by"), max_length=200,
                                  help_text=_("Name and position of whoever signed it."))
    reason = models.TextField(_("grounds"), blank=True)
    dossiers = models.ManyToManyField(Dossier, related_name="disposal_decisions",
                                      verbose_name=_("dossiers"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("disposal decision")
        verbose_name_plural = _("disposal decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.number} · {self.decided_on:%d/%m/%Y}"

    def delete(self, *args, **kwargs):
        raise ReadOnly(_("A disposal decision is kept forever."))


class Disposal(PrintedRecord):
    """The disposal carried out on a decision, and its record (biên bản hủy tài liệu)."""

    decision = models.OneToOneField(DisposalDecision, models.PROTECT, related_name="disposal")
    carried_out_on = models.DateField(_("date"))
    carried_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                       related_name="+", verbose_name=_("carried out by"))
    method = models.CharField(_("method"), max_length=200)
    witnesses = models.TextField(_("witnesses"), blank=True)

    kept_forever = _("A disposal's record is kept forever.")

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["-carried_out_on", "-pk"]

    def __str__(self):
        return f"{self.decision.number} · {self.carried_out_on:%d/%m/%Y}"
