"""The quality demo: a year of the departments' registers (objectives with their monthly
results, erroneous documents corrected and one not, CAPA in every state, two audits, an equipment
incident, complaints and their explanations, documents handled and records filed), two hundred
anonymous survey answers, a dozen improvement suggestions in every state, last month's BM.07.01
round with some departments' reports sent and one drafted into a document, and the QMR's summary
of the last half year issued through the drafting pipeline.

Every entry goes through the same functions as the application; since past months are history,
the dates of each step are then set to the days they would have happened (demo history, as the
drafting demo does).  Loading twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from baocao.catalogue.models import ReportForm
from baocao.catalogue.periods import Period
from baocao.collection import rounds, submissions
from baocao.collection.models import Round
from baocao.documents.models import Document
from baocao.drafting import workflow
from baocao.organisation import access
from baocao.organisation.demo import DEMO_PASSWORD, examples
from baocao.organisation.models import User
from baocao.outbox.models import Email, Notification

from . import builtin, registers, reports, suggestions, surveys
from .models import (
    Capa,
    Complaint,
    DocumentError,
    EquipmentIncident,
    InternalAudit,
    ObjectiveResult,
    QualityObjective,
    RequestProblem,
    SatisfactionSurvey,
    Suggestion,
    SuggestionEvent,
    SurveyResponse,
    WorkloadCount,
)

DEMO_TRACKING_CODE = "TAYH-GPYK-8888"  # a citizen's suggestion the demo can be followed with

OBJECTIVES = [
    ("Giải quyết hồ sơ thủ tục hành chính đúng hạn", "Tỷ lệ hồ sơ trả đúng hẹn trên tổng số "
     "hồ sơ đã giải quyết trong tháng", "at_least", 98, "%"),
    ("Không để văn bản phát hành sai lỗi", "Số văn bản sai lỗi phát hiện trong tháng",
     "at_most", 1, "văn bản"),
    ("Tổ chức, công dân hài lòng với dịch vụ", "Tỷ lệ phiếu khảo sát hài lòng, rất hài lòng",
     "at_least", 90, "%"),
]
COMMITTEE_OBJECTIVES = [
    ("100% thủ tục hành chính mức độ 3, 4 được cung cấp trực tuyến", "Tỷ lệ thủ tục cung cấp "
     "trực tuyến toàn trình", "at_least", 100, "%"),
    ("Chỉ số cải cách hành chính của {level} thuộc nhóm dẫn đầu {ranked_among}",
     "Xếp hạng chỉ số PAR INDEX của {level}", "at_most", 5, "hạng"),
]
ERRORS = [
    ("Sai số liệu tại Phụ lục 02 (số hộ nghèo)", "{labour}",
     "Ban hành văn bản đính chính, thay thế phụ lục"),
    ("Sai thể thức: thiếu nơi nhận, sai ký hiệu văn bản", "Văn thư UBND {level}",
     "Văn thư thu hồi, phát hành lại đúng thể thức"),
    ("Trích dẫn căn cứ pháp lý đã hết hiệu lực", "{justice}",
     "Sửa căn cứ theo Nghị định thay thế, ban hành văn bản thay thế"),
    ("Sai tên đơn vị nhận trong văn bản trả lời công dân", "Bộ phận một cửa",
     "Gửi văn bản đính chính cho công dân"),
    ("Lỗi chính tả trong trích yếu", "Chánh Văn phòng", "Sửa và phát hành lại"),
]
PROBLEMS = [
    ("late", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Trả kết quả chậm 2 ngày do chờ ý kiến "
     "phối hợp của phường", "Xin lỗi công dân bằng văn bản; đôn đốc phường trả lời trong 3 ngày"),
    ("missing_papers", "Đăng ký khai sinh", "Yêu cầu công dân bổ sung giấy tờ lần hai",
     "Rà soát lại danh mục hồ sơ niêm yết tại bộ phận một cửa"),
    ("returned", "Chứng thực bản sao từ bản chính", "Hồ sơ trả lại do sai thông tin người yêu "
     "cầu", "Hướng dẫn lại công dân, tiếp nhận hồ sơ mới"),
    ("late", "Xác nhận thông tin hộ tịch", "Quá hạn 1 ngày do cán bộ nghỉ ốm",
     "Bố trí cán bộ thay thế, trả kết quả ngay"),
    ("wrong_result", "Cấp bản sao trích lục", "Trích lục sai ngày sinh", "Cấp lại trích lục"),
]
COMPLAINTS = [
    ("Công dân phản ánh thái độ của cán bộ tiếp nhận hồ sơ chưa niềm nở", "office", 5),
    ("Tổ chức phản ánh thời gian giải quyết hồ sơ cấp phép kéo dài", "construction", 10),
    ("Công dân khiếu nại việc yêu cầu bổ sung giấy tờ không có trong danh mục", "justice", 7),
    ("Hộ kinh doanh phản ánh chậm trả lời kiến nghị về giấy phép", "economy", 10),
    ("Công dân phản ánh chưa được hướng dẫn đầy đủ về chính sách hỗ trợ", "labour", 7),
    ("Phản ánh về việc thu gom rác thải chưa đúng giờ", "environment", 10),
]
SURVEYS = [
    ("office", "Sự hài lòng tại Bộ phận tiếp nhận và trả kết quả",
     "Bộ phận tiếp nhận và trả kết quả (một cửa)", 80),
    ("construction", "Sự hài lòng về cấp phép xây dựng", "Cấp giấy phép xây dựng", 35),
    ("justice", "Sự hài lòng về hộ tịch, chứng thực", "Hộ tịch, chứng thực", 40),
    ("labour", "Sự hài lòng về chính sách xã hội", "Trợ cấp, ưu đãi người có công", 25),
    ("environment", "Sự hài lòng về đất đai, môi trường", "Đăng ký đất đai", 20),
]
COMMENTS = ["Cán bộ hướng dẫn nhiệt tình.", "Thời gian chờ còn lâu vào buổi sáng.",
            "Nên có thêm ghế chờ.", "Thủ tục nhanh gọn, trả đúng hẹn.",
            "Cần niêm yết rõ lệ phí.", "Rất hài lòng.", "Nên mở thêm quầy vào thứ Bảy."]
# (title, body, unit, source, state)
SUGGESTIONS = [
    ("Gửi tin nhắn báo ngày trả kết quả", "Đề nghị gửi tin nhắn SMS cho công dân khi hồ sơ có "
     "kết quả, để không phải đến hỏi nhiều lần.", "office", "citizen", "closed"),
    ("Số hóa mẫu đơn tại bộ phận một cửa", "Đưa các mẫu đơn lên cổng thông tin để công dân điền "
     "trước ở nhà.", "office", "staff", "closed"),
    ("Lịch trực trưa tại bộ phận một cửa", "Bố trí cán bộ trực buổi trưa cho người lao động "
     "nộp hồ sơ.", "office", "citizen", "done"),
    ("Mẫu báo cáo tháng thống nhất giữa các phòng", "Dùng một mẫu báo cáo tháng cho các phòng "
     "để Văn phòng tổng hợp nhanh hơn.", "home_affairs", "staff", "closed"),
    ("Kiểm tra thể thức văn bản trước khi trình ký", "Văn thư rà soát thể thức theo Nghị định "
     "30 trước khi trình lãnh đạo ký.", "office", "staff", "done"),
    ("Chỗ để xe cho người đến làm thủ tục", "Khu vực để xe chật, đề nghị kẻ vạch và bố trí "
     "người hướng dẫn.", "construction", "citizen", "declined"),
    ("Hướng dẫn thủ tục bằng video", "Làm video ngắn hướng dẫn các thủ tục thường gặp.",
     "justice", "citizen", "assigned"),
    ("Tra cứu tiến độ hồ sơ đất đai", "Cho phép tra cứu tiến độ hồ sơ đất đai bằng mã số.",
     "environment", "staff", "assigned"),
    ("Bổ sung biểu mẫu điện tử cho trợ cấp", "Đưa biểu mẫu đề nghị trợ cấp lên mạng.",
     "labour", "citizen", "with_qmr"),
    ("Sổ tay quy trình ISO bản điện tử", "Đăng sổ tay chất lượng và quy trình lên mạng nội "
     "bộ.", "home_affairs", "staff", "with_qmr"),
    ("Ki-ốt lấy số thứ tự tự động", "Lắp máy lấy số thứ tự tại bộ phận một cửa.", "office",
     "citizen", "submitted"),
    ("Nhắc hạn xử lý văn bản đến", "Hệ thống tự nhắc cán bộ khi văn bản đến sắp quá hạn xử lý.",
     "economy", "staff", "submitted"),
]


def _at(day: date, hour: int = 9, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _by_role(units) -> dict[str, object]:
    """A role of examples.ROLES → its unit among `units` (the stories below name units by
    what they do, the same in both examples)."""
    example = examples.current()
    by_code = {u.code: u for u in units}
    return {role: by_code[code] for role, code in example.units.items() if code in by_code}


def _in_words(text: str) -> str:
    """A story's words in the example's: "{level}" (quận, thành phố), "{ranked_among}" and a
    unit's name by its role ("{justice}": Phòng Tư pháp, Sở Tư pháp)."""
    from baocao.organisation.models import OrgUnit

    example = examples.current()
    names = dict(OrgUnit.objects.filter(code__in=example.units.values())
                 .values_list("code", "name"))
    return text.format(level=example.level, ranked_among=example.ranked_among,
                       wards=example.wards_words,
                       **{role: names.get(code, "") for role, code in example.units.items()})


