from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "baocao.organisation"
    label = "organisation"
    verbose_name = _("Organisation and people")

    def ready(self):
        from baocao.core import registry

        from . import demo, imports, middleware  # noqa: F401 - middleware: its signal

        registry.register_importer("units", imports.import_units)
        registry.register_demo_step(10, demo.load_units_and_people,
                                    _("The unit tree and the demo's people"))
