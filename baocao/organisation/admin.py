from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from baocao.audit.log import delete_and_record, save_and_record
from baocao.core.admin import AdministerPermissions, AuditedAdmin

from .models import Delegation, Membership, OrgUnit, User


class MembershipInline(AdministerPermissions, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "position", "active_from", "active_to"]


class UnitMembershipInline(MembershipInline):
    autocomplete_fields = ["user"]
    fields = ["user", "role", "position", "active_from", "active_to"]


class AuditedInlinesMixin:
    """Inline rows (memberships) are saved through the audit too."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_and_record(obj, via="admin")
        for obj in instances:
            save_and_record(obj, via="admin")


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedInlinesMixin, AuditedAdmin):
    list_display = ["indented_name", "code", "kind", "parent", "active_from", "active_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "kind", "parent", "active_from", "active_to", "sort_order"]
    inlines = [UnitMembershipInline]

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, unit):
        return ("— " * unit.depth) + unit.name

    def has_delete_permission(self, request, obj=None):
        # Units are never deleted: one that ends gets its "active to" date.
        return False


@admin.register(User)
class UserAdmin(AuditedInlinesMixin, AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "second_factor",
                    "last_login"]
    actions = ["reset_second_factor"]
    list_filter = ["is_active", "memberships__role"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email"]}),
        (_("Access"), {"fields": ["is_active", "is_superuser", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def has_delete_permission(self, request, obj=None):
        # People are deactivated, not deleted: their actions stay on the record under their name.
        return False

    @admin.display(description=_("second factor"))
    def second_factor(self, user):
        from . import access, second_factor

        if second_factor.is_enrolled(user):
            return _("set up")
        return _("missing (required)") if access.needs_second_factor(user) else "—"

    @admin.action(description=_("Reset the second factor of the selected people"))
    def reset_second_factor(self, request, queryset):
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied

        from . import second_factor

        done, refused = 0, []
        for person in queryset:
            try:
                second_factor.reset(person, request.user)
                done += 1
            except PermissionDenied:
                refused.append(person.username)
        if done:
            self.message_user(request, _("The second factor of %(n)d person(s) was reset; they "
                                         "set it up again at their next sign-in.") % {"n": done},
                              messages.SUCCESS)
        if refused:
            self.message_user(request, _("Your own second factor is reset by another "
                                         "administrator (%(names)s).")
                              % {"names": ", ".join(refused)}, messages.ERROR)


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["granted_by", "delegate", "power", "decision", "active_from", "active_to"]

    def _post_clean(self):
        super()._post_clean()
        from django.core.exceptions import ValidationError

        from . import access

        try:
            access.check_delegation(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    """The chair's delegations (ủy quyền), recorded from the chair's decision."""

    form = DelegationForm
    list_display = ["granted_by", "delegate", "power", "decision", "active_from", "active_to"]
    list_filter = ["power"]
    autocomplete_fields = ["granted_by", "delegate"]
    fields = ["granted_by", "delegate", "power", "decision", "active_from", "active_to"]

    def has_delete_permission(self, request, obj=None):
        # A delegation ends with its "active to" date; it stays on the record.
        return False


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit", "position", "active_from", "active_to"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]


admin.site.unregister(Group)
# Second-factor devices are changed only through the audited functions (enrolment, the reset
# action on people), never edited as rows.
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

for model in (AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AccessAttempt)
class LockoutAdmin(AuditedAdmin, AccessAttemptAdmin):
    """Failed sign-ins; deleting a row unlocks that user name and address."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _audited_password_change(view):
    def wrapper(self, request, id, form_url=""):
        from django.db import transaction

        from baocao.audit.log import record

        with transaction.atomic():
            response = view(self, request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                record("user.password_set", User.objects.get(pk=id), details={"via": "admin"})
        return response

    return wrapper


UserAdmin.user_change_password = _audited_password_change(DjangoUserAdmin.user_change_password)
