"""Where the domain apps plug into the shared commands and the home page.

- `baocao import KIND FILE`: each app registers an importer for its KIND (units, indicators…).
- `baocao demo`: each app registers a step that loads its part of the demo, in order.
- "Việc cần làm": each app registers a function listing what awaits a user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

importers: dict[str, Callable] = {}
demo_steps: list[tuple[int, Callable]] = []
todo_providers: list[Callable] = []


@dataclass
class ImportResult:
    """What an import did (or, with errors, why it did nothing)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was read but not used (ignored columns)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str | None) -> None:
        """Count what save_and_record() did: "<model>.create", "<model>.update" or None."""
        if action is None:
            self.unchanged += 1
        elif action.endswith(".create"):
            self.created += 1
        else:
            self.updated += 1

    def summary(self, filename: str) -> dict:
        return {"file": filename, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged}


@dataclass
class TodoItem:
    title: str
    url: str
    detail: str = ""
    due: object = None
    urgent: bool = False


def register_importer(kind: str, function: Callable) -> None:
    importers[kind] = function


def register_demo_step(order: int, function: Callable) -> None:
    if function not in [f for _, f in demo_steps]:
        demo_steps.append((order, function))
        demo_steps.sort(key=lambda item: item[0])


def register_todo(function: Callable) -> None:
    if function not in todo_providers:
        todo_providers.append(function)


def todo_for(user) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in todo_providers:
        items.extend(provider(user))
    return sorted(items, key=lambda item: (not item.urgent, str(item.due or "")))