def _people(units) -> dict[str, tuple[User, User]]:
    """unit code → (who records, the head)."""
    example = examples.current()
    users = {u.username: u for u in User.objects.all()}
    slugs = {**example.reporting_units}
    found = {}
    for unit in units:
        if unit.code == example.code("office"):
            found[unit.code] = (users["tonghop"], users["chanhvanphong"])
        elif unit.code == example.code("planning"):
            found[unit.code] = (users[example.planning_compiler], users[example.planning_head])
        elif unit.code in slugs:
            found[unit.code] = (users[f"{slugs[unit.code]}.baocao"],
                                users[f"{slugs[unit.code]}.truong"])
    return found


def _months_back(today: date, count: int) -> list[Period]:
    period, found = Period("month", today.year, today.month), []
    for _i in range(count):
        period = period.previous()
        found.insert(0, period)
    return found


def load_quality() -> list:
    """A year of the departments' quality registers, surveys, suggestions; one QMR summary."""
    builtin.load_current()  # what the migration ships, if a flushed database lost it
    committee = access.committee()
    form = ReportForm.objects.filter(code=builtin.FORM_CODE).first()
    if committee is None or form is None:
        return []
    units = reports.departments(committee)
    if not form.units.exists():
        form.units.set(units)
    if QualityObjective.objects.exists():
        return []
    today = timezone.localdate()
    rng = random.Random(7)
    people = _people(units)
    units = [u for u in units if u.code in people]
    users = {u.username: u for u in User.objects.filter(username__in=[
        "thuky.iso", "qmr", "phochutich1", "vanthu", "tonghop", "chanhvanphong"])}
    started = timezone.now()
    with transaction.atomic():
        months = _months_back(today, 12)
        _objectives(committee, units, people, users, months, rng, today)
        _workload(units, people, months, rng)
        _document_errors(units, people, rng, today)
        _problems(units, people, rng, today)
        _incident(units, people, today)
        _complaints(units, people, today)
        _audits(committee, units, people, users, today)
        _capas(units, people, users, today)
        _surveys(units, people, users, rng, today)
        _suggestions(units, people, users, today)
        _bm0701_round(form, units, people, users, today)
        _management_review(users, today)
        # What reached people about the past year is long read (and its e-mails long sent);
        # the suggestions still waiting for someone are not.
        Notification.objects.filter(created_at__gte=started).exclude(
            url__contains="/quality/suggestions/").update(read_at=timezone.now())
        Email.objects.filter(created_at__gte=started, state=Email.State.QUEUED).update(
            state=Email.State.SENT, sent_at=timezone.now())
    return []


