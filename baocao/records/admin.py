from django.contrib import admin

from baocao.core.admin import AuditedAdmin

from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuditedAdmin):
    list_display = ["kind", "regime", "years_at_unit", "total_years", "source"]
    list_filter = ["kind"]
