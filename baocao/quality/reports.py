"""The reports of QT.07: the department's BM.07.01 drafted into a document once it is sent (the
quality regime's workflow then takes it to its signature and issue), and the QMR's periodic
summary for the management review (ISO 9001 §9.3), drafted from the data.

How the computed figures reach the reporting machinery: the BM.07.01 indicators are registered
with `core.registry` as computed (`computed_figures` below).  Collection shows them read-only in
the department's entry page (as they stand now, while the report is a draft) and writes them as
the report's values, marked computed, when the head approves it; sending, the clerk's receipt,
consolidation over the committee and the committee's own draft then treat them like any value.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.catalogue.models import Regime
from baocao.catalogue.periods import Period, PeriodError
from baocao.collection.figures import unit_figures
from baocao.collection.models import Submission
from baocao.drafting import editing, workflow
from baocao.drafting.models import Draft
from baocao.lib.numbers import format_vn
from baocao.organisation import access
from baocao.organisation.models import Kind, OrgUnit, Role

from . import builtin, stats, surveys
from .models import (
    AuditFinding,
    Capa,
    Complaint,
    DepartmentReport,
    InternalAudit,
    ManagementReview,
    Suggestion,
)

COMPUTED_CODES = [f.code for f in stats.FIGURES if not f.formula]


def computed_figures(unit, period, indicators) -> dict:
    """The registry's provider: the BM.07.01 figures of `unit` for `period`, by code."""
    values = stats.by_code(stats.compute(unit, period))
    return {i.code: values.get(i.code) for i in indicators}


def period_words(period: Period) -> str:
    """"tháng 10/2026", "quý III/2026", "6 tháng đầu năm 2026", "năm 2026"."""
    if period.kind == "month":
        return f"tháng {period.index:02d}/{period.year}"
    if period.kind == "quarter":
        return f"quý {('I', 'II', 'III', 'IV')[period.index - 1]}/{period.year}"
    if period.kind == "half_year":
        return f"6 tháng {'đầu' if period.index == 1 else 'cuối'} năm {period.year}"
    if period.kind == "nine_months":
        return f"9 tháng năm {period.year}"
    if period.kind == "year":
        return f"năm {period.year}"
    return period.label()


# --- the department's BM.07.01 as a document ---------------------------------------------

def figures_table(rows: list[dict]) -> str:
    """The BM.07.01 table of a document: heading rows, then each figure with its unit and value
    (and year to date when given)."""
    with_ytd = any("ytd" in r for r in rows if "figure" in r)
    head = ("<thead><tr><th>Nội dung</th><th>Đơn vị tính</th><th>Trong kỳ</th>"
            + ("<th>Lũy kế từ đầu năm</th>" if with_ytd else "") + "</tr></thead>")
    body = []
    for row in rows:
        if "heading" in row:
            body.append(f"<tr><td colspan=\"{4 if with_ytd else 3}\"><strong>"
                        f"{escape(row['heading'])}</strong></td></tr>")
            continue
        figure = row["figure"]
        cells = [escape(figure.name), escape(figure.unit_of_measure),
                 escape(row["text"])]
        if with_ytd:
            cells.append(escape(row.get("ytd", "")))
        body.append("<tr>" + "".join(
            f"<td class=\"num\">{c}</td>" if i >= 2 else f"<td>{c}</td>"
            for i, c in enumerate(cells)) + "</tr>")
    return f"<table>{head}<tbody>{''.join(body)}</tbody></table>"


def sent_rows(submission: Submission) -> list[dict]:
    """The figures the department sent (stored values), with year to date, in the form's order."""
    from baocao.catalogue.models import Indicator

    period = submission.round.period_obj
    indicators = list(Indicator.objects.filter(code__in=[f.code for f in stats.FIGURES]))
    figures = unit_figures(submission.unit, period, indicators)
    values = {}
    for figure in stats.FIGURES:
        found = figures.get(figure.code)
        values[figure.key] = found.actual if found else None
    rows = stats.rows(values)
    for row in rows:
        if "figure" in row:
            found = figures.get(row["figure"].code)
            ytd = stats.rounded(row["figure"], found.year_to_date) if found else None
            row["ytd"] = format_vn(ytd, row["figure"].decimals) if ytd is not None else "—"
    return rows


