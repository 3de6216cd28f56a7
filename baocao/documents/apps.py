from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "baocao.documents"
    label = "documents"
    verbose_name = _("Issued documents")

    def ready(self):
        from baocao.core import registry

        from . import demo, todo

        registry.register_demo_step(35, demo.load_documents, _(
            "Recipients, a demo certificate authority and the signing keys"))
        registry.register_todo(todo.todo_items)
