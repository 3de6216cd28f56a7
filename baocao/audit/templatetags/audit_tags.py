from django import template

register = template.Library()


def _short(value, limit=80):
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def audit_details(details) -> list[tuple[str, str]]:
    """An event's details as (name, value) pairs for reading, changes as "old → new"."""
    if not isinstance(details, dict):
        return [("", _short(details))]
    pairs = []
    for key, value in details.items():
        if key == "changes" and isinstance(value, dict):
            for field, change in value.items():
                if isinstance(change, list | tuple) and len(change) == 2:
                    pairs.append((field, f"{_short(change[0], 40)} → {_short(change[1], 40)}"))
                else:
                    pairs.append((field, _short(change)))
        elif key == "values" and isinstance(value, dict):
            pairs.extend((field, _short(v)) for field, v in value.items() if v not in (None, ""))
        else:
            pairs.append((key, _short(value)))
    return pairs