def department_draft(submission: Submission, actor):
    """Draft the department's sent BM.07.01 into a document of the quality regime: its figures
    as sent, then its narrative sections.  The unit's reporter (or compiler) builds it; it then
    follows the regime's workflow (comments, second draft, the leader's signature, issue)."""
    if submission.round.form.code != builtin.FORM_CODE:
        raise ValidationError(_("Only a BM.07.01 report is drafted here."))
    if submission.state not in (Submission.State.SENT, Submission.State.RECEIVED):
        raise ValidationError(_("The report must be sent before it is drafted into a document: "
                                "its figures are those sent."))
    regime = Regime.objects.get(code=submission.round.form.regime.code)
    step = editing.first_step(regime)
    unit, period = submission.unit, submission.round.period_obj
    words = period_words(period)
    sections = [{"heading": "I. Số liệu thống kê",
                 "html": f"<p>Số liệu tính từ các sổ theo dõi chất lượng của {escape(unit.name)}"
                         f" {escape(words)} (biểu BM.07.01).</p>"
                         + figures_table(sent_rows(submission))}]
    texts = dict(submission.texts.values_list("section_id", "html"))
    numerals = ["II", "III", "IV", "V", "VI", "VII", "VIII"]
    for index, section in enumerate(submission.round.form_version.sections.all()):
        sections.append({"heading": f"{numerals[min(index, 6)]}. {section.title}",
                         "html": texts.get(section.pk, "")})
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if DepartmentReport.objects.filter(submission=locked).exists():
            raise ValidationError(_("This report has already been drafted into a document."))
        if not workflow.is_actor(Draft(regime=regime, lead_unit=unit, step=step), step, actor):
            raise PermissionDenied
        draft = editing.create_draft(
            regime=regime, lead_unit=unit, actor=actor,
            title=f"Báo cáo thống kê tình hình thực hiện công tác {words}",
            summary=f"Thống kê tình hình thực hiện công tác {words} của {unit.name}",
            sections=sections, due_date=None, step=step)
        # An internal report: to the office, which consolidates the departments' (QT.07
        # 5.1.2c), and the ISO steering board, not the committee's usual recipients.
        office = unit.office()
        draft.recipients = [{"name": office.name, "email": ""}] if office else []
        draft.recipients.append({"name": "Ban Chỉ đạo ISO", "email": ""})
        draft.save(update_fields=["recipients"])
        report = DepartmentReport.objects.create(submission=locked, draft=draft,
                                                 created_by=actor)
        record("departmentreport.create", draft, actor=actor, details={
            "submission": submission.pk, "unit": unit.code, "period": str(period)})
    return report


# --- the QMR's summary for the management review ------------------------------------------------

def departments(committee) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(
        parent=committee, kind__in=[Kind.OFFICE, Kind.PLANNING_DEPARTMENT, Kind.DEPARTMENT]
    ).order_by("sort_order", "path"))


