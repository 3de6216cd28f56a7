"""The catalogue every report is made of: indicators and their targets, report forms and their
versions, reporting regimes with their calendar and workflow, and the declared day swaps."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.lib import uid as uids
from baocao.lib.numbers import LIMIT, TolerantDecimalField, number_problems
from baocao.organisation.models import OrgUnit, Role


class Family(models.TextChoices):
    SOCIO_ECONOMIC = "socio_economic", _("Socio-economic (KT-XH)")
    SECURITY_DEFENCE = "security_defence", _("Security and defence (AN-QP)")


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    INTEGER = "integer", _("Whole number")
    PERCENT = "percent", _("Percent")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    MAX = "max", _("Largest")
    MIN = "min", _("Smallest")
    NONE = "none", _("Not combined")


class TimeAggregation(models.TextChoices):
    SUM = "sum", _("Add up (a flow)")
    LAST = "last", _("Latest value (a stock)")
    AVERAGE = "average", _("Average")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Comparison(models.TextChoices):
    """How a sentence says the change on the same period last year."""

    AUTO = "auto", _("By the usual rule: in percent; a percentage in points; a count where "
                     "lower is better by the difference")
    PERCENT = "percent", _("In percent of last year's figure")
    DIFFERENCE = "difference", _("By the difference, in its unit of measure")
    POINTS = "points", _("In percentage points")


class Sector(models.Model):
    """A field of work: budget, urban order, health, security…"""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    audit_fields = ["code", "name", "family", "sort_order"]

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """A measured quantity (chỉ tiêu), entered by units or derived by a formula of others."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    # The DHIS2-style identifier (data element UID), stable beside the code.
    uid = models.CharField(_("UID"), max_length=11, unique=True, default=uids.generate,
                           validators=[uids.validator])
    name = models.CharField(_("name"), max_length=300)
    sector = models.ForeignKey(Sector, models.PROTECT, related_name="indicators",
                               verbose_name=_("sector"))
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices,
                                  default=ValueType.NUMBER)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    aggregation = models.CharField(_("across units"), max_length=10,
                                   choices=Aggregation.choices, default=Aggregation.SUM)
    time_aggregation = models.CharField(_("over time"), max_length=10,
                                        choices=TimeAggregation.choices,
                                        default=TimeAggregation.SUM)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.HIGHER)
    minimum = TolerantDecimalField(
        _("smallest value"), max_digits=24, decimal_places=6, null=True, blank=True,
        help_text=_("Empty: 0 (a value cannot be negative)."))
    maximum = TolerantDecimalField(
        _("largest value"), max_digits=24, decimal_places=6, null=True, blank=True,
        help_text=_("Empty: 100 for a percentage; otherwise only the common bound "
                    "(below 10^15)."))
    comparison = models.CharField(_("compared with the same period last year"), max_length=10,
                                  choices=Comparison.choices, default=Comparison.AUTO)
    formula = models.CharField(_("formula"), max_length=500, blank=True,
                               help_text=_("Of other indicators' codes, e.g. 100 * YT02 / YT01. "
                                           "Leave empty for an indicator units enter."))
    active = models.BooleanField(_("in use"), default=True)

    audit_fields = ["code", "uid", "name", "sector", "family", "unit_of_measure", "value_type",
                    "decimals", "aggregation", "time_aggregation", "direction", "minimum",
                    "maximum", "comparison", "formula", "active"]

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sector__sort_order", "code"]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def is_derived(self) -> bool:
        return bool(self.formula.strip())

    def value_problems(self, value: Decimal) -> list[str]:
        """Why `value` cannot be stored for this indicator (Vietnamese; empty when it can): the
        common bound, its type and decimals, its smallest and largest value (a percentage
        without a largest value stays within 100)."""
        problems = number_problems(value, decimals=self.decimals,
                                   whole=self.value_type == ValueType.INTEGER,
                                   minimum=Decimal(0) if self.minimum is None else self.minimum,
                                   maximum=self.maximum)
        if (self.maximum is None and self.value_type == ValueType.PERCENT
                and isinstance(value, Decimal) and value.is_finite() and 100 < value < LIMIT):
            problems.append(str(_("a percentage is between 0 and 100.")))
        return problems

    def clean(self):
        from .indicators import check_indicator

        errors = check_indicator(self)
        if errors:
            raise ValidationError(errors)


class TargetKind(models.TextChoices):
    PLAN = "plan", _("Annual plan")
    PROPOSED = "proposed", _("Proposed for next year")


