"""What the collection pages show, computed in few queries: the entry page of a submission and its
rows, the round's watch page (with its chart and workbook), last period's promises, and a unit's
record of timeliness."""

from collections import Counter

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from baocao.audit.models import Event
from baocao.audit.sentences import in_sentences
from baocao.catalogue import formula_words, formulas, frozen
from baocao.catalogue.forms import preview_rows, sections_for
from baocao.catalogue.models import (
    ENTERED_COLUMNS,
    Column,
    FormRow,
    SectionKind,
    ValidationRule,
)
from baocao.core import registry
from baocao.lib.numbers import format_vn
from baocao.lib.spreadsheet import new_workbook, save_workbook
from baocao.organisation import access
from baocao.organisation.models import User

from . import submissions, validation
from .figures import unit_figures
from .models import DataValue, Round, Submission, SubmissionText
from .rowhtml import row_html

S = Submission.State
STATUS_COLOURS = {"on_time": "#2f7d46", "late": "#d97706", "pending": "#6c757d",
                  "missing": "#b42318"}


def _status_labels():
    return {"on_time": _("On time"), "late": _("Late"), "pending": _("Not sent yet"),
            "missing": _("Missing")}


# --- the entry page -------------------------------------------------------------------------

def _cells(submission):
    cells = {}
    for v in DataValue.objects.filter(unit=submission.unit, period=submission.round.period):
        cells[(v.indicator_id, v.column)] = v
    return cells


def _entries(cells) -> tuple[dict, dict]:
    """(values, comments) by indicator id, of the actual column."""
    actual = [(key[0], v) for key, v in cells.items() if key[1] == "actual"]
    return {i: v.value for i, v in actual}, {i: v.comment for i, v in actual}


def _row_problems(submission, row, cells, past, rules, entries=None) -> list:
    """The checks of one row as sending would make them (validation.py), for showing beside it."""
    indicator = row.indicator
    stored = cells.get((indicator.pk, "actual"))
    if stored is None or stored.value is None:
        return []
    values, comments = entries or _entries(cells)
    return (validation.check_value(indicator, stored.value)
            + validation.rule_problems(rules, values, comments, indicator.pk)
            + validation.outlier_problems(indicator, stored.value, past.get(indicator.pk, []),
                                          stored.comment))


def version_rules(version) -> list[ValidationRule]:
    """The version's rules between cells, their two indicators loaded."""
    kept = frozen.rules(version)
    return kept if kept is not None else list(
        ValidationRule.objects.filter(version=version).select_related("left", "right"))


def _names(version, indicators) -> dict[str, str]:
    """Indicators' names by code, of those read already (for the formulas in words)."""
    kept = frozen.indicators(version)
    return {i.code: i.name for i in (kept.values() if kept is not None else indicators)}


def _vals(indicator_id: str, column: str, revision) -> str:
    return f'{{"indicator": "{indicator_id}", "column": "{column}", "revision": "{revision}"}}'


