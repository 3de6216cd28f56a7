from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    default = True
    name = "baocao.records"
    label = "records"
    verbose_name = _("Records")

    def ready(self):
        from baocao.core import registry

        from . import demo, signals, todo

        signals.connect()
        registry.register_demo_step(60, demo.load_records, _(
            "Past months' dossiers filed, two older years transferred, one dossier disposed of"))
        registry.register_todo(todo.todo_items)