def _objectives(committee, units, people, users, months, rng, today):
    year = today.year if today.month > 1 else today.year - 1
    this_year = [p for p in months if p.year == year]
    for unit in units:
        recorder, _head = people[unit.code]
        for index, (title, measure, comparison, target, uom) in enumerate(OBJECTIVES[:2]):
            objective = registers.create_objective(
                unit=unit, year=year, title=title, measure=measure, comparison=comparison,
                target=str(target), unit_of_measure=uom, actor=recorder)
            QualityObjective.objects.filter(pk=objective.pk).update(
                recorded_at=_at(date(year, 1, 5)))
            for period in this_year:
                if index == 0:
                    value = rng.choice([100, 100, 99.5, 99, 98.6, 97.5, 100, 96.8])
                else:
                    value = rng.choice([0, 0, 0, 1, 0, 2, 0])
                registers.record_result(objective, period_text=str(period), value=str(value),
                                        actor=recorder)
        ObjectiveResult.objects.filter(objective__unit=unit).update(
            recorded_at=_at(today.replace(day=1)))
    iso = users["thuky.iso"]
    for title, measure, comparison, target, uom in COMMITTEE_OBJECTIVES:
        objective = registers.create_objective(
            unit=committee, year=year, title=_in_words(title), measure=_in_words(measure),
            comparison=comparison,
            target=str(target), unit_of_measure=uom, actor=iso)
        for period in this_year[2::3]:
            value = 100 if comparison == "at_least" else rng.choice([3, 4, 6])
            registers.record_result(objective, period_text=str(period), value=str(value),
                                    actor=iso)
    for result in ObjectiveResult.objects.select_related("objective"):
        ObjectiveResult.objects.filter(pk=result.pk).update(
            recorded_at=_at(result.period_end + timedelta(days=3), 10))