def _row(row, columns, cells, figures, problems, editable, saved=None, conflict=None,
         names=None):
    indicator = row.indicator
    stored = cells.get((indicator.pk, "actual"))
    derived = indicator.is_derived
    computed = registry.is_computed(indicator)  # written by the system (quality's registers)
    ident = str(indicator.pk)
    shown = []
    for column in columns:
        entered = column in ENTERED_COLUMNS and registry.is_typed(indicator)
        if column == "note":
            cell = stored
            revision = cell.revision if cell else 0
            shown.append({"column": column, "entered": True, "input": not derived,
                          "text": cell.text if cell else "", "revision": revision,
                          "vals": _vals(ident, column, revision)})
        elif entered:
            cell = cells.get((indicator.pk, column))
            value = cell.value if cell else None
            revision = cell.revision if cell else 0
            shown.append({"column": column, "entered": True, "input": True,
                          "text": format_vn(value, indicator.decimals)
                          if value is not None else "",
                          "revision": revision, "vals": _vals(ident, column, revision)})
        else:
            fig = figures.get(indicator.code)
            value = fig.get(column) if fig else None
            decimals = 1 if column in ("percent_of_target", "vs_same_period_last_year") \
                else indicator.decimals
            shown.append({"column": column, "entered": False,
                          "text": format_vn(value, decimals) if value is not None
                          else ""})
    warnings = [p for p in problems if p.level == validation.WARNING]
    fig = figures.get(indicator.code)
    beside = {}
    if fig is not None and not indicator.is_derived:
        if fig.same_period_last_year is not None:
            beside["last_year"] = format_vn(fig.same_period_last_year, indicator.decimals)
        if fig.target is not None:
            beside["target"] = format_vn(fig.target, indicator.decimals)
    return {"row": row, "indicator": indicator, "id": ident, "cells": shown,
            "problems": problems, "beside": beside, "derived": derived, "computed": computed,
            "formula_words": formula_words.words_of(indicator, names) if derived else "",
            "has_error": any(p.level == validation.ERROR for p in problems),
            "needs_comment": bool(warnings) or bool(stored and stored.comment),
            "comment": stored.comment if stored else "", "editable": editable,
            "saved": saved, "conflict": conflict}


def _merge(indicator, result) -> dict:
    """A cell someone else saved meanwhile: theirs (now in the cell) and what was typed."""
    theirs = result.value
    if result.column == "note":
        shown = theirs.text if theirs else ""
    else:
        shown = format_vn(theirs.value, indicator.decimals) if theirs and \
            theirs.value is not None else ""
    who = User.objects.filter(username=theirs.stored_by).first() if theirs else None
    return {"column": result.column, "label": Column(result.column).label, "theirs": shown,
            "by": who.display_name if who else (theirs.stored_by if theirs else ""),
            "at": theirs.updated_at if theirs else None,
            "revision": theirs.revision if theirs else 0, "mine": result.mine}


def submission_page(submission: Submission, user) -> dict:
    version = submission.round.form_version
    period = submission.round.period_obj
    tables = preview_rows(version, submission.unit)  # only the rows this unit fills
    indicators = [r.indicator for _t, rows in tables for r in rows if r.indicator_id]
    figures = unit_figures(submission.unit, period, indicators,
                           entered=submissions.live_computed(submission, indicators))
    cells = _cells(submission)
    past = validation.history(submission.unit, period, [i.pk for i in indicators])
    rules = version_rules(version)
    editable = submission.is_editable and access.can_edit_submission(user, submission)
    entries = _entries(cells)
    cell_url = reverse("collection:submission_cell", args=[submission.pk])
    comment_url = reverse("collection:submission_comment", args=[submission.pk])
    names = _names(version, indicators)
    shown_tables = []
    for table, rows in tables:
        shown = []
        for row in rows:
            if row.is_heading:
                shown.append({"heading": row.heading})
            else:
                problems = _row_problems(submission, row, cells, past, rules, entries)
                r = _row(row, table.columns, cells, figures, problems, editable, names=names)
                r["html"] = row_html(r, cell_url, comment_url)
                shown.append(r)
        shown_tables.append({"table": table, "specs": table.column_specs(), "rows": shown})
    texts = {t.section_id: t for t in submission.texts.all()}
    form_sections = sections_for(version, submission.unit)
    sections = [{"section": s, "text": texts.get(s.pk)} for s in form_sections]
    # What sending would refuse (submissions.problems_of), from what this page has read.
    problems = validation.check_submission(
        submission, *entries, {i: t.html for i, t in texts.items()},
        rows=[r for _t, rows in tables for r in rows if r.indicator_id], rules=rules,
        past=past, sections=form_sections) if submission.state in (
        S.DRAFT, S.RETURNED, S.APPROVED) else []
    history = in_sentences(Event.objects.filter(
        object_type="collection.submission", object_id=str(submission.pk)).exclude(
        action__in=["datavalue.save", "datavalue.comment", "submissiontext.save"]).select_related(
        "actor")[:30])
    return {
        "submission": submission, "round": submission.round, "tables": shown_tables,
        "sections": sections, "problems": problems, "editable": editable,
        "can_approve": access.can_approve_submission(user, submission)
        and submission.state in (S.DRAFT, S.RETURNED) and submission.is_editable,
        "can_send": access.can_send_submission(user, submission)
        and submission.state == S.APPROVED,
        "can_ask_approval": editable and submission.state in (S.DRAFT, S.RETURNED)
        and not access.can_approve_submission(user, submission),
        "can_receive": access.can_receive_submissions(user),
        "can_extend": access.can_extend_submission(user),
        "attachments": submission.attachments.all(), "history": history,
        "cell_url": reverse("collection:submission_cell", args=[submission.pk]),
        "comment_url": reverse("collection:submission_comment", args=[submission.pk]),
        "timeliness": submission.timeliness(), "status_labels": _status_labels(),
        "today": timezone.localdate(),
        "next_step": next_step(
            submission, user, editable=editable, problems=problems,
            heads=access.can_approve_submission(user, submission)),
        "progress": progress(submission),
        # Last period's report of the unit, whose texts can be copied into the empty sections.
        "previous": submissions.previous_submission(submission) if editable and sections
        else None,
    }


