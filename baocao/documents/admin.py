from django.contrib import admin

from baocao.core.admin import AuditedAdmin

from .models import Recipient


@admin.register(Recipient)
class RecipientAdmin(AuditedAdmin):
    """The committee's list of recipients (nơi nhận) the clerk chooses from when issuing."""

    list_display = ["name", "email", "committee", "by_default", "active", "sort_order"]
    list_filter = ["committee", "by_default", "active"]
    list_editable = ["sort_order"]
    search_fields = ["name", "email"]
