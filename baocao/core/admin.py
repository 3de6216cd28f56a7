"""What every administration page shares: access by role, every change on the record."""

from django.contrib import admin
from django.db import transaction

from baocao.audit.log import delete_and_record, record, save_and_record
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

    def save_related(self, request, form, formsets, change):
        """Many-to-many choices (the units that fill a form…) on the record too: what was added
        and removed, in the same transaction as the save."""
        obj = form.instance
        fields = [f for f in obj._meta.many_to_many if f.name in form.cleaned_data]
        with transaction.atomic():
            before = {f.name: set(getattr(obj, f.name).values_list("pk", flat=True))
                      for f in fields} if change else {f.name: set() for f in fields}
            super().save_related(request, form, formsets, change)
            changes = {}
            for f in fields:
                after = set(getattr(obj, f.name).values_list("pk", flat=True))
                if after != before[f.name]:
                    changes[f.name] = {"added": sorted(after - before[f.name]),
                                       "removed": sorted(before[f.name] - after)}
            if changes:
                record(f"{obj._meta.model_name}.update", obj,
                       details={"via": "admin", "many_to_many": changes})
