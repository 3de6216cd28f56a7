from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "baocao.catalogue"
    label = "catalogue"
    verbose_name = _("Indicators, forms and calendar")

    def ready(self):
        from baocao.core import registry

        from . import demo, frozen, imports  # noqa: F401 (frozen: its signals)

        registry.register_importer("indicators", imports.import_indicators)
        registry.register_importer("targets", imports.import_targets)
        registry.register_demo_step(20, demo.load_catalogue,
                                    _("The indicators, the 2025–2026 targets and the demo's forms"))
