"""DHIS2's metadata query parameters, as DHIS2 reads them, over lists of plain objects:

- `fields`: `id,name,parent[id,name],children[id]`, `*` or `:all`, `:identifiable`,
  `:nameable`, `:owner`; `!name` leaves one out.
- `filter`: `property:operator:value`, repeated (all must hold; `rootJunction=OR`: any);
  properties may be paths (`parent.id`, `dataSetElements.dataSet.id`); operators eq, !eq, ne,
  like, !like, ilike, !ilike, $like, $ilike, like$, ilike$, in, !in, null, !null, empty, gt, ge,
  lt, le, token.
- `order`: `name:asc`, `code:desc`.
- `paging=false`, `page`, `pageSize` (50 by default, as DHIS2).
"""

from dataclasses import dataclass

PRESETS = {
    ":identifiable": ["id", "code", "name", "displayName", "created", "lastUpdated", "href"],
    ":nameable": ["id", "code", "name", "displayName", "shortName", "displayShortName",
                  "description", "created", "lastUpdated", "href"],
}
MAX_PAGE_SIZE = 1000


class QueryError(ValueError):
    pass


def parse_fields(text: str | None) -> list:
    """A list of names and (name, sub-fields) pairs; "*" for every field."""
    text = (text or "").strip()
    items, depth, current = [], 0, ""
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                raise QueryError("fields: a ']' closes nothing")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    if depth:
        raise QueryError("fields: a '[' is not closed")
    if current.strip():
        items.append(current.strip())
    out = []
    for item in items:
        if "[" in item:
            name, rest = item.split("[", 1)
            out.append((name.strip(), parse_fields(rest[:-1])))
        elif item in ("*", ":all", ":owner"):
            out.append("*")
        elif item in PRESETS:
            out.extend(PRESETS[item])
        else:
            out.append(item)
    return out


def project(obj, fields: list):
    """`obj` with only `fields` (nested objects and lists of objects alike)."""
    if isinstance(obj, list):
        return [project(o, fields) for o in obj]
    if not isinstance(obj, dict):
        return obj
    if "*" in fields:
        chosen = {k: v for k, v in obj.items() if not k.startswith("_")}
    else:
        chosen = {}
    for field in fields:
        if isinstance(field, tuple):
            name, sub = field
            if name in obj:
                chosen[name] = project(obj[name], sub)
        elif field.startswith("!"):
            chosen.pop(field[1:], None)
        elif field != "*" and field in obj:
            value = obj[field]
            if isinstance(value, dict) and "id" in value:
                value = {"id": value["id"]}
            elif isinstance(value, list) and value and isinstance(value[0], dict) and \
                    "id" in value[0]:
                value = [{"id": v["id"]} for v in value]
            chosen[field] = value
    return chosen


def _values_at(obj, path: list[str]) -> list:
    if not path:
        return [obj]
    if isinstance(obj, list):
        return [v for item in obj for v in _values_at(item, path)]
    if not isinstance(obj, dict) or path[0] not in obj:
        return [None]
    return _values_at(obj[path[0]], path[1:])


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _holds(value, operator: str, argument: str) -> bool:
    text = "" if value is None else str(value).lower() if not isinstance(value, bool) else \
        str(value).lower()
    arg = argument.lower()
    if operator == "eq":
        return text == arg
    if operator in ("!eq", "ne", "neq"):
        return text != arg
    if operator in ("like", "ilike"):
        return arg in text
    if operator in ("!like", "!ilike"):
        return arg not in text
    if operator in ("$like", "$ilike"):
        return text.startswith(arg)
    if operator in ("!$like", "!$ilike"):
        return not text.startswith(arg)
    if operator in ("like$", "ilike$"):
        return text.endswith(arg)
    if operator in ("!like$", "!ilike$"):
        return not text.endswith(arg)
    if operator in ("in", "!in"):
        options = [o.strip().lower() for o in arg.strip("[]").split(",")]
        return (text in options) == (operator == "in")
    if operator == "null":
        return value is None
    if operator == "!null":
        return value is not None
    if operator == "empty":
        return value in (None, "", [])
    if operator == "token":
        return all(word in text for word in arg.split())
    if operator in ("gt", "ge", "lt", "le"):
        left, right = _number(value), _number(argument)
        if left is None or right is None:
            left, right = text, arg
        return {"gt": left > right, "ge": left >= right, "lt": left < right,
                "le": left <= right}[operator]
    raise QueryError(f"filter: unknown operator {operator}")


def matches(obj: dict, filters: list[str], any_of: bool = False) -> bool:
    if not filters:
        return True
    results = []
    for text in filters:
        parts = text.split(":", 2)
        if len(parts) < 2:
            raise QueryError(f"filter: {text} is not property:operator:value")
        path, operator = parts[0], parts[1]
        argument = parts[2] if len(parts) > 2 else ""
        values = _values_at(obj, path.split("."))
        if operator.startswith("!") and operator not in ("!null",):
            results.append(all(_holds(v, operator, argument) for v in values))
        else:
            results.append(any(_holds(v, operator, argument) for v in values))
    return any(results) if any_of else all(results)


@dataclass
class Page:
    items: list
    pager: dict | None


def page(items: list, params, base_url: str) -> Page:
    """One page of `items` (all of them with paging=false)."""
    if str(params.get("paging", "true")).lower() == "false":
        return Page(items, None)
    try:
        number = max(1, int(params.get("page") or 1))
        size = min(MAX_PAGE_SIZE, max(1, int(params.get("pageSize") or 50)))
    except ValueError:
        raise QueryError("page and pageSize are whole numbers") from None
    total = len(items)
    count = max(1, -(-total // size))
    pager = {"page": number, "total": total, "pageSize": size, "pageCount": count}
    if number < count:
        pager["nextPage"] = f"{base_url}?page={number + 1}&pageSize={size}"
    if number > 1:
        pager["prevPage"] = f"{base_url}?page={number - 1}&pageSize={size}"
    return Page(items[(number - 1) * size:number * size], pager)


def order(items: list, text: str | None) -> list:
    for part in reversed([p for p in (text or "").split(",") if p.strip()]):
        name, _sep, direction = part.strip().partition(":")
        items = sorted(items, key=lambda o, n=name: (o.get(n) is None, str(o.get(n) or "")
                                                     .lower()),
                       reverse=direction.lower() in ("desc", "idesc"))
    return items
