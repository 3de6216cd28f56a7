from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "baocao.quality"
    label = "quality"
    verbose_name = _("Quality statistics and improvement")

    def ready(self):
        from baocao.core import registry

        from . import demo, imports, reports, todo

        registry.register_computed(reports.COMPUTED_CODES, reports.computed_figures)
        registry.register_importer("workload", imports.import_workload)
        registry.register_demo_step(50, demo.load_quality, _(
            "A year of the quality registers, surveys and suggestions, and a QMR summary"))
        registry.register_todo(todo.todo_items)
