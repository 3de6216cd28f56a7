from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from baocao.core.admin import AuditedAdmin

from .forms import SealImageAddForm, SigningKeyAddForm
from .models import Recipient, SignatureImage, SigningKey


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


@admin.register(SignatureImage)
class SignatureImageAdmin(AuditedAdmin):
    """The images the signatures show: each committee's seal (added here, printed at its real
    size) and the signers' own handwritten signatures (each signer uploads theirs on "Khóa ký
    số của tôi").  Never deleted; a newer image replaces the older."""

    list_display = ["__str__", "preview", "user", "committee", "width_mm", "uploaded_at",
                    "active"]
    list_filter = ["active"]
    readonly_fields = ["user", "committee", "preview", "width_px", "height_px", "width_mm",
                       "uploaded_by", "uploaded_at", "sha256"]
    fields = readonly_fields + ["active"]

    @admin.display(description=_("image"))
    def preview(self, obj):
        from .images import data_uri

        return format_html('<img src="{}" alt="" style="max-height:60px;max-width:160px">',
                           data_uri(obj))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SealImageAddForm
            kwargs["fields"] = None
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["committee", "width_mm", "image"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        from . import images

        made = images.set_seal_image(form.cleaned_data["committee"], form.raw,
                                     actor=request.user,
                                     diameter_mm=form.cleaned_data["width_mm"])
        obj.pk = made.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_delete_permission(self, request, obj=None):
        return False
