from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from baocao.core.admin import AuditedAdmin

from .forms import SigningKeyAddForm
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
    """Signing keys.  Added here from a PKCS#12 file and its password (checked, never kept), or
    from the certificate of a USB token; afterwards only deactivated (a signature made with a
    key must stay checkable, so keys are not deleted)."""

    list_display = ["subject", "user", "committee", "backend", "not_after", "active"]
    list_filter = ["backend", "active"]
    search_fields = ["subject", "fingerprint", "user__username", "user__full_name"]
    readonly_fields = ["user", "committee", "backend", "token_label", "key_label", "certificate",
                       "subject", "fingerprint", "not_after", "created_at"]
    fields = readonly_fields + ["active"]
    add_fieldsets = (
        (None, {"fields": ["user", "committee", "backend"]}),
        (_("Key file"), {"fields": ["key_file", "password"]}),
        (_("USB token"), {"fields": ["certificate_file", "token_label", "key_label"]}),
    )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SigningKeyAddForm
            kwargs["fields"] = None
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False