def _workload(units, people, months, rng):
    for unit in units:
        recorder, _head = people[unit.code]
        size = rng.randint(60, 260)
        for period in months:
            received = int(size * rng.uniform(0.85, 1.15))
            handled = received - rng.randint(0, max(1, received // 40))
            registers.save_workload(unit=unit, period_text=str(period),
                                    documents_received=received, documents_handled=handled,
                                    records_filed=rng.randint(8, 40), actor=recorder)
    for row in WorkloadCount.objects.all():
        WorkloadCount.objects.filter(pk=row.pk).update(
            recorded_at=_at(row.period_end + timedelta(days=2), 16))


def _document_errors(units, people, rng, today):
    issued = list(Document.objects.order_by("issued_on")[:3])
    chosen = rng.sample(units, min(len(units), 12))
    for number, unit in enumerate(chosen):
        recorder, _head = people[unit.code]
        what, found_by, correction = ERRORS[number % len(ERRORS)]
        found_by = _in_words(found_by)
        found_on = today - timedelta(days=20 + 27 * number)
        office = number < len(issued) and unit.code == examples.current().code("office")
        document = issued[number] if office else None
        entry = registers.record_document_error(
            unit=unit, document_title=f"{100 + number * 7}/BC-UBND ngày "
                                      f"{found_on - timedelta(days=3):%d/%m/%Y}",
            document=document, error=what, found_by=found_by, found_on=found_on,
            actor=recorder)
        DocumentError.objects.filter(pk=entry.pk).update(recorded_at=_at(found_on, 10))
        if number == 0:
            continue  # the one not yet corrected
        corrected_on = min(found_on + timedelta(days=rng.randint(1, 6)), today)
        registers.correct_document_error(entry, corrected_on=corrected_on,
                                         correction=correction, actor=recorder)


def _problems(units, people, rng, today):
    for number in range(18):
        unit = units[number % len(units)]
        recorder, _head = people[unit.code]
        kind, procedure, what, resolution = PROBLEMS[number % len(PROBLEMS)]
        day = today - timedelta(days=5 + 19 * number)
        problem = registers.record_problem(
            unit=unit, occurred_on=day, kind=kind, procedure=procedure,
            case_reference=f"HS-{day:%y%m}-{100 + number}", description=what, actor=recorder)
        RequestProblem.objects.filter(pk=problem.pk).update(recorded_at=_at(day, 15))
        if number % 6 != 0:
            registers.resolve_problem(problem, resolution=resolution,
                                      resolved_on=min(day + timedelta(days=2), today),
                                      actor=recorder)


def _incident(units, people, today):
    office = _by_role(units)["office"]
    recorder, _head = people[office.code]
    occurred = _at(today - timedelta(days=64), 8, 40)
    incident = registers.record_incident(
        unit=office, equipment="Máy quét hồ sơ tại Bộ phận tiếp nhận và trả kết quả",
        occurred_at=occurred, effect="Không quét được hồ sơ trong 3 giờ; tiếp nhận hồ sơ giấy, "
                                     "quét bù buổi chiều.", actor=recorder)
    EquipmentIncident.objects.filter(pk=incident.pk).update(recorded_at=occurred)
    registers.record_repair(incident, repaired_on=today - timedelta(days=64),
                            repair="Thay bộ nạp giấy; bảo trì định kỳ máy quét.",
                            repaired_by=_in_words(
                                "Trung tâm Văn hóa, Thông tin và Thể thao {level} (bộ phận kỹ "
                                "thuật)"), actor=recorder)


def _complaints(units, people, today):
    by_role = _by_role(units)
    for number, (subject, role, days) in enumerate(COMPLAINTS):
        unit = by_role.get(role, units[0])
        recorder, head = people[unit.code]
        received = today - timedelta(days=12 + 40 * number) if number else \
            today - timedelta(days=3)
        complaint = registers.record_complaint(
            unit=unit, received_on=received, subject=subject,
            explanation_due=received + timedelta(days=days), actor=recorder,
            complainant="" if number % 2 else "Một tổ chức trên địa bàn")
        Complaint.objects.filter(pk=complaint.pk).update(recorded_at=_at(received, 9))
        if number == 0:
            continue  # awaiting its explanation, not yet due
        late = number == 3
        explained = received + timedelta(days=days + 4 if late else max(1, days - 3))
        registers.record_explanation(
            complaint, explained_on=min(explained, today), actor=head,
            explanation="Phòng đã kiểm tra, làm rõ nguyên nhân, trả lời tổ chức, công dân và "
                        "chấn chỉnh cán bộ liên quan.")


def _capas(units, people, users, today):
    """CAPA in every state, from every kind of source."""
    by_code = _by_role(units)
    iso = users["thuky.iso"]

    def opened(entry, kind, problem, action, unit, back, due_in):
        recorder, head = people[unit.code]
        capa = registers.open_capa_from(entry, kind=kind, problem=problem, action=action,
                                        responsible=recorder, due_date=today,
                                        actor=head) if entry is not None else \
            registers.open_capa(unit=unit, kind=kind, problem=problem, action=action,
                                responsible=recorder, due_date=today, actor=head)
        Capa.objects.filter(pk=capa.pk).update(
            recorded_at=_at(today - timedelta(days=back)),
            due_date=today - timedelta(days=back) + timedelta(days=due_in))
        capa.refresh_from_db()
        return capa, recorder, head

    errors = list(DocumentError.objects.order_by("found_on"))
    # closed: effective
    capa, who, head = opened(errors[0], Capa.Kind.CORRECTIVE, errors[0].error,
                             "Rà soát thể thức, số liệu trước khi trình ký",
                             errors[0].unit, 200, 20)
    _done_and_checked(capa, who, iso, today - timedelta(days=185), today - timedelta(days=170),
                      effective=True)
    problem = RequestProblem.objects.order_by("occurred_on").first()
    capa, who, head = opened(problem, Capa.Kind.PREVENTIVE, problem.description,
                             "Niêm yết lại danh mục hồ sơ, tập huấn cán bộ một cửa",
                             problem.unit, 150, 30)
    _done_and_checked(capa, who, iso, today - timedelta(days=125), today - timedelta(days=110),
                      effective=True)
    # not effective, opened again (open, and overdue)
    complaint = Complaint.objects.filter(state=Complaint.State.EXPLAINED).first()
    capa, who, head = opened(complaint, Capa.Kind.CORRECTIVE, complaint.subject,
                             "Nhắc nhở cán bộ, bổ sung quy định giao tiếp với công dân",
                             complaint.unit, 90, 30)
    _done_and_checked(capa, who, iso, today - timedelta(days=62), today - timedelta(days=55),
                      effective=False)
    # done, its effectiveness to check
    unit = by_code["justice"]
    capa, who, head = opened(None, Capa.Kind.IMPROVEMENT,
                             "Công dân phải chờ lâu khi chứng thực vào đầu tuần",
                             "Bố trí thêm một quầy chứng thực sáng thứ Hai", unit, 40, 30)
    registers.complete_capa(capa, done_on=today, done_note="Đã bố trí thêm quầy từ tuần trước.",
                            actor=who)
    Capa.objects.filter(pk=capa.pk).update(done_on=today - timedelta(days=6))
    # open, on time
    unit = by_code["environment"]
    opened(None, Capa.Kind.PREVENTIVE, "Nguy cơ quá hạn hồ sơ đăng ký đất đai cuối năm",
           "Lập bảng theo dõi hạn xử lý từng hồ sơ, báo cáo hằng tuần", unit, 10, 30)
    # open, overdue
    unit = by_code["construction"]
    opened(None, Capa.Kind.CORRECTIVE, "Hồ sơ cấp phép xây dựng trả chậm do chờ ý kiến phối hợp",
           _in_words("Ký quy chế phối hợp với UBND {wards}, thời hạn trả lời 3 ngày"), unit, 60, 30)


def _done_and_checked(capa, who, checker, done_on, checked_on, *, effective):
    registers.complete_capa(capa, done_on=timezone.localdate(), done_note="Đã thực hiện "
                            "theo kế hoạch.", actor=who)
    registers.check_capa(capa, effective=effective, actor=checker,
                         note="Kiểm tra 5 hồ sơ, văn bản gần nhất: không tái diễn." if effective
                         else "Vẫn còn phản ánh tương tự; cần biện pháp mạnh hơn.")
    Capa.objects.filter(pk=capa.pk).update(
        done_on=None if not effective else done_on, checked_on=checked_on)


def _audits(committee, units, people, users, today):
    iso = users["thuky.iso"]
    by_role = _by_role(units)
    audited = [by_role[role] for role in ("office", "justice", "construction", "home_affairs",
                                          "environment") if role in by_role]
    audited = list(dict.fromkeys(audited))  # Hà Nội's Sở Nội vụ is home affairs and labour
    # held within the last half year, which the QMR's summary of the demo covers
    half = Period("half_year", today.year, 1 if today.month <= 6 else 2).previous()
    held_on = half.start + timedelta(days=80)
    audit = registers.plan_audit(
        committee=committee, title=f"Đánh giá chất lượng nội bộ năm {held_on.year}",
        planned_on=held_on, scope="Các quy trình giải quyết thủ tục hành chính, quy trình QT.07 "
                                  "thống kê, phân tích và cải tiến; TCVN ISO 9001:2015 điều 7.5, "
                                  "8.5, 9.1, 10.2.",
        units=audited, auditors=[iso, users["chanhvanphong"]], actor=iso)
    findings = [
        ("construction", "nonconformity", "8.5.1", "Ba hồ sơ cấp phép xây dựng không có phiếu "
         "kiểm soát quá trình giải quyết.", "Bổ sung phiếu kiểm soát cho mọi hồ sơ; kiểm tra "
         "hằng tháng"),
        ("justice", "nonconformity", "7.5.3", "Sổ theo dõi văn bản sai lỗi chưa cập nhật từ "
         "tháng 3.", "Cập nhật sổ trên hệ thống; giao một cán bộ theo dõi"),
        ("office", "observation", "9.1.2", "Nên khảo sát sự hài lòng thường xuyên hơn tại bộ "
         "phận một cửa.", ""),
        ("home_affairs", "observation", "7.2", "Một số cán bộ mới chưa được đào tạo về ISO.", ""),
    ]
    for role, kind, clause, description, action in findings:
        recorder, _head = people[by_role[role].code]
        registers.record_finding(audit, unit=by_role[role], kind=kind, clause=clause,
                                 description=description, action=action,
                                 responsible=recorder if action else None,
                                 due_date=today if action else None, actor=iso)
    registers.complete_audit(audit, held_on=today, actor=iso,
                             summary="Hệ thống quản lý chất lượng được duy trì, có hiệu lực; "
                                     "phát hiện 2 điểm không phù hợp và 2 khuyến nghị.")
    InternalAudit.objects.filter(pk=audit.pk).update(held_on=held_on,
                                                     recorded_at=_at(held_on - timedelta(30)))
    for index, finding in enumerate(audit.findings.exclude(capa=None).select_related("capa")):
        capa = finding.capa
        Capa.objects.filter(pk=capa.pk).update(recorded_at=_at(held_on, 16),
                                               due_date=held_on + timedelta(days=45))
        if index == 0:
            capa.refresh_from_db()
            _done_and_checked(capa, capa.responsible, iso, held_on + timedelta(days=30),
                              held_on + timedelta(days=40), effective=True)
        else:
            registers.complete_capa(capa, done_on=today, actor=capa.responsible,
                                    done_note="Đã cập nhật đầy đủ sổ theo dõi.")
            Capa.objects.filter(pk=capa.pk).update(done_on=held_on + timedelta(days=20))
    others = [u for u in units if u not in audited][:5]
    registers.plan_audit(
        committee=committee, title="Đánh giá chất lượng nội bộ đợt 2",
        planned_on=today + timedelta(days=10),
        scope="Các quy trình nội bộ, quy trình QT.07; TCVN ISO 9001:2015 điều 6.2, 9.1, 10.",
        units=others, auditors=[iso], actor=iso)


def _surveys(units, people, users, rng, today):
    by_code = _by_role(units)
    iso = users["thuky.iso"]
    weights = [1, 2, 6, 16, 14]  # mostly satisfied; some neutral; a few not
    for code, title, service, count in SURVEYS:
        survey = surveys.create_survey(unit=by_code[code], title=title, service=service,
                                       actor=iso)
        SatisfactionSurvey.objects.filter(pk=survey.pk).update(
            recorded_at=_at(today - timedelta(days=366)))
        asked = surveys.questions()
        for _n in range(count):
            ratings = {q.pk: rng.choices(range(1, 6), weights)[0] for q in asked}
            comment = rng.choice(COMMENTS) if rng.random() < 0.25 else ""
            response = surveys.answer(survey, ratings, comment, surveys.visit_code(survey))
            SurveyResponse.objects.filter(pk=response.pk).update(
                submitted_on=today - timedelta(days=rng.randint(0, 364)))


def _suggestions(units, people, users, today):
    by_code = _by_role(units)
    qmr = users["qmr"]
    for number, (title, body, code, source, state) in enumerate(SUGGESTIONS):
        unit = by_code[code]
        recorder, head = people[unit.code]
        author = people[by_code[SUGGESTIONS[(number + 3) % len(SUGGESTIONS)][2]].code][0]
        if source == "citizen":
            suggestion, _code = suggestions.submit_public(
                unit=unit, title=title, body=body,
                name="" if number % 3 else "Nguyễn Văn An",
                contact="" if number % 3 else "0912 345 678")
            if number == 0:
                Suggestion.objects.filter(pk=suggestion.pk).update(
                    tracking_hash=suggestions.code_hash(DEMO_TRACKING_CODE))
        else:
            suggestion = suggestions.submit(unit=unit, title=title, body=body, actor=author)
        days_ago = 300 - number * 24
        if state != "submitted":
            suggestion = suggestions.forward(suggestion, "Ý kiến có cơ sở, đề nghị QMR xem xét "
                                             "giao thực hiện.", head)
        if state in ("assigned", "done", "closed"):
            suggestion = suggestions.assign(suggestion, assignee=recorder,
                                            due_date=today + timedelta(days=20), actor=qmr,
                                            note="Nghiên cứu, triển khai và báo cáo kết quả.")
        if state == "declined":
            suggestion = suggestions.decline(suggestion, "Mặt bằng trụ sở không cho phép mở "
                                             "rộng khu để xe; đã đề nghị phường hỗ trợ điểm "
                                             "trông giữ xe gần trụ sở.", qmr)
        if state in ("done", "closed"):
            suggestion = suggestions.report(suggestion, "Đã triển khai từ tháng trước; công dân "
                                            "phản hồi tích cực.", recorder)
        if state == "closed":
            suggestion = suggestions.inform(suggestion, "Đã gọi điện, cảm ơn và thông báo kết "
                                            "quả thực hiện ý kiến cho người đóng góp.", head)
        # the history of its steps, spread over the weeks after it came in
        start = today - timedelta(days=max(days_ago, 3))
        events = list(SuggestionEvent.objects.filter(suggestion=suggestion).order_by("pk"))
        when = _at(start, 9)
        for step, event in enumerate(events):
            when = _at(min(start + timedelta(days=4 * step), today), 9 + step)
            SuggestionEvent.objects.filter(pk=event.pk).update(at=when)
        fields = {"submitted_at": _at(start, 9)}
        if state == "closed":
            fields["closed_at"] = when
        Suggestion.objects.filter(pk=suggestion.pk).update(**fields)


def _bm0701_round(form, units, people, users, today):
    """Last month's BM.07.01: the round open; some departments' reports approved and sent (their
    figures computed at approval); one drafted into its document."""
    period = Period("month", today.year, today.month).previous()
    if Round.objects.filter(form=form, period=str(period)).exists():
        return
    due, paper_due = rounds.proposed_dates(form, period)
    due = max(due, today + timedelta(days=2))
    rnd = rounds.open_round(
        form=form, period_text=str(period), units=units, due_date=due,
        paper_due_date=max(paper_due, due + timedelta(days=2)), actor=users["tonghop"],
        subject=f"Thống kê tình hình thực hiện công tác {reports.period_words(period)} "
                f"(BM.07.01)", notify_units=False,
        outline="I. Thống kê tình hình thực hiện công tác\nII. Ưu điểm\nIII. Tồn tại, khuyết "
                "điểm, nguyên nhân\nIV. Nhiệm vụ thời gian tới")
    texts = {
        "free": "<p>Các hồ sơ được giải quyết đúng hạn; cán bộ hướng dẫn tận tình, công dân "
                "hài lòng.</p>",
        "difficulties": "<p>Một số văn bản còn sai sót về thể thức do cán bộ mới; nguyên nhân: "
                        "chưa rà soát kỹ trước khi trình ký.</p>",
        "next_period_tasks": "<ul><li>Hoàn thành các hành động khắc phục đến hạn.</li><li>Tiếp "
                             "tục khảo sát sự hài lòng tại bộ phận một cửa.</li></ul>",
    }
    by_role = _by_role(units)
    sent_codes = [by_role[role].code for role in ("health", "justice", "office", "home_affairs",
                                                  "environment") if role in by_role]
    for submission in rnd.submissions.select_related("unit", "round"):
        if submission.unit.code not in sent_codes:
            continue
        recorder, head = people[submission.unit.code]
        for section in rnd.form_version.sections.all():
            submissions.save_text(submission, section, texts[section.kind], head)
        submissions.approve(submission, head)
        submissions.send(submission, head)
        if submission.unit == by_role.get("health"):
            submission.refresh_from_db()
            reports.department_draft(submission, recorder)


def _management_review(users, today):
    """The QMR's summary of the last half year: drafted, submitted, signed, issued."""
    current = Period("half_year", today.year, 1 if today.month <= 6 else 2)
    period = current.previous()
    review = reports.management_review(period_text=str(period), actor=users["qmr"])
    draft = review.draft
    workflow.submit(draft, users["qmr"])
    workflow.sign(draft, users["phochutich1"], password=DEMO_PASSWORD)
    workflow.issue(draft, users["vanthu"], issued_on=today)
