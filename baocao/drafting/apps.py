from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    name = "baocao.drafting"
    label = "drafting"
    verbose_name = _("Drafting and the workflow")

    def ready(self):
        from baocao.core import registry

        from . import demo, signals, todo  # noqa: F401 - signals connect on import

        registry.register_demo_step(40, demo.load_drafts, _(
            "The request letters, the past months' issued reports and the drafts under way"))
        registry.register_todo(todo.todo_items)
