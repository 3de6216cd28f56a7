from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from baocao.organisation import access


class BaocaoAdminSite(admin.AdminSite):
    """The administration pages: open to the `admin` role (and superusers), in Vietnamese."""

    site_header = _("baocao administration")
    site_title = _("baocao administration")
    index_title = _("Units, people and catalogue")

    def has_permission(self, request):
        return request.user.is_active and access.can_administer(request.user)

    def login(self, request, extra_context=None):
        """Sign in on our own page; someone signed in without the role gets the 403 page."""
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
