"""The request letter (công văn yêu cầu báo cáo, seed 1 §5.2.2 and §5.3.2: "Chuyên viên tổng hợp
dự thảo công văn của UBND gửi các đơn vị có liên quan… yêu cầu báo cáo… theo Biểu mẫu"): a
document of its own, drafted when a round opens, that goes through the short workflow of the
`request_letter` regime (the compiler drafts; the leading unit's head signs it, or sends it up
to a leader; the clerk numbers it from the letters' register, "Số: 123/UBND-VP", and issues it)
and, once issued, is sent to the round's units with the round.

A round opened from a letter issued elsewhere (its number and date typed) has no such draft,
and its units are told at once, as before.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from baocao.audit.log import record
from baocao.catalogue.models import Regime
from baocao.documents.models import DocumentKind
from baocao.organisation.models import Kind, OrgUnit

from . import editing
from .models import Draft, DraftSection

REGIME = "request_letter"
WARD_KINDS = (Kind.WARD, Kind.COMMUNE, Kind.TOWNSHIP)
DEPARTMENT_KINDS = (Kind.DEPARTMENT, Kind.OFFICE, Kind.PLANNING_DEPARTMENT)
WARD_WORDS = {Kind.WARD: "phường", Kind.COMMUNE: "xã", Kind.TOWNSHIP: "thị trấn"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _local(committee) -> str:
    """"Quận Tây Hồ" → "quận Tây Hồ" (in running text)."""
    return committee.name_in_text


def addressees(units, committee) -> list[str]:
    """Kính gửi: the units asked, grouped as a letter names them ("Các phòng, ban, đơn vị thuộc
    quận", "Ủy ban nhân dân các phường") when it asks all of a kind, else one by one."""
    units = list(units)
    today_units = [u for u in OrgUnit.objects.filter(parent=committee) if u.is_active_today]
    lines = []
    departments = [u for u in units if u.kind in DEPARTMENT_KINDS]
    # the office writes the letter: it is not among those asked
    all_departments = {u.pk for u in today_units if u.kind in DEPARTMENT_KINDS
                       and u.kind != Kind.OFFICE}
    if departments and {u.pk for u in departments} >= all_departments:
        lines.append(f"Các phòng, ban, đơn vị thuộc {_local(committee)}")
    else:
        lines += [u.name for u in departments]
    for kind, word in WARD_WORDS.items():
        wards = [u for u in units if u.kind == kind]
        every = {u.pk for u in today_units if u.kind == kind}
        if wards and {u.pk for u in wards} >= every:
            lines.append(f"Ủy ban nhân dân các {word}")
        else:
            lines += [f"Ủy ban nhân dân {u.name_in_text}" for u in wards]
    lines += [u.name for u in units if u.kind not in DEPARTMENT_KINDS + WARD_KINDS]
    return lines


def _outline_html(request) -> str:
    """The outline's headings, one per line ("- I. Kết quả…"), sub-headings in italics."""
    lines = []
    for line in request.outline_headings():
        text = escape(line.strip())
        lines.append(f"<p>- {text}</p>" if not line.startswith((" ", "\t"))
                     else f"<p><em>+ {text}</em></p>")
    return "".join(lines)


def form_table(version) -> str:
    """The form's indicator tables as the letter's appendix: what each unit fills."""
    out = []
    with translation.override("vi"):
        for table in version.tables.prefetch_related("rows__indicator"):
            entered = [(code, str(label)) for code, label, computed in table.column_specs()
                       if not computed]
            head = "".join(f"<th>{escape(label)}</th>" for _code, label in entered)
            rows, number = [], 0
            for row in table.rows.all():
                if row.is_heading:
                    rows.append(f"<tr><th colspan=\"{3 + len(entered)}\">{escape(row.label)}"
                                f"</th></tr>")
                    continue
                number += 1
                blanks = "".join("<td></td>" for _e in entered)
                rows.append(f"<tr><td>{number}</td><td>{escape(row.label)}</td>"
                            f"<td>{escape(row.indicator.unit_of_measure)}</td>{blanks}</tr>")
            out.append(f"<p><strong>{escape(table.title)}</strong></p><table><thead><tr>"
                       f"<th>TT</th><th>Chỉ tiêu</th><th>Đơn vị tính</th>{head}</tr></thead>"
                       f"<tbody>{''.join(rows)}</tbody></table>")
    return "".join(out)


def sections_for(rnd, lead) -> list[dict]:
    from baocao.consolidation.sentences import period_phrase

    request = rnd.request
    committee = lead.committee()
    period = rnd.period_obj
    when = period_phrase(period) + ("" if period.kind == "year" else f" năm {period.year}")
    local = _local(committee)
    body = "".join(f"<p>{escape(p.strip())}</p>" for p in (request.body or "").split("\n")
                   if p.strip())
    opening = (f"<p>Thực hiện Quy chế làm việc của Ủy ban nhân dân {local}, để tổng hợp, đánh "
               f"giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc "
               f"phòng - an ninh {when}, Ủy ban nhân dân {local} đề nghị các đơn vị báo cáo "
               f"như sau:</p>{body}")
    content = (f"<p>Các đơn vị báo cáo kết quả thực hiện nhiệm vụ {when} theo đề cương và biểu "
               f"mẫu {escape(rnd.form.name)} (Phụ lục kèm theo), gồm các nội dung:</p>"
               f"{_outline_html(request)}")
    deadline = (f"<p>Báo cáo gửi về {escape(lead.name)} qua hệ thống báo cáo trước ngày "
                f"{rnd.due_date:%d/%m/%Y}; bản giấy có chữ ký của thủ trưởng đơn vị, đóng dấu, "
                f"gửi chậm nhất ngày {rnd.paper_due_date:%d/%m/%Y}.</p>"
                f"<p>Đề nghị các đơn vị quan tâm, thực hiện đúng thời hạn./.</p>")
    return [{"heading": "Mở đầu", "level": 1, "kind": DraftSection.Kind.LEAD,
             "html": opening},
            {"heading": "1. Nội dung báo cáo", "level": 2, "html": content},
            {"heading": "2. Thời hạn gửi báo cáo", "level": 2, "html": deadline},
            {"heading": f"Biểu mẫu {rnd.form.name}", "level": 1,
             "kind": DraftSection.Kind.APPENDIX, "html": form_table(rnd.form_version)}]


def draft_letter(rnd, actor) -> Draft | None:
    """The round's request letter, drafted by the system for the round's opener (None where
    the installation has no `request_letter` regime).  Called in open_round's transaction."""
    regime = Regime.objects.filter(code=REGIME).first()
    request = getattr(rnd, "request", None)
    if regime is None or request is None:
        return None
    committee = rnd.submissions.select_related("unit").first().unit.committee() \
        if rnd.submissions.exists() else None
    from baocao.organisation import access

    committee = access.committee() or committee
    if committee is None:
        return None
    lead = editing.lead_unit_for(rnd.form.regime, committee, actor) or committee.office()
    if lead is None:
        return None
    subject = request.subject.strip()
    with transaction.atomic():
        draft = editing.create_draft(
            regime=regime, lead_unit=lead, title=f"Công văn yêu cầu {_lower_first(subject)}",
            summary=f"V/v {_lower_first(subject)}", sections=sections_for(rnd, lead),
            actor=actor, check_actor=False)
        draft.kind = DocumentKind.LETTER
        draft.report_request = request
        draft.addressed_to = addressees([s.unit for s in rnd.submissions.select_related("unit")],
                                        committee)
        draft.recipients = [{"name": "Như trên", "email": ""},
                            {"name": f"Chủ tịch, các Phó Chủ tịch UBND {_local(committee)} "
                                     f"(để báo cáo)", "email": ""}]
        draft.save(update_fields=["kind", "report_request", "addressed_to", "recipients"])
        record("draft.letter", draft, actor=actor, details={"round": rnd.pk,
                                                            "units": len(draft.addressed_to)})
    return draft


def issued(draft: Draft, document, actor) -> None:
    """The letter is issued: the round's request carries its number and date, each unit gets
    its copy, and the round's units are told (with the letter), in the issue's transaction."""
    from baocao.collection import rounds
    from baocao.documents.issuing import distribute_copy

    request = draft.report_request
    old = request.number
    request.number, request.issued_on = document.reference, document.issued_on
    request.save(update_fields=["number", "issued_on"])
    record("reportrequest.letter_issued", request, actor=actor, details={
        "old": old, "number": document.reference, "date": document.issued_on,
        "document": document.pk})
    links = {}
    for submission in request.round.submissions.select_related("unit"):
        copy = distribute_copy(document, submission.unit.name)
        links[submission.unit_id] = reverse("documents:copy", args=[copy.token])
    rounds.announce(request.round, letter=document.reference, links=links)
