"""The one sanitiser of every rich text baocao keeps (a unit's narrative sections, the draft's
sections): nh3 with an allow-list of tags and attributes, and of the only class the editor and
the draft builder write (`num`, a table cell holding a number).  Any other class is dropped, so
a text cannot borrow the print layout's styles (`nd30-…`) or Bootstrap's."""

import nh3

TAGS = frozenset({"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "table", "thead",
                  "tbody", "tr", "th", "td", "h3", "h4", "blockquote", "sup", "sub"})
ATTRIBUTES = {"td": {"colspan", "rowspan", "class"}, "th": {"colspan", "rowspan", "class"}}
CLASSES = {"td": frozenset({"num"}), "th": frozenset({"num"})}
MAX_SPAN = 50


def _keep(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [c for c in value.split() if c in CLASSES.get(tag, ())]
        return " ".join(kept) or None
    if attribute in ("colspan", "rowspan"):
        return value if value.isdigit() and 1 <= int(value) <= MAX_SPAN else None
    return value


def clean(html: str) -> str:
    """Sanitised HTML: allowed tags, spans and classes only; everything else removed."""
    return nh3.clean(html or "", tags=set(TAGS), attributes=ATTRIBUTES,
                     attribute_filter=_keep).strip()