class Target(models.Model):
    """The annual plan value (kế hoạch năm) of an indicator for a unit and year."""

    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="targets",
                                  verbose_name=_("indicator"))
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="targets",
                             verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices,
                            default=TargetKind.PLAN)
    value = TolerantDecimalField(_("value"), max_digits=24, decimal_places=6)

    audit_fields = ["indicator", "unit", "year", "kind", "value"]

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "indicator__code", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "year", "kind"],
                                               name="target_unique")]
        indexes = [models.Index(fields=["year", "indicator"], name="target_year_idx")]

    def __str__(self):
        value = format(self.value.normalize(), "f")  # 780, not 7.8E+2
        return f"{self.indicator.code} · {self.unit.code} · {self.year}: {value}"

    def clean(self):
        if self.indicator_id and self.value is not None:
            problems = self.indicator.value_problems(self.value)
            if problems:
                raise ValidationError({"value": " ".join(problems)})


# --- regimes, calendar, workflow ----------------------------------------------------------

class LeadKind(models.TextChoices):
    OFFICE = "office", _("The office")
    PLANNING_DEPARTMENT = "planning_department", _("The planning department")
    ASSIGNED = "assigned", _("The department a leader assigns")
    EACH_DEPARTMENT = "each_department", _("Each department; the office for the committee")
    QMR = "qmr", _("The quality management representative")


PERIOD_KIND_CHOICES = [
    ("month", _("Month")), ("quarter", _("Quarter (3 months)")),
    ("half_year", _("Six months")), ("nine_months", _("Nine months")),
    ("year", _("Year")), ("ad_hoc", _("Ad hoc")),
]


class Regime(models.Model):
    """A reporting regime (chế độ báo cáo): its periods, calendar, lead and workflow."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    period_kinds = models.JSONField(_("periods"), default=list,
                                    help_text=_("month, quarter, half_year, nine_months, year, "
                                                "ad_hoc"))
    cutoff_start_day = models.PositiveSmallIntegerField(
        _("cut-off starts on day"), default=15,
        help_text=_("Figures run from this day of the month before the period to the day before "
                    "it in the period's last month (Decree 09/2019: 15). 1 = calendar months."))
    due_day_of_month = models.PositiveSmallIntegerField(
        _("units send by day of month"), null=True, blank=True,
        help_text=_("E.g. 20 for the monthly report. Leave empty to count working days."))
    due_working_days = models.PositiveSmallIntegerField(
        _("or working days after the cut-off"), null=True, blank=True)
    paper_due_days = models.PositiveSmallIntegerField(_("paper copy: days after"), default=2)
    lead = models.CharField(_("led by"), max_length=20, choices=LeadKind.choices)
    includes_next_year = models.BooleanField(_("with next year's plan"), default=False)
    description = models.TextField(_("description"), blank=True)

    audit_fields = ["code", "name", "period_kinds", "cutoff_start_day", "due_day_of_month",
                    "due_working_days", "paper_due_days", "lead", "includes_next_year",
                    "description"]

    class Meta:
        verbose_name = _("reporting regime")
        verbose_name_plural = _("reporting regimes")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def clean(self):
        kinds = {code for code, _label in PERIOD_KIND_CHOICES}
        if not isinstance(self.period_kinds, list) or not self.period_kinds or any(
            kind not in kinds for kind in self.period_kinds
        ):
            raise ValidationError({"period_kinds": _("Give a list of: %(kinds)s.")
                                   % {"kinds": ", ".join(sorted(kinds))}})
        if self.cutoff_start_day > 28:
            raise ValidationError({"cutoff_start_day": _("Choose a day from 1 to 28.")})
        if self.due_day_of_month is None and self.due_working_days is None:
            raise ValidationError({"due_day_of_month": _(
                "Give either a day of the month or a number of working days.")})
        if self.due_day_of_month is not None and not 1 <= self.due_day_of_month <= 28:
            raise ValidationError({"due_day_of_month": _("Choose a day from 1 to 28.")})


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return with a reason")
    EDIT = "edit", _("Edit in place")
    INITIAL = "initial", _("Initial")
    CONSULT = "consult", _("Open a consultation")
    COMMENT = "comment", _("Comment")
    RESOLVE = "resolve", _("Take in the comments")
    SIGN = "sign", _("Sign")
    ISSUE = "issue", _("Issue")
    DISTRIBUTE = "distribute", _("Distribute")
    FILE = "file", _("File")


class ActorUnit(models.TextChoices):
    LEAD = "lead", _("the leading unit")
    COMMITTEE = "committee", _("the committee")
    OFFICE = "office", _("the office")
    CONSULTED = "consulted", _("the people and units consulted")


class WorkflowStep(models.Model):
    """One step of a regime's workflow: who acts, and (through its transitions) what they may do."""

    regime = models.ForeignKey(Regime, models.CASCADE, related_name="steps",
                               verbose_name=_("regime"))
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("who acts"), max_length=30, choices=Role.choices)
    actor_unit = models.CharField(_("in"), max_length=20, choices=ActorUnit.choices,
                                  default=ActorUnit.LEAD)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    seed_reference = models.CharField(_("procedure step"), max_length=50, blank=True)
    is_final = models.BooleanField(_("final step"), default=False)

    audit_fields = ["regime", "code", "name", "role", "actor_unit", "order", "seed_reference",
                    "is_final"]

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["regime", "order"]
        constraints = [models.UniqueConstraint(fields=["regime", "code"], name="step_unique")]

    def __str__(self):
        return f"{self.order}. {self.name}"


