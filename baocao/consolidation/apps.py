from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsolidationConfig(AppConfig):
    name = "baocao.consolidation"
    label = "consolidation"
    verbose_name = _("Consolidation")

    def ready(self):
        from . import rollups, signals, tasks

        signals.connect()
        rollups.waker = tasks.drain_rollups
