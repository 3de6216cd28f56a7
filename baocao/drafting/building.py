"""The first version of a draft: the outline's headings; under each, the consolidated sentences and
tables of its sectors and the units' answers gathered for it; then the appendix tables.  And the
ad hoc report a leader orders."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.catalogue import forms as form_services
from baocao.catalogue.models import Action, FormRow, Regime
from baocao.consolidation import sentences
from baocao.consolidation.engine import consolidate
from baocao.consolidation.narratives import narrative_groups
from baocao.lib.numbers import format_vn
from baocao.organisation import access

from . import editing, gates, workflow
from .models import AdHocReport, Draft

FAMILY_WORDS = {"socio_economic": ("kinh tế", "xã hội", "kt-xh"),
                "security_defence": ("an ninh", "quốc phòng", "an-qp")}


def _num(value, decimals=1) -> str:
    return "" if value is None else format_vn(value, decimals)


def figures_table(figures, *, plan: bool = False) -> str:
    """The consolidated figures as a table (the appendix's and each sector's).  `plan` (the
    plan regime: six months or the year, and next year): the computed full-year estimate beside
    the units' own estimates and their proposals for next year."""
    rows = []
    for f in figures:
        d = f.indicator.decimals
        cells = [escape(f.indicator.name), escape(f.indicator.unit_of_measure),
                 _num(f["actual"], d), _num(f["year_to_date"], d), _num(f["target"], d),
                 _num(f["percent_of_target"]), _num(f["vs_same_period_last_year"])]
        if plan:
            cells += [_num(f["full_year_estimate"], d), _num(f["reported_full_year_estimate"], d),
                      _num(f["proposed_next_year_target"], d)]
        rows.append("<tr>" + "".join(
            f"<td>{c}</td>" if i < 2 else f"<td class=\"num\">{c}</td>"
            for i, c in enumerate(cells)) + "</tr>")
    names = ["Chỉ tiêu", "Đơn vị tính", "Thực hiện kỳ", "Lũy kế", "Kế hoạch năm",
             "% kế hoạch", "% cùng kỳ"]
    if plan:
        year = figures[0].period.end.year + 1 if figures else ""
        names += ["Ước cả năm (theo tiến độ)", "Ước cả năm (đơn vị báo cáo)",
                  f"Đề xuất kế hoạch năm {year}"]
    head = "<thead><tr>" + "".join(f"<th>{n}</th>" for n in names) + "</tr></thead>"
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def _sector_text(sector, figures, plan: bool = False) -> str:
    lines = [f"<p><strong>{escape(sector.name)}</strong></p>"]
    for f in figures:
        text = sentences.sentence(f)
        if plan:
            text = f"{text} {sentences.plan_sentence(f)}".strip()
        lines.append(f"<p>{escape(text)}</p>")
    return "".join(lines)


def _family_of(heading: str) -> str | None:
    lower = heading.lower()
    for family, words in FAMILY_WORDS.items():
        if any(w in lower for w in words):
            return family
    return None


def _texts_html(texts) -> str:
    return "".join(f"<blockquote><p><em>{escape(t.submission.unit.name)}:</em></p>{t.html}"
                   f"</blockquote>" for t in texts)