def progress(submission: Submission) -> dict:
    """How far a report is: its typed rows with a value, its texts written (of those the unit
    fills), and the days left to its due date (negative once late)."""
    from django.utils.html import strip_tags

    version = submission.round.form_version
    typed = frozen.typed_indicators(version, submission.unit, registry.is_typed_code)
    if typed is None:
        typed = {r.indicator_id for _t, rows in preview_rows(version, submission.unit)
                 for r in rows if r.indicator_id and registry.is_typed(r.indicator)}
    filled = DataValue.objects.filter(
        unit=submission.unit, period=submission.round.period, column="actual",
        indicator_id__in=typed, value__isnull=False).count()
    sections = sections_for(version, submission.unit)
    written = sum(1 for t in submission.texts.filter(section__in=sections)
                  if strip_tags(t.html).strip())
    return {"rows_done": filled, "rows": len(typed), "texts_done": written,
            "texts": len(sections),
            "days_left": (submission.due_date - timezone.localdate()).days,
            "days_late": max((timezone.localdate() - submission.due_date).days, 0)}


def progress_line(submission: Submission) -> str:
    """The progress in words, for a task or a page's header."""
    p = progress(submission)
    parts = [_("%(done)d of %(total)d rows filled") % {"done": p["rows_done"],
                                                       "total": p["rows"]}] if p["rows"] else []
    if p["texts"]:
        parts.append(_("%(done)d of %(total)d texts written") % {"done": p["texts_done"],
                                                                 "total": p["texts"]})
    return ", ".join(parts)


def next_step(submission: Submission, user, *, editable: bool, heads: bool,
              problems: list) -> str:
    """What happens next to this report, said to the person looking at it: what they do (the
    button beside it), or who acts now and why they have nothing to do."""
    state = submission.state
    if state in (S.DRAFT, S.RETURNED, S.APPROVED) and submission.round.state != Round.State.OPEN:
        return _("The round is closed: the report can no longer be changed or sent.")
    if state == S.RECEIVED:
        return _("Received by the office on %(day)s: nothing more to do.") % {
            "day": timezone.localtime(submission.received_at).strftime("%d/%m/%Y")}
    if state == S.SENT:
        if access.can_receive_submissions(user):
            return _("Sent: check it, then receive it or return it with the reason.")
        return _("Sent on %(day)s: the office's clerk receives it now.") % {
            "day": timezone.localtime(submission.sent_at).strftime("%d/%m/%Y")}
    if not editable:
        return _("The unit fills, approves and sends it: nothing for you to do now.")
    if state == S.APPROVED:
        return _("Approved by the head: send it to the committee now.")
    if problems:
        return _("Correct or explain the problems listed under “Before sending”, then %(then)s.") \
            % {"then": _("approve it") if heads else _("put it to the head for approval")}
    if heads:
        return _("No error: approve it, then send it.")
    if submission.approval_asked_at:
        return _("Put to the head on %(day)s: the head approves it now; you send it once "
                 "approved.") % {
            "day": timezone.localtime(submission.approval_asked_at).strftime("%d/%m/%Y")}
    return _("No error: put it to the head for approval.")


