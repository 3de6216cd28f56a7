"""Where the domain apps plug into the shared commands and the home page.

- `baocao import KIND FILE`: each app registers an importer for its KIND (units, indicators…).
- `baocao demo`: each app registers a step that loads its part of the demo, in order.
- "Việc cần làm": each app registers a function listing what awaits a user.
- Computed figures: an app that computes some indicators itself (quality: BM.07.01 from its
  registers) registers a provider for their codes; collection then shows them read-only in the
  entry page, refuses them as typed cells, and writes them as the report's values when the head
  approves it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

importers: dict[str, Callable] = {}
demo_steps: list[tuple[int, Callable]] = []
demo_titles: dict[Callable, object] = {}  # a step → what it loads, in words (a lazy message)
todo_providers: list[Callable] = []
# indicator code → provider(unit, period, indicators) → {code: Decimal | None}
computed_providers: dict[str, Callable] = {}


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

    @property
    def days_left(self) -> int | None:
        """Days to `due` (0 on the day, negative once past), None without a due date."""
        if self.due is None:
            return None
        from django.utils import timezone

        return (self.due - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0


def register_importer(kind: str, function: Callable) -> None:
    importers[kind] = function


def register_demo_step(order: int, function: Callable, title=None) -> None:
    if title is not None:
        demo_titles[function] = title
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


def register_computed(codes, provider: Callable) -> None:
    for code in codes:
        computed_providers[code] = provider


def is_computed(indicator) -> bool:
    """The system computes this indicator's values; nobody types them."""
    return indicator.code in computed_providers


def is_typed(indicator) -> bool:
    """Units type this indicator's values (neither a formula nor computed by the system)."""
    return not indicator.is_derived and not is_computed(indicator)


def is_typed_code(code: str, formula: str) -> bool:
    """is_typed from an indicator's code and formula alone."""
    return not formula.strip() and code not in computed_providers


def computed_values(unit, period, indicators) -> dict[int, object]:
    """{indicator id: value} of the computed ones among `indicators`, for a unit and period."""
    by_provider: dict[Callable, list] = {}
    for indicator in indicators:
        provider = computed_providers.get(indicator.code)
        if provider is not None:
            by_provider.setdefault(provider, []).append(indicator)
    result = {}
    for provider, wanted in by_provider.items():
        found = provider(unit, period, wanted)
        result.update({i.pk: found.get(i.code) for i in wanted})
    return result