def sections_for_round(rnd, not_counted=()) -> list[dict]:
    committee = access.committee()
    unit = committee if committee is not None else rnd.submissions.first().unit.committee()
    rows = FormRow.objects.filter(table__version=rnd.form_version, indicator__isnull=False
                                  ).select_related("indicator", "indicator__sector").order_by(
        "table__sort_order", "sort_order")
    indicators = [r.indicator for r in rows]
    # Official figures only (reports sent and not returned); each indicator expected of the
    # units that fill its row.
    expected = form_services.expected_units(rnd.form, rnd.form_version)
    estimates = form_services.expected_units(rnd.form, rnd.form_version,
                                             column="full_year_estimate")
    figures = consolidate(indicators, rnd.period_obj, unit, expected,
                          expected_estimates=estimates) if indicators else []
    plan = rnd.form.regime.includes_next_year
    by_sector: dict = {}
    for f in figures:
        by_sector.setdefault(f.indicator.sector, []).append(f)
    placed, sections = set(), []
    for group in narrative_groups(rnd, unit):
        heading = group["heading"]
        level = 2 if heading.startswith((" ", "\t")) else 1
        html = ""
        family = _family_of(heading)
        if family:
            for sector, found in by_sector.items():
                if sector.family == family and sector.pk not in placed:
                    html += _sector_text(sector, found, plan)
                    placed.add(sector.pk)
        html += _texts_html(group["texts"])
        sections.append({"heading": heading.strip(), "level": level, "html": html})
    rest = [(s, found) for s, found in by_sector.items() if s.pk not in placed]
    if rest:
        summary = "".join(f"<p>{escape(s.text())}</p>" for s in
                          sentences.sector_summaries([f for _s, found in rest for f in found]))
        sections.insert(0, {"heading": "Kết quả thực hiện các chỉ tiêu", "level": 1,
                            "html": summary + "".join(_sector_text(s, found, plan)
                                                      for s, found in rest)})
    charts = report_charts(figures, rnd.period_obj)
    if charts:
        sections.append({"heading": "Biểu đồ", "level": 1, "kind": "chart", "html": charts})
    note = gates.appendix_note(list(not_counted), rnd.submissions.count())
    for sector, found in by_sector.items():
        sections.append({"heading": f"Phụ lục: {sector.name}", "level": 1, "kind": "appendix",
                         "html": figures_table(found, plan=plan) + note})
    return sections


def chart_png(spec: dict) -> str:
    """A Vega-Lite chart as a PNG data URI (vl-convert: the same specification as on screen)."""
    import base64

    import vl_convert

    from baocao.documents.render import VENDOR

    vl_convert.register_font_directory(str(VENDOR / "fonts" / "tinos"))
    spec = {**spec, "width": spec.get("width") if spec.get("width") != "container" else 430,
            "config": {"font": "Tinos", "background": "white"}}
    png = vl_convert.vegalite_to_png(vl_spec=spec, scale=2)
    return "data:image/png;base64," + base64.b64encode(png).decode()


def report_charts(figures, period) -> str:
    """The charts of the report (frozen in the draft as images): the indicators against the
    annual plan, and each sector's progress."""
    from collections import Counter

    from baocao.consolidation import charts

    if not figures:
        return ""
    counts = Counter(sentences.status(f) for f in figures)
    by_sector: dict = {}
    for f in figures:
        if f["percent_of_target"] is not None:
            by_sector.setdefault(f.indicator.sector.name, []).append(
                float(f["percent_of_target"]))
    rows = [(name, sum(v) / len(v)) for name, v in by_sector.items()]
    parts = [("Chỉ tiêu so với kế hoạch năm", charts.plan_share(counts))]
    if rows:
        parts.append(("Tỷ lệ thực hiện kế hoạch năm theo lĩnh vực; vạch đỏ: tiến độ thời gian",
                      charts.sector_progress(rows, float(sentences.expected_share(period)))))
    return "".join(f'<figure><img src="{chart_png(spec)}" alt="{escape(title)}">'
                   f"<figcaption>{escape(title)}</figcaption></figure>" for title, spec in parts)



def summary_line(subject: str) -> str:
    """The summary under "BÁO CÁO" (trích yếu): the subject without a leading "Báo cáo"."""
    text = re.sub(r"^\s*báo cáo\s+", "", subject.strip(), flags=re.IGNORECASE)
    return text[:1].upper() + text[1:] if text else subject


