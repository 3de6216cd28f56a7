from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from baocao.core.admin import AdministerPermissions

from . import sending
from .models import Email


@admin.register(Email)
class EmailAdmin(AdministerPermissions, admin.ModelAdmin):
    """The outbox, read-only: what was sent, what waits, what failed and why."""

    list_display = ["created_at", "to", "subject", "state", "attempts", "sent_at",
                    "next_attempt_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in Email._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the failed e-mails again now"))
    def retry(self, request, queryset):
        again = sum(sending.retry(email, request.user)
                    for email in queryset.filter(state=Email.State.FAILED))
        self.message_user(request, _("%(n)d e-mail(s) queued again.") % {"n": again},
                          messages.SUCCESS)
