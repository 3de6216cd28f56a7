"""What every administration page shares: access by role, every change on the record."""

from django.contrib import admin

from baocao.audit.log import delete_and_record, save_and_record
from baocao.organisation import access


class AdministerPermissions:
    """Open to the `admin` role (from memberships), not to Django's per-model permissions."""

    def has_module_permission(self, request):
        return access.can_administer(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_administer(request.user)

    def has_add_permission(self, request, obj=None):
        return access.can_administer(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can_administer(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_administer(request.user)

class AuditedAdmin(AdministerPermissions, admin.ModelAdmin):
    """A ModelAdmin open to the `admin` role whose saves and deletions are audited."""

    def save_model(self, request, obj, form, change):
        save_and_record(obj, via="admin")

    def delete_model(self, request, obj):
        delete_and_record(obj, via="admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_and_record(obj, via="admin")