class WorkflowTransition(models.Model):
    """An action offered at a step, and the step it leads to."""

    step = models.ForeignKey(WorkflowStep, models.CASCADE, related_name="transitions",
                             verbose_name=_("from step"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    to_step = models.ForeignKey(WorkflowStep, models.CASCADE, related_name="incoming",
                                verbose_name=_("to step"))

    audit_fields = ["step", "action", "to_step"]

    class Meta:
        verbose_name = _("workflow transition")
        verbose_name_plural = _("workflow transitions")
        ordering = ["step__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["step", "action"],
                                               name="transition_unique")]

    def __str__(self):
        return f"{self.step.name} —{self.get_action_display()}→ {self.to_step.name}"

    def clean(self):
        if self.step_id and self.to_step_id and self.step.regime_id != self.to_step.regime_id:
            raise ValidationError({"to_step": _("The step must be of the same regime.")})


class CalendarException(models.Model):
    """A declared day swap: a weekday made a day off, or a weekend day made a working day."""

    day = models.DateField(_("day"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    reason = models.CharField(_("reason"), max_length=200)

    audit_fields = ["day", "is_working_day", "reason"]

    class Meta:
        verbose_name = _("declared day swap")
        verbose_name_plural = _("declared day swaps")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.reason}"


# --- report forms --------------------------------------------------------------------------

class Column(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    YEAR_TO_DATE = "year_to_date", _("Year to date")
    TARGET = "target", _("Annual target")
    PERCENT_OF_TARGET = "percent_of_target", _("Percent of target")
    SAME_PERIOD_LAST_YEAR = "same_period_last_year", _("Same period last year")
    VS_SAME_PERIOD_LAST_YEAR = "vs_same_period_last_year", _("Percent of same period")
    FULL_YEAR_ESTIMATE = "full_year_estimate", _("Full-year estimate")
    NEXT_YEAR_TARGET = "next_year_target", _("Next year's target")
    NOTE = "note", _("Note")


# Columns the unit types; the others are computed and never typed.
ENTERED_COLUMNS = frozenset({Column.ACTUAL, Column.FULL_YEAR_ESTIMATE, Column.NEXT_YEAR_TARGET,
                             Column.NOTE})


class ReportForm(models.Model):
    """A report form (biểu mẫu): which units fill it, under which regime.  Its content lives in
    versions; a version in use never changes."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    # The DHIS2-style identifier (data set UID), stable beside the code.
    uid = models.CharField(_("UID"), max_length=11, unique=True, default=uids.generate,
                           validators=[uids.validator])
    name = models.CharField(_("name"), max_length=300)
    regime = models.ForeignKey(Regime, models.PROTECT, related_name="forms",
                               verbose_name=_("regime"))
    units = models.ManyToManyField(OrgUnit, related_name="report_forms", blank=True,
                                   verbose_name=_("units that fill it"))
    description = models.TextField(_("description"), blank=True)

    audit_fields = ["code", "uid", "name", "regime", "description"]

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} · {self.name}"

    def current_version(self):
        """The newest version that may be used (approved or in use), or None."""
        return self.versions.filter(
            state__in=[FormVersion.State.APPROVED, FormVersion.State.USED]
        ).order_by("-number").first()


class FormVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        USED = "used", _("In use")

    form = models.ForeignKey(ReportForm, models.CASCADE, related_name="versions",
                             verbose_name=_("form"))
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    audit_fields = ["form", "number", "state", "note"]

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-number"]
        constraints = [models.UniqueConstraint(fields=["form", "number"],
                                               name="form_version_unique")]

    def __str__(self):
        return f"{self.form.code} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class FilledByMixin:
    """Which of the form's units fill a row or a section: the units named, and the units of the
    kinds named; neither named: every unit of the form (seed 1 §5.2.2: "theo từng lĩnh vực, địa
    bàn được phân công")."""

    def fills(self, unit) -> bool:
        """Whether `unit` fills this row (or section)."""
        kinds = self.unit_kinds or []
        named = self._named_units()
        if not kinds and not named:
            return True
        return unit.kind in kinds or unit.pk in named

    def _named_units(self) -> set[int]:
        if not self.pk:
            return set()
        known = getattr(self, "filled_unit_ids", None)  # a version's kept parts (frozen.py)
        if known is not None:
            return known
        cached = getattr(self, "_prefetched_objects_cache", {}).get("units")
        if cached is not None:
            return {u.pk for u in cached}
        return set(self.units.values_list("pk", flat=True))

    def filled_by_label(self) -> str:
        """Who fills it, in words (empty: everyone)."""
        from baocao.organisation.models import Kind

        kinds = [str(Kind(k).label) for k in self.unit_kinds or [] if k in Kind.values]
        names = [u.name for u in self.units.all()] if self.pk else []
        return ", ".join(kinds + names)


def kinds_valid(kinds) -> bool:
    from baocao.organisation.models import Kind

    return isinstance(kinds, list) and all(k in Kind.values for k in kinds)


class LockedVersionMixin:
    """Parts of a form version change only while the version is a draft."""

    def _version(self):
        return None

    def _check_editable(self):
        version = self._version()
        if version is not None and version.pk:
            state = FormVersion.objects.filter(pk=version.pk).values_list("state", flat=True)
            if state and state[0] != FormVersion.State.DRAFT:
                raise ValidationError(_(
                    "Version %(version)s is %(state)s and can no longer change; make a new "
                    "version.") % {"version": version, "state": version.get_state_display()})

    def save(self, *args, **kwargs):
        self._check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_editable()
        return super().delete(*args, **kwargs)


class FormTable(LockedVersionMixin, models.Model):
    """An indicator table of a form version: its rows are indicators under headings."""

    version = models.ForeignKey(FormVersion, models.CASCADE, related_name="tables",
                                verbose_name=_("version"))
    title = models.CharField(_("title"), max_length=300)
    columns = models.JSONField(_("columns"), default=list)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    audit_fields = ["version", "title", "columns", "sort_order"]

    class Meta:
        verbose_name = _("indicator table")
        verbose_name_plural = _("indicator tables")
        ordering = ["version", "sort_order", "pk"]

    def __str__(self):
        return self.title

    def _version(self):
        return self.version

    def clean(self):
        valid = {c.value for c in Column}
        if not isinstance(self.columns, list) or not self.columns or any(
            c not in valid for c in self.columns
        ):
            raise ValidationError({"columns": _("Choose the columns among: %(columns)s.")
                                   % {"columns": ", ".join(c.value for c in Column)}})
        if Column.ACTUAL not in self.columns:
            raise ValidationError({"columns": _("The table needs the \"actual\" column.")})

    def column_specs(self):
        return [(c, Column(c).label, c not in ENTERED_COLUMNS) for c in self.columns]


class FormRow(FilledByMixin, LockedVersionMixin, models.Model):
    """A row of an indicator table: an indicator, or a heading when no indicator is given."""

    table = models.ForeignKey(FormTable, models.CASCADE, related_name="rows",
                              verbose_name=_("table"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, null=True, blank=True,
                                  related_name="form_rows", verbose_name=_("indicator"))
    heading = models.CharField(_("heading"), max_length=300, blank=True,
                               help_text=_("For a heading row; for an indicator row, a label "
                                           "that replaces the indicator's name (optional)."))
    required = models.BooleanField(_("required"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    unit_kinds = models.JSONField(_("filled by units of the kinds"), default=list, blank=True,
                                  help_text=_("E.g. [\"department\", \"office\"]. Leave empty "
                                              "(and no unit below) for every unit of the form."))
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="+",
                                   verbose_name=_("filled by the units"))

    audit_fields = ["table", "indicator", "heading", "required", "sort_order", "unit_kinds"]

    class Meta:
        verbose_name = _("table row")
        verbose_name_plural = _("table rows")
        ordering = ["table", "sort_order", "pk"]

    def __str__(self):
        return self.label

    def _version(self):
        return self.table.version if self.table_id else None

    def clean(self):
        if not self.indicator_id and not self.heading.strip():
            raise ValidationError(_("A row needs an indicator or a heading."))
        if not kinds_valid(self.unit_kinds):
            raise ValidationError({"unit_kinds": _("Give a list of unit kinds.")})

    @property
    def is_heading(self) -> bool:
        return self.indicator_id is None

    @property
    def label(self) -> str:
        if self.indicator_id and not self.heading:
            return self.indicator.name
        return self.heading


class SectionKind(models.TextChoices):
    RESULTS = "results", _("Results")
    DIFFICULTIES = "difficulties", _("Difficulties and obstacles")
    PROPOSALS = "proposals", _("Proposals")
    NEXT_PERIOD_TASKS = "next_period_tasks", _("Next period's tasks")
    FREE = "free", _("Other heading")


class FormSection(FilledByMixin, LockedVersionMixin, models.Model):
    """A narrative section of a form version: text the unit writes."""

    version = models.ForeignKey(FormVersion, models.CASCADE, related_name="sections",
                                verbose_name=_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    guidance = models.TextField(_("guidance for the unit"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    unit_kinds = models.JSONField(_("filled by units of the kinds"), default=list, blank=True,
                                  help_text=_("E.g. [\"ward\"]. Leave empty (and no unit below) "
                                              "for every unit of the form."))
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="+",
                                   verbose_name=_("filled by the units"))

    audit_fields = ["version", "kind", "title", "guidance", "required", "sort_order",
                    "unit_kinds"]

    class Meta:
        verbose_name = _("narrative section")
        verbose_name_plural = _("narrative sections")
        ordering = ["version", "sort_order", "pk"]

    def __str__(self):
        return self.title

    def _version(self):
        return self.version

    def clean(self):
        if not kinds_valid(self.unit_kinds):
            raise ValidationError({"unit_kinds": _("Give a list of unit kinds.")})


class ValidationRule(LockedVersionMixin, models.Model):
    """A rule between two cells of a form version: `left op right` (deaths ≤ accidents, a part ≤
    its whole).  An error blocks sending; a warning needs the unit's explanation."""

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "==", "="
        GE = ">=", "≥"
        GT = ">", ">"

    class Severity(models.TextChoices):
        ERROR = "error", _("Error: blocks sending")
        WARNING = "warning", _("Warning: needs an explanation")

    version = models.ForeignKey(FormVersion, models.CASCADE, related_name="rules",
                                verbose_name=_("version"))
    left = models.ForeignKey(Indicator, models.PROTECT, related_name="+",
                             verbose_name=_("indicator"))
    operator = models.CharField(_("must be"), max_length=2, choices=Operator.choices,
                                default=Operator.LE)
    right = models.ForeignKey(Indicator, models.PROTECT, related_name="+",
                              verbose_name=_("than indicator"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices,
                                default=Severity.ERROR)
    message = models.CharField(_("message"), max_length=300, blank=True,
                               help_text=_("Shown to the unit; leave empty for the standard one."))

    audit_fields = ["version", "left", "operator", "right", "severity", "message"]

    class Meta:
        verbose_name = _("rule between cells")
        verbose_name_plural = _("rules between cells")
        ordering = ["version", "pk"]

    def __str__(self):
        return f"{self.left.code} {self.get_operator_display()} {self.right.code}"

    def _version(self):
        return self.version

    def holds(self, left, right) -> bool:
        return {"<=": left <= right, "<": left < right, "==": left == right,
                ">=": left >= right, ">": left > right}[self.operator]



def _units_locked(sender, instance, action, **kwargs):
    """Who fills a row or a section changes only while its version is a draft, as the rest."""
    if action in ("pre_add", "pre_remove", "pre_clear") and isinstance(instance,
                                                                     LockedVersionMixin):
        instance._check_editable()


models.signals.m2m_changed.connect(_units_locked, sender=FormRow.units.through,
                                   dispatch_uid="catalogue.formrow_units_locked")
models.signals.m2m_changed.connect(_units_locked, sender=FormSection.units.through,
                                   dispatch_uid="catalogue.formsection_units_locked")