def row_context(submission: Submission, indicator_id: int, result) -> dict:
    """One row (and the derived rows that use it, swapped out of band) after a save."""
    version = submission.round.form_version
    period = submission.round.period_obj
    version_rows = frozen.indicator_rows(version)
    if version_rows is None:
        version_rows = list(FormRow.objects.filter(table__version=version,
                                                   indicator__isnull=False)
                            .select_related("indicator", "table"))
    row = next(r for r in version_rows if r.indicator_id == indicator_id)
    table_rows = [r for r in version_rows if r.table_id == row.table_id]
    code = row.indicator.code
    dependents = [r for r in table_rows if r.indicator.is_derived and code in formulas.codes(
        formulas.parse(r.indicator.formula))]
    wanted = [row.indicator] + [r.indicator for r in dependents]
    kept_indicators = frozen.indicators(version)
    figures = unit_figures(submission.unit, period, wanted,
                           entered=submissions.live_computed(submission, wanted),
                           read={i.code: i for i in kept_indicators.values()}
                           if kept_indicators else None)
    cells = _cells(submission)
    rules = version_rules(version)
    past = validation.history(submission.unit, period, [indicator_id])
    editable = submission.is_editable
    problems = _row_problems(submission, row, cells, past, rules)
    if result is not None:
        problems = [p for p in result.problems if p.level == validation.ERROR] or problems
    names = _names(version, [r.indicator for r in version_rows])
    shown = _row(row, row.table.columns, cells, figures, problems, editable,
                 saved=result.saved if result else True,
                 conflict=_merge(row.indicator, result) if result and result.conflict else None,
                 names=names)
    others = [_row(r, row.table.columns, cells, figures, [], editable, names=names)
              for r in dependents]
    submission.refresh_from_db(fields=["state"])
    now = timezone.localtime()
    cell_url = reverse("collection:submission_cell", args=[submission.pk])
    comment_url = reverse("collection:submission_comment", args=[submission.pk])
    shown["html"] = row_html(shown, cell_url, comment_url, now=now)
    for other in others:
        other["html"] = row_html(other, cell_url, comment_url, oob=True, now=now)
    return {"r": shown, "others": others, "submission": submission, "now": now,
            "oob_state": True}


# --- the round's watch page --------------------------------------------------------------------

def round_rows(rnd: Round, today=None):
    today = today or timezone.localdate()
    subs = list(rnd.submissions.select_related("unit").prefetch_related("reminders")
                .order_by("unit__path"))
    return [(s, s.timeliness(today)) for s in subs]


def round_page(rnd: Round, user) -> dict:
    today = timezone.localdate()
    rows = round_rows(rnd, today)
    counts = Counter(status for _s, status in rows)
    total = len(rows) or 1
    labels = _status_labels()
    x, segments = 0.0, []
    for status in ("on_time", "late", "pending", "missing"):
        n = counts.get(status, 0)
        width = 100.0 * n / total
        if n:
            segments.append({"status": status, "label": labels[status], "n": n, "x": x,
                             "width": width, "colour": STATUS_COLOURS[status]})
        x += width
    received = sum(1 for s, _st in rows if s.state == S.RECEIVED)
    paper = sum(1 for s, _st in rows if s.paper_received_on)
    return {
        "round": rnd, "rows": rows, "counts": counts, "segments": segments,
        "legend": [(labels[k], STATUS_COLOURS[k], counts.get(k, 0)) for k in STATUS_COLOURS],
        "expected": len(rows), "received": received, "paper": paper,
        "sent_percent": round(100 * (counts["on_time"] + counts["late"]) / total),
        "can_receive": access.can_receive_submissions(user),
        "can_extend": access.can_extend_submission(user), "today": today,
        "can_remind": access.can_remind_units(user) and rnd.state == Round.State.OPEN,
        "late": counts.get("missing", 0),  # past the due date, not sent: to remind
        "waiting_receipt": sum(1 for s, _st in rows if s.state == S.SENT),
        "status_labels": labels, "colours": STATUS_COLOURS,
        "draft": rnd.drafts.filter(corrects__isnull=True).first(),
        "can_draft": access.can_open_round(user),
    }


