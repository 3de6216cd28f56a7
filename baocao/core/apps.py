from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "baocao.core"
    label = "core"
    verbose_name = _("Frame")

    def ready(self):
        from django.db.backends.signals import connection_created

        from baocao.lib.fold import register_sqlite

        connection_created.connect(register_sqlite, dispatch_uid="baocao.fold")


class BaocaoAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "baocao.core.admin_site.BaocaoAdminSite"
