"""Administration of the catalogue: indicators, targets, regimes and their workflows, day swaps,
and the form builder (form → version → tables → rows; sections).  A version that is no longer a
draft is shown read-only."""

from django import forms as djforms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from baocao.core.admin import AdministerPermissions, AuditedAdmin
from baocao.organisation.admin import AuditedInlinesMixin

from . import forms as form_services
from .models import (
    PERIOD_KIND_CHOICES,
    CalendarException,
    Column,
    FormRow,
    FormSection,
    FormTable,
    FormVersion,
    Indicator,
    Regime,
    ReportForm,
    Sector,
    Target,
    ValidationRule,
    WorkflowStep,
    WorkflowTransition,
)


class ListField(djforms.MultipleChoiceField):
    """A JSON list edited as checkboxes."""

    widget = djforms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return list(value or [])


@admin.register(Sector)
class SectorAdmin(AuditedAdmin):
    list_display = ["name", "code", "family", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["code", "name"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "uid", "name", "sector", "unit_of_measure", "aggregation",
                    "time_aggregation", "formula", "active"]
    list_filter = ["family", "sector", "value_type", "aggregation", "time_aggregation", "active"]
    search_fields = ["code", "uid", "name", "formula"]
    readonly_fields = ["uid"]
    fieldsets = [
        (None, {"fields": ["code", "uid", "name", "sector", "family", "active"]}),
        (_("Values"), {"fields": ["unit_of_measure", "value_type", "decimals", "minimum",
                                  "maximum", "direction", "comparison"]}),
        (_("Combining"), {"fields": ["aggregation", "time_aggregation", "formula"]}),
    ]


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["indicator", "unit", "year", "kind", "value"]
    list_filter = ["year", "kind", "indicator__sector"]
    search_fields = ["indicator__code", "indicator__name", "unit__code", "unit__name"]
    autocomplete_fields = ["indicator", "unit"]


class RegimeForm(djforms.ModelForm):
    period_kinds = ListField(label=_("periods"), choices=PERIOD_KIND_CHOICES)

    class Meta:
        model = Regime
        fields = ["code", "name", "period_kinds", "cutoff_start_day", "due_day_of_month",
                  "due_working_days", "paper_due_days", "lead", "includes_next_year",
                  "description"]


class StepInline(AdministerPermissions, admin.TabularInline):
    model = WorkflowStep
    extra = 0
    show_change_link = True
    fields = ["order", "code", "name", "role", "actor_unit", "seed_reference", "is_final"]


@admin.register(Regime)
class RegimeAdmin(AuditedInlinesMixin, AuditedAdmin):
    form = RegimeForm
    list_display = ["name", "code", "lead", "cutoff_start_day", "due_day_of_month",
                    "due_working_days", "paper_due_days", "diagram_link"]
    inlines = [StepInline]

    @admin.display(description=_("workflow"))
    def diagram_link(self, regime):
        url = reverse("catalogue:regime_detail", args=[regime.code])
        return format_html('<a href="{}">{}</a>', url, _("diagram and calendar"))


class TransitionInline(AdministerPermissions, admin.TabularInline):
    model = WorkflowTransition
    fk_name = "step"
    extra = 1
    fields = ["action", "to_step"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "to_step":
            step_id = request.resolver_match.kwargs.get("object_id")
            step = WorkflowStep.objects.filter(pk=step_id).first()
            if step is not None:
                kwargs["queryset"] = WorkflowStep.objects.filter(regime=step.regime)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WorkflowStep)
class WorkflowStepAdmin(AuditedInlinesMixin, AuditedAdmin):
    list_display = ["regime", "order", "name", "role", "actor_unit", "is_final"]
    list_filter = ["regime"]
    inlines = [TransitionInline]


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedAdmin):
    list_display = ["day", "is_working_day", "reason"]
    list_filter = ["is_working_day"]
    date_hierarchy = "day"


# --- the form builder ------------------------------------------------------------------------

