"""The HTML of one row of the entry page, written in Python: the page has one per indicator
(58 in the demo's monthly form) and saving a cell answers with the row again, so this is the
hottest markup of a deadline day.  Rendered through the template engine, the rows were two
thirds of the page's time (bench/load.py, docs/performance.md).  Every text is escaped
(`escape`), every sentence is a message of the catalogue."""

import functools

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baocao.catalogue.models import Column

from . import validation


def _label(column: str) -> str:
    """The column's name, for the phone layout where each cell says what it is (data-label)."""
    return _labels(column, get_language())


@functools.lru_cache(maxsize=256)
def _labels(column: str, language: str) -> str:  # (five a row: translated once per language)
    try:
        return escape(str(Column(column).label))
    except ValueError:
        return ""


def _problem(p) -> str:
    error = p.level == validation.ERROR
    return (f'<div class="small {"text-danger" if error else "text-warning-emphasis"}" '
            f'role="{"alert" if error else "status"}">{"⛔" if error else "⚠"} '
            f'{escape(p.message)}</div>')


def _merge(m: dict, ident, cell_url: str) -> str:
    """Someone saved this cell meanwhile: theirs (now in the cell) and mine, to keep one."""
    at = m["at"].astimezone(timezone.get_current_timezone()).strftime("%H:%M:%S") \
        if m["at"] else ""
    said = _("%(who)s saved “%(column)s” meanwhile (%(at)s); nothing of yours was written "
             "over it. Keep one:") % {"who": m["by"] or _("Someone"), "column": m["label"],
                                     "at": at}
    theirs, yours = escape(_("Theirs (in the cell now)")), escape(_("Yours"))
    keep_mine, keep_theirs = escape(_("Keep mine")), escape(_("Keep theirs"))
    return (
        f'<div class="merge alert alert-warning small p-2 mt-1 mb-0" role="alert">\n'
        f'      <div>{escape(said)}</div>\n'
        f'      <dl class="merge-values mb-1">\n'
        f'        <div><dt>{theirs}</dt>'
        f'<dd class="merge-theirs">{escape(m["theirs"]) or "—"}</dd></div>\n'
        f'        <div><dt>{yours}</dt>'
        f'<dd class="merge-mine">{escape(m["mine"]) or "—"}</dd></div>\n'
        f'      </dl>\n'
        f'      <form class="d-inline" hx-post="{escape(cell_url)}" hx-target="#row-{ident}" '
        f'hx-swap="outerHTML">\n'
        f'        <input type="hidden" name="indicator" value="{ident}">'
        f'<input type="hidden" name="column" value="{escape(m["column"])}">\n'
        f'        <input type="hidden" name="revision" value="{int(m["revision"])}">'
        f'<input type="hidden" name="value" value="{escape(m["mine"])}">\n'
        f'        <button type="submit" class="btn btn-sm btn-primary">'
        f'{keep_mine}</button>\n'
        f'      </form>\n'
        f'      <button type="button" class="btn btn-sm btn-outline-secondary" '
        f'data-keep-theirs>{keep_theirs}</button>\n'
        f'    </div>')


def row_html(r: dict, cell_url: str, comment_url: str, *, oob: bool = False,
             now=None) -> SafeString:
    """One entry row (`pages._row`'s dict); `oob`: swapped out of band by htmx; `now`: the time
    of the save just made (shown as "saved HH:MM:SS")."""
    indicator, row, ident = r["indicator"], r["row"], r["id"]
    disabled = "" if r["editable"] else " disabled"
    label = escape(row.label)
    out = [f'<tr id="row-{ident}"{" hx-swap-oob=\"true\"" if oob else ""} '
           f'class="entry-row{" has-error" if r["has_error"] else ""}">\n'
           f'  <td class="text-body-secondary small">{escape(indicator.code)}</td>\n'
           f'  <td>\n    <span id="label-{ident}">{label}</span>']
    if row.required and not r["derived"] and not r.get("computed"):
        out.append(' <span class="text-danger" aria-hidden="true">*</span>')
    out.append("\n")
    if r.get("computed"):
        out.append('    <div class="small text-body-secondary">' + escape(_(
            "Computed by the system from its registers; not typed.")) + "</div>\n")
    if r["derived"]:
        words = r.get("formula_words") or indicator.formula
        out.append(f'    <div class="small text-body-secondary formula">= {escape(words)}</div>\n')
    out.extend(_problem(p) for p in r["problems"])
    if r["conflict"]:
        out.append(_merge(r["conflict"], ident, cell_url))
    if r["needs_comment"]:
        explanation, explain = escape(_("Explanation")), escape(_("Explain this value"))
        out.append(
            f'\n    <label class="visually-hidden" for="comment-{ident}">'
            f'{explanation} — {label}</label>\n'
            f'    <input type="text" id="comment-{ident}" name="comment" '
            f'value="{escape(r["comment"])}" placeholder="{explain}" '
            f'class="form-control form-control-sm mt-1"{disabled}\n'
            f'      hx-post="{escape(comment_url)}" hx-trigger="change" '
            f"hx-vals='{{\"indicator\": \"{ident}\"}}' hx-target=\"#row-{ident}\" "
            f'hx-swap="outerHTML">')
    out.append(f'\n  </td>\n  <td class="small">{escape(indicator.unit_of_measure)}</td>')
    beside = r["beside"]
    for c in r["cells"]:
        if not c.get("input"):
            out.append(f'\n      <td class="computed text-end small" '
                       f'data-label="{_label(c["column"])}">{escape(c["text"]) or "—"}</td>')
            continue
        column = c["column"]
        kind = ('class="form-control form-control-sm"' if column == "note" else
                'inputmode="decimal" class="form-control form-control-sm text-end"')
        out.append(
            f'\n      <td class="entered{" note" if column == "note" else ""}" '
            f'data-label="{_label(column)}">\n'
            f'        <input type="text" id="cell-{ident}-{column}" name="value" '
            f'value="{escape(c["text"])}" {kind}\n'
            f'          aria-labelledby="label-{ident} head-{column}"{disabled}\n'
            f'          hx-post="{escape(cell_url)}" hx-trigger="change, keyup changed '
            f'delay:700ms" hx-sync="this:queue last"\n'
            f"          hx-vals='{c['vals']}' hx-target=\"#row-{ident}\" "
            f'hx-swap="outerHTML">')
        if column == "actual" and beside:
            parts = []
            if beside.get("last_year"):
                words = escape(_("same period last year"))
                parts.append(f'{words} {escape(beside["last_year"])}')
            if beside.get("target"):
                words = escape(_("plan"))
                parts.append(f'{words} {escape(beside["target"])}')
            out.append('\n        <div class="beside small text-body-secondary text-end">'
                       + " · ".join(parts) + "</div>")
        out.append("\n      </td>")
    saved = ""
    if r["saved"] and now is not None:
        saved = escape(_("saved %(t)s") % {"t": now.strftime("%H:%M:%S")})
    out.append(f'\n  <td class="small text-success save-status" aria-live="polite">{saved}'
               f"</td>\n</tr>")
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped
