from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "baocao.collection"
    label = "collection"
    verbose_name = _("Collecting the units' reports")

    def ready(self):
        from baocao.core import registry

        from . import demo, todo, values_io

        registry.register_importer("values", values_io.import_values)
        registry.register_demo_step(30, demo.load_rounds, _(
            "Twelve months of the monthly report's rounds, and the current month's open"))
        registry.register_todo(todo.todo_items)