def draft_from_round(rnd, actor, *, unsent_reason: str = "") -> Draft:
    """The compiler builds the draft of a round (one per round; a correction is a new draft).
    Units that have not sent are named and the draft is built only with a reason
    (drafting.gates); its figures count only the reports sent."""
    access.require(access.can_watch_rounds(actor))
    regime = rnd.form.regime
    committee = access.committee()
    lead = editing.lead_unit_for(regime, committee, actor) if committee else None
    if lead is None:
        raise ValidationError(_("No leading unit is set up for this regime."))
    if Draft.objects.filter(round=rnd, corrects__isnull=True).exists():
        raise ValidationError(_("This round already has its draft."))
    first = editing.first_step(regime)
    if first is not None and not workflow.is_actor(Draft(regime=regime, lead_unit=lead,
                                                         step=first), first, actor):
        raise PermissionDenied  # before asking anything of someone who may not build it
    not_counted = gates.not_sent(rnd)
    gate = gates.require_reason(not_counted, unsent_reason, gates.doing("build"))
    period = rnd.period_obj
    title = f"Báo cáo {sentences.period_phrase(period)} năm {period.year}" \
        if period.kind != "year" else f"Báo cáo năm {period.year}"
    request = getattr(rnd, "request", None)
    summary = summary_line(request.subject if request else rnd.form.name)
    return editing.create_draft(regime=regime, lead_unit=lead, title=title, summary=summary,
                                sections=sections_for_round(rnd, not_counted), actor=actor,
                                round=rnd, not_counted=not_counted, gate=gate)


def order_ad_hoc(*, subject: str, department, deadline, actor, instructions: str = "",
                 contributors=()) -> Draft:
    """A leader orders an ad hoc report: the department assigned drafts it after the units asked
    have contributed by the deadline."""
    regime = Regime.objects.get(code="ad_hoc")
    assign = regime.steps.order_by("order").first()
    with transaction.atomic():
        report = AdHocReport(subject=subject, instructions=instructions, department=department,
                             deadline=deadline, ordered_by=actor)
        probe = Draft(regime=regime, lead_unit=department, step=assign)
        if not workflow.is_actor(probe, assign, actor):
            raise PermissionDenied
        report.save()
        report.contributors.set(contributors)
        record("adhocreport.create", report, actor=actor, details={
            "department": department.code, "deadline": deadline,
            "contributors": [u.code for u in contributors]})
        sections = [{"heading": "Yêu cầu của Lãnh đạo UBND", "html": f"<p>{escape(instructions)}"
                     f"</p>" if instructions else ""},
                    {"heading": "Kết quả thực hiện", "html": ""},
                    {"heading": "Khó khăn, vướng mắc", "html": ""},
                    {"heading": "Kiến nghị, đề xuất", "html": ""}]
        draft = editing.create_draft(regime=regime, lead_unit=department, title=subject,
                                     summary=subject, sections=sections, actor=actor,
                                     ad_hoc=report, due_date=deadline, step=assign)
        transition = assign.transitions.filter(action=Action.CONSULT).first()
        if transition is not None:
            workflow.act(draft, Action.CONSULT, actor, users=[], units=list(contributors),
                         deadline=deadline, message=instructions, allow_nobody=True)
        else:
            first = assign.transitions.first()
            if first is not None:
                workflow.act(draft, first.action, actor)
    return draft


def correction_of(document, actor) -> Draft:
    """A new draft that corrects an issued document: its text to start from, its number named
    (the issued document itself never changes)."""
    access.require(access.can_correct_document(actor, document))
    old = document.draft
    open_one = Draft.objects.filter(corrects=document).exclude(state=Draft.State.ISSUED).first()
    if open_one is not None:
        raise ValidationError(_("A correction of this document is already being drafted."))
    sections = [{**s} for s in document.content]
    return editing.create_draft(
        regime=old.regime, lead_unit=old.lead_unit, round=old.round, actor=actor,
        title=old.title, summary=f"{old.summary} (thay thế văn bản số {document.reference} "
                                 f"ngày {document.issued_on:%d/%m/%Y})",
        sections=sections, corrects=document, due_date=None)
