"""The quality registers in the administration pages: corrections by the administrator, every
save audited; entries are never deleted."""

from django.contrib import admin

from baocao.core.admin import AuditedAdmin

from .models import (
    Capa,
    Complaint,
    DocumentError,
    EquipmentIncident,
    InternalAudit,
    QualityObjective,
    RequestProblem,
    SatisfactionSurvey,
    Suggestion,
    SurveyQuestion,
    WorkloadCount,
)


class KeptAdmin(AuditedAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(KeptAdmin):
    """The committee's standard survey questions (retire one by unticking "in use")."""

    list_display = ["text", "is_overall", "active", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(KeptAdmin):
    list_display = ["title", "unit", "service", "active"]
    list_filter = ["active", "unit"]
    readonly_fields = ["token", "recorded_by", "recorded_at"]


@admin.register(QualityObjective)
class QualityObjectiveAdmin(KeptAdmin):
    list_display = ["title", "unit", "year", "comparison", "target", "state"]
    list_filter = ["year", "state", "unit"]
    search_fields = ["title"]


@admin.register(DocumentError)
class DocumentErrorAdmin(KeptAdmin):
    list_display = ["document_title", "unit", "found_on", "state"]
    list_filter = ["state", "unit"]


@admin.register(Capa)
class CapaAdmin(KeptAdmin):
    list_display = ["__str__", "unit", "responsible", "due_date", "state"]
    list_filter = ["kind", "state", "unit"]


@admin.register(RequestProblem)
class RequestProblemAdmin(KeptAdmin):
    list_display = ["__str__", "unit", "occurred_on", "state"]
    list_filter = ["kind", "state", "unit"]


@admin.register(WorkloadCount)
class WorkloadCountAdmin(KeptAdmin):
    list_display = ["unit", "period", "documents_received", "documents_handled",
                    "records_filed", "source"]
    list_filter = ["unit", "source"]


@admin.register(InternalAudit)
class InternalAuditAdmin(KeptAdmin):
    list_display = ["title", "planned_on", "held_on", "state"]
    list_filter = ["state"]


@admin.register(EquipmentIncident)
class EquipmentIncidentAdmin(KeptAdmin):
    list_display = ["equipment", "unit", "occurred_at", "state"]
    list_filter = ["state", "unit"]


@admin.register(Complaint)
class ComplaintAdmin(KeptAdmin):
    list_display = ["__str__", "unit", "received_on", "explanation_due", "state"]
    list_filter = ["state", "unit"]


@admin.register(Suggestion)
class SuggestionAdmin(KeptAdmin):
    list_display = ["title", "unit", "source", "state", "submitted_at"]
    list_filter = ["state", "source", "unit"]
    readonly_fields = ["tracking_hash"]
