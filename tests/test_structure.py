"""The direction of dependencies: no two modules of baocao/ import each other in a circle (counting
imports inside functions too), and the lowest apps know nothing of the apps built on them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "baocao"

# What each low app may import of baocao (itself always).  The frame (`core`) is allowed for
# its registries and administration base classes.
ALLOWED = {
    "organisation": {"lib", "audit", "core"},
    "catalogue": {"organisation", "lib", "audit", "core"},
    "lib": set(),
    "audit": {"lib", "organisation"},
    "outbox": {"lib", "audit", "core", "organisation"},
}


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The baocao modules `name` imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name and not name.startswith(candidate + "."):
                targets.add(candidate)
    return targets


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return result


def test_no_module_imports_another_in_a_circle():
    assert circles(graph()) == []


def test_the_check_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_low_apps_import_nothing_of_the_apps_built_on_them():
    wrong = []
    for name, targets in graph().items():
        app = name.split(".")[1] if name.count(".") else ""
        if app not in ALLOWED:
            continue
        for target in targets:
            other = target.split(".")[1] if target.count(".") else ""
            if other and other != app and other not in ALLOWED[app]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []
