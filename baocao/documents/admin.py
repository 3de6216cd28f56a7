from django.contrib import admin

from baocao.core.admin import AuditedAdmin

from .models import Recipient, SigningKey


@admin.register(Recipient)
class RecipientAdmin(AuditedAdmin):
    """The committee's list of recipients (nơi nhận) the clerk chooses from when issuing."""

    list_display = ["name", "email", "committee", "by_default", "active", "sort_order"]
    list_filter = ["committee", "by_default", "active"]
    list_editable = ["sort_order"]
    search_fields = ["name", "email"]


@admin.register(SigningKey)
class SigningKeyAdmin(AuditedAdmin):
    """Signing keys: seen and deactivated here; a key is added with its password (checked, never
    kept) by documents.signing.register_pkcs12, or for a USB token by its labels."""

    list_display = ["subject", "user", "committee", "backend", "not_after", "active"]
    list_filter = ["backend", "active"]
    readonly_fields = ["user", "committee", "backend", "token_label", "key_label", "certificate",
                       "subject", "fingerprint", "not_after", "created_at"]
    fields = readonly_fields + ["active"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