class LockedUnlessDraft:
    """Inlines and pages of a version's parts: changeable only while the version is a draft."""

    def _draft(self, obj):
        version = obj if isinstance(obj, FormVersion) else getattr(obj, "version", None)
        if isinstance(obj, FormRow):
            version = obj.table.version
        return version is None or version.is_editable

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._draft(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._draft(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._draft(obj)


class TableForm(djforms.ModelForm):
    columns = ListField(label=_("columns"), choices=Column.choices,
                        help_text=_("Year to date, target, the percentages and last year's "
                                    "figures are computed, never typed by units."))

    class Meta:
        model = FormTable
        fields = ["title", "columns", "sort_order"]


class TableInline(LockedUnlessDraft, AdministerPermissions, admin.StackedInline):
    model = FormTable
    form = TableForm
    extra = 0
    show_change_link = True


class SectionInline(LockedUnlessDraft, AdministerPermissions, admin.StackedInline):
    model = FormSection
    extra = 0
    fields = [("kind", "title", "sort_order", "required"), "guidance"]


class RuleInline(LockedUnlessDraft, AdministerPermissions, admin.TabularInline):
    model = ValidationRule
    extra = 0
    autocomplete_fields = ["left", "right"]
    fields = ["left", "operator", "right", "severity", "message"]


class VersionInline(AdministerPermissions, admin.TabularInline):
    model = FormVersion
    extra = 0
    fields = ["number", "state", "note", "approved_by", "approved_at", "open_link"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("open"))
    def open_link(self, version):
        url = reverse("admin:catalogue_formversion_change", args=[version.pk])
        preview = reverse("catalogue:form_version", args=[version.form.code, version.number])
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', url, _("build"), preview,
                           _("preview"))


@admin.register(ReportForm)
class ReportFormAdmin(AuditedInlinesMixin, AuditedAdmin):
    list_display = ["code", "uid", "name", "regime", "current"]
    list_filter = ["regime"]
    search_fields = ["code", "uid", "name"]
    readonly_fields = ["uid"]
    filter_horizontal = ["units"]
    inlines = [VersionInline]
    actions = ["make_new_version"]

    @admin.display(description=_("version in force"))
    def current(self, form):
        version = form.current_version()
        return f"v{version.number}" if version else "—"

    @admin.action(description=_("Make a new draft version"))
    def make_new_version(self, request, queryset):
        for form in queryset:
            version = form_services.new_version(form, request.user)
            self.message_user(request, _("Draft %(v)s made.") % {"v": version}, messages.SUCCESS)

    def response_add(self, request, obj, post_url_continue=None):
        if not obj.versions.exists():
            form_services.new_version(obj, request.user, note=_("First version"))
        return super().response_add(request, obj, post_url_continue)


@admin.register(FormVersion)
class FormVersionAdmin(LockedUnlessDraft, AuditedInlinesMixin, AuditedAdmin):
    list_display = ["__str__", "state", "note", "approved_by", "approved_at"]
    list_filter = ["state", "form"]
    fields = ["form", "number", "state", "note", "preview_link"]
    readonly_fields = ["form", "number", "state", "preview_link"]
    inlines = [TableInline, SectionInline, RuleInline]

    def has_add_permission(self, request, obj=None):
        return False  # versions are made with "Make a new draft version" on the form

    @admin.display(description=_("preview"))
    def preview_link(self, version):
        url = reverse("catalogue:form_version", args=[version.form.code, version.number])
        return format_html('<a href="{}" class="button">{}</a>', url,
                           _("Preview what the unit sees, and approve"))


class RowInline(LockedUnlessDraft, AdministerPermissions, admin.TabularInline):
    model = FormRow
    extra = 3
    autocomplete_fields = ["indicator"]
    fields = ["sort_order", "heading", "indicator", "required"]

    def _draft(self, obj):
        return obj is None or obj.version.is_editable


@admin.register(FormTable)
class FormTableAdmin(LockedUnlessDraft, AuditedInlinesMixin, AuditedAdmin):
    form = TableForm
    list_display = ["title", "version"]
    inlines = [RowInline]

    def has_module_permission(self, request):
        return False  # reached from its version

    def has_add_permission(self, request, obj=None):
        return False