def _table(head: list[str], rows: list[list], numeric_from: int = 99) -> str:
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(
        f"<td class=\"num\">{escape(str(c))}</td>" if i >= numeric_from else
        f"<td>{escape(str(c))}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _pct(value) -> str:
    return "—" if value is None else format_vn(value, 1) + "%"


def summary_sections(committee, period: Period) -> list[dict]:
    """The summary drafted from the data (Vietnamese by nature, like the report's sentences):
    suggestions and how they were handled; CAPA; internal audits; satisfaction; objectives;
    complaints; then the QMR's proposals, to write."""
    start, end = period.start, period.end
    words = period_words(period)
    units = departments(committee)
    per_unit = {u.pk: stats.compute(u, period) for u in units}
    total = stats.compute(committee, period)
    sections = []

    # I. suggestions
    found = list(Suggestion.objects.filter(
        unit__path__startswith=committee.path, submitted_at__date__gte=start,
        submitted_at__date__lte=end).select_related("unit", "assignee").order_by("submitted_at"))
    S = Suggestion.State
    carried_out = sum(1 for s in found if s.state == S.DONE or (s.state == S.CLOSED
                                                                 and s.outcome))
    declined = sum(1 for s in found if s.state == S.DECLINED or (s.state == S.CLOSED
                                                                  and s.decline_reason))
    in_hand = sum(1 for s in found if s.state == S.ASSIGNED)
    waiting = sum(1 for s in found if s.state in (S.SUBMITTED, S.WITH_QMR))
    from_citizens = sum(1 for s in found if s.source == Suggestion.Source.CITIZEN)
    intro = (f"<p>Trong {escape(words)}, Ủy ban nhận được {len(found)} ý kiến đóng góp cải "
             f"tiến ({len(found) - from_citizens} của cán bộ, công chức; {from_citizens} của tổ "
             f"chức, công dân): đã thực hiện {carried_out}, không chấp nhận {declined}, đang "
             f"thực hiện {in_hand}, đang xem xét {waiting}.</p>") if found else (
        f"<p>Trong {escape(words)}, Ủy ban không nhận được ý kiến đóng góp cải tiến nào.</p>")
    rows = []
    for index, s in enumerate(found, start=1):
        handling = (s.qmr_note or (f"Giao {s.assignee.display_name}" if s.assignee else "")) \
            if s.assignee_id else (f"Không chấp nhận: {s.decline_reason}" if s.decline_reason
                                   else "Đang xem xét")
        rows.append([index, timezone.localtime(s.submitted_at).strftime("%d/%m/%Y"),
                     s.unit.name, s.title, handling, s.outcome or s.get_state_display()])
    sections.append({"heading": "I. Ý kiến đóng góp cải tiến, hướng xử lý và kết quả đạt được",
                     "html": intro + (_table(["TT", "Ngày", "Đơn vị", "Nội dung", "Hướng xử lý",
                                              "Kết quả"], rows) if rows else "")})

    # II. CAPA
    capas = Capa.objects.filter(unit__path__startswith=committee.path)
    opened = capas.filter(recorded_at__date__gte=start, recorded_at__date__lte=end)
    kinds = []
    for kind, label in Capa.Kind.choices:
        kinds.append([str(label), opened.filter(kind=kind).count(),
                      capas.filter(kind=kind, state=Capa.State.CLOSED, checked_on__gte=start,
                                   checked_on__lte=end).count()])
    html = (f"<p>Mở mới {total['capa_opened']} hành động; hoàn thành và có hiệu lực "
            f"{total['capa_closed']}; quá hạn chưa hoàn thành đến cuối kỳ "
            f"{total['capa_overdue']}.</p>"
            + _table(["Loại hành động", "Mở trong kỳ", "Đóng trong kỳ"], kinds, 1))
    sections.append({"heading": "II. Hành động khắc phục, phòng ngừa, cải tiến", "html": html})

    # III. internal audits
    audits = list(InternalAudit.objects.filter(
        committee=committee, held_on__gte=start, held_on__lte=end,
        state=InternalAudit.State.DONE).prefetch_related("units").order_by("held_on"))
    rows = []
    for audit in audits:
        findings = Counter(audit.findings.values_list("kind", flat=True))
        rows.append([audit.held_on.strftime("%d/%m/%Y"), audit.title,
                     ", ".join(u.name for u in audit.units.all()),
                     findings[AuditFinding.Kind.NONCONFORMITY],
                     findings[AuditFinding.Kind.OBSERVATION]])
    if audits:
        html = (f"<p>Tổ chức {len(audits)} cuộc đánh giá chất lượng nội bộ với "
                f"{total['audit_visits']} lượt đơn vị được đánh giá; phát hiện "
                f"{total['nonconformities']} điểm không phù hợp"
                + (", mỗi điểm đã mở hành động khắc phục" if total["nonconformities"] else "")
                + ".</p>" + _table(["Ngày", "Cuộc đánh giá", "Đơn vị được đánh giá",
                                    "Không phù hợp", "Khuyến nghị"], rows, 3))
    else:
        html = "<p>Trong kỳ không tổ chức đánh giá chất lượng nội bộ.</p>"
    sections.append({"heading": "III. Kết quả đánh giá chất lượng nội bộ", "html": html})

    # IV. satisfaction
    result = surveys.results(period, unit=committee)
    rows = [[u.name, per_unit[u.pk]["survey_answers"],
             _pct(stats.rounded(stats.BY_KEY["satisfaction_percent"],
                                per_unit[u.pk]["satisfaction_percent"]))]
            for u in units if per_unit[u.pk]["survey_answers"]]
    html = (f"<p>Nhận được {result['answers']} phiếu khảo sát; tỷ lệ tổ chức, công dân hài lòng "
            f"và rất hài lòng đạt {_pct(result['satisfied_percent'])}.</p>"
            + _table(["Đơn vị", "Số phiếu", "Tỷ lệ hài lòng"], rows, 1)) if rows else (
        "<p>Trong kỳ chưa nhận được phiếu khảo sát sự hài lòng nào.</p>")
    sections.append({"heading": "IV. Sự hài lòng của tổ chức, công dân", "html": html})

    # V. objectives
    rows = [[u.name, per_unit[u.pk]["objectives_assessed"], per_unit[u.pk]["objectives_met"],
             _pct(stats.rounded(stats.BY_KEY["objectives_met_percent"],
                                per_unit[u.pk]["objectives_met_percent"]))]
            for u in units if per_unit[u.pk]["objectives_assessed"]]
    met_percent = stats.rounded(stats.BY_KEY["objectives_met_percent"],
                                total["objectives_met_percent"])
    html = (f"<p>{total['objectives_met']}/{total['objectives_assessed']} mục tiêu chất lượng "
            f"được đánh giá trong kỳ đạt yêu cầu ({_pct(met_percent)}).</p>"
            + (_table(["Đơn vị", "Được đánh giá", "Đạt", "Tỷ lệ đạt"], rows, 1) if rows else ""))
    sections.append({"heading": "V. Thực hiện mục tiêu chất lượng", "html": html})

    # VI. complaints
    overdue = Complaint.objects.filter(unit__path__startswith=committee.path,
                                       state=Complaint.State.RECEIVED,
                                       explanation_due__lt=min(end, timezone.localdate()))
    html = (f"<p>Nhận {total['complaints']} khiếu nại của tổ chức, công dân; đã giải trình đúng "
            f"hạn {total['explanations_on_time']}; quá hạn chưa giải trình "
            f"{overdue.count()}. Văn bản sai lỗi phát hiện {total['document_errors']}, đã khắc "
            f"phục {total['document_errors_corrected']}; sự cố thiết bị "
            f"{total['equipment_incidents']}.</p>")
    sections.append({"heading": "VI. Khiếu nại, văn bản sai lỗi và sự cố", "html": html})

    proposals = []
    if total["capa_overdue"]:
        proposals.append(f"Chỉ đạo các phòng hoàn thành {total['capa_overdue']} hành động khắc "
                         f"phục, phòng ngừa đã quá hạn.")
    if waiting:
        proposals.append("Các phòng xem xét, chuyển kịp thời các ý kiến đóng góp còn tồn đọng.")
    proposals.append("Tiếp tục duy trì, cải tiến hệ thống quản lý chất lượng theo TCVN ISO "
                     "9001.")
    sections.append({"heading": "VII. Đề xuất của Đại diện lãnh đạo về chất lượng",
                     "html": "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in proposals)
                             + "</ul>"})
    return sections


def management_review(*, period_text: str, actor) -> ManagementReview:
    """The QMR drafts the periodic summary from the data; it then runs through the management
    review's workflow (the leader signs, the clerk issues it to the chair)."""
    if not access.can_write_management_review(actor):
        raise PermissionDenied
    committee = access.committee()
    regime = Regime.objects.filter(code=builtin.REVIEW_REGIME[0]).first()
    if committee is None or regime is None:
        raise ValidationError(_("The management review's regime is not set up."))
    try:
        period = Period.parse(period_text)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    if period.kind not in regime.period_kinds:
        raise ValidationError({"period": _("Choose a quarter, a half year or a year.")})
    if period.start > timezone.localdate():
        raise ValidationError({"period": _("This period has not begun yet.")})
    if ManagementReview.objects.filter(committee=committee, period=str(period)).exists():
        raise ValidationError({"period": _("The summary of %(period)s has already been "
                                           "drafted.") % {"period": period.label()}})
    words = period_words(period)
    chair = [{"name": f"Chủ tịch UBND {committee.name_in_text}",
              "email": m.user.email}
             for m in committee.memberships.filter(role=Role.LEADER).select_related("user")
             if m.position.strip().lower() == "chủ tịch"][:1]
    recipients = chair + [{"name": "Ban Chỉ đạo ISO", "email": ""},
                          {"name": "Các cơ quan chuyên môn thuộc UBND", "email": ""}]
    with transaction.atomic():
        draft = editing.create_draft(
            regime=regime, lead_unit=committee, actor=actor,
            title=f"Báo cáo tổng hợp phục vụ xem xét của lãnh đạo {words}",
            summary=f"Kết quả hoạt động của hệ thống quản lý chất lượng {words} phục vụ xem xét "
                    f"của lãnh đạo",
            sections=summary_sections(committee, period), step=regime.steps.order_by(
                "order").first())
        draft.recipients = recipients
        draft.save(update_fields=["recipients"])
        review = ManagementReview.objects.create(
            committee=committee, period=str(period), period_start=period.start,
            period_end=period.end, draft=draft, created_by=actor)
        record("managementreview.create", draft, actor=actor, details={
            "period": str(period), "review": review.pk})
    return review

