"""Two versions side by side, with deletions marked on the left and insertions on the right.

The HTML is cut into tags and words; the words are compared (difflib), and each side keeps its
own tags, so both sides stay well-formed: a changed run of words is wrapped in <del> or <ins>
between the tags it crosses."""

import difflib
import re

from django.utils.safestring import mark_safe

_TOKENS = re.compile(r"<[^>]+>|[^<\s]+|\s+")


def _tokens(html: str) -> list[str]:
    return _TOKENS.findall(html or "")


def _mark(tokens: list[str], tag: str) -> str:
    out, run = [], []

    def flush():
        if run:
            text = "".join(run)
            out.append(f"<{tag}>{text}</{tag}>" if text.strip() else text)
            run.clear()

    for token in tokens:
        if token.startswith("<"):
            flush()
            out.append(token)
        else:
            run.append(token)
    flush()
    return "".join(out)


def side_by_side(old: str, new: str) -> tuple[str, str, bool]:
    """(left, right, changed): `old` with deletions marked, `new` with insertions marked."""
    a, b = _tokens(old), _tokens(new)
    # Compare words only; tags and spaces are carried along with their side.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left, right, changed = [], [], False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append("".join(a[i1:i2]))
            right.append("".join(b[j1:j2]))
            continue
        changed = True
        if op in ("delete", "replace"):
            left.append(_mark(a[i1:i2], "del"))
        if op in ("insert", "replace"):
            right.append(_mark(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right)), changed


def compare_versions(old_content: list[dict], new_content: list[dict]) -> list[dict]:
    """Section by section (matched by heading, in the newer order)."""
    old_by_heading = {}
    for section in old_content:
        old_by_heading.setdefault(section["heading"], section)
    rows, seen = [], set()
    for section in new_content:
        before = old_by_heading.get(section["heading"])
        seen.add(section["heading"])
        left, right, changed = side_by_side(before["html"] if before else "", section["html"])
        rows.append({"heading": section["heading"], "left": left, "right": right,
                     "changed": changed or before is None, "added": before is None})
    for section in old_content:
        if section["heading"] not in seen:
            left, right, _c = side_by_side(section["html"], "")
            rows.append({"heading": section["heading"], "left": left, "right": right,
                         "changed": True, "removed": True})
    return rows