def round_workbook(rnd: Round) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = _("Timeliness")[:31]
    ws.append([str(rnd), _("Units send by %(due)s") % {"due": rnd.due_date.strftime("%d/%m/%Y")}])
    ws.append([])
    header = [_("Unit"), _("Code"), _("State"), _("Due date"), _("Sent at"), _("Timeliness"),
              _("Received at"), _("Paper copy received on"), _("Reminders"),
              _("Reason for the extension")]
    ws.append(header)
    for cell in ws[3]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="D0DCEB")
    labels = _status_labels()
    for s, status in round_rows(rnd):
        ws.append([s.unit.name, s.unit.code, s.get_state_display(), s.due_date,
                   timezone.localtime(s.first_sent_at).replace(tzinfo=None)
                   if s.first_sent_at else None,
                   labels[status],
                   timezone.localtime(s.received_at).replace(tzinfo=None)
                   if s.received_at else None,
                   s.paper_received_on, len(s.reminders.all()), s.extension_reason])
    for column, width in zip("ABCDEFGHIJ", (40, 18, 22, 12, 18, 14, 18, 14, 10, 40),
                             strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if cell.column_letter in "DH":
                cell.number_format = "DD/MM/YYYY"
            elif cell.column_letter in "EG":
                cell.number_format = "DD/MM/YYYY HH:MM"
    return save_workbook(wb)


# --- last period's promises --------------------------------------------------------------------

def promises(rnd: Round) -> dict:
    """Per unit: last period's "next period's tasks" beside this period's results."""
    previous = Round.objects.filter(form=rnd.form, period=str(rnd.period_obj.previous())).first()
    texts = SubmissionText.objects.filter(
        submission__round__in=[r for r in (rnd, previous) if r],
        section__kind__in=[SectionKind.NEXT_PERIOD_TASKS, SectionKind.RESULTS],
    ).select_related("submission", "section")
    by_key = {(t.submission.round_id, t.submission.unit_id, t.section.kind): t.html
              for t in texts}
    rows = []
    for s in rnd.submissions.select_related("unit").order_by("unit__path"):
        rows.append({
            "unit": s.unit, "submission": s,
            "promised": by_key.get((previous.pk, s.unit_id, SectionKind.NEXT_PERIOD_TASKS))
            if previous else None,
            "results": by_key.get((rnd.pk, s.unit_id, SectionKind.RESULTS)),
        })
    return {"round": rnd, "previous": previous, "rows": rows}


# --- a unit's record ---------------------------------------------------------------------------

def unit_record(unit, year: int) -> dict:
    subs = Submission.objects.filter(unit=unit, round__period_start__year=year).select_related(
        "round", "round__form").order_by("round__period_start", "round__form__code")
    today = timezone.localdate()
    rows = [(s, s.timeliness(today)) for s in subs]
    counts = Counter(status for _s, status in rows)
    done = counts["on_time"] + counts["late"]
    return {"unit": unit, "year": year, "rows": rows, "counts": counts,
            "on_time_percent": round(100 * counts["on_time"] / done) if done else None,
            "status_labels": _status_labels(), "colours": STATUS_COLOURS}
