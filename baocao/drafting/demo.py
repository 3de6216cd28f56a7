"""The drafting demo: each round's request letter drafted, signed by the office head and issued
with its number from the letters' register on the day the round opened; the monthly reports of
past months drafted, reviewed (one returned for edits every quarter), commented on, signed and
issued with their numbers, and last month's report now in review at the office head.

Every step goes through the same functions as the application; since past months are history,
the times of each step are then set to the days they would have happened (demo history, like the
collection demo's past rounds).  Loading twice changes nothing.
"""

import re
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from baocao.collection.models import Round
from baocao.documents.models import (
    Distribution,
    Document,
    DocumentKind,
    OutgoingRegister,
    Recipient,
)
from baocao.organisation import access
from baocao.organisation.demo import DEMO_PASSWORD, examples
from baocao.organisation.models import User
from baocao.outbox.models import Email, Notification

from . import building, editing, gates, workflow
from .models import (
    Comment,
    Consultation,
    Draft,
    DraftSection,
    DraftVersion,
    Initial,
    Invitee,
    StepLog,
)

COMMENTS = [
    ("chutich", "Đề nghị làm rõ nguyên nhân thu ngân sách đạt thấp so với cùng kỳ và giải "
                "pháp tháng tới."),
    ("uyvien.congan", "Bổ sung kết quả tuần tra, kiểm soát trật tự giao thông trên tuyến "
                      "đường Lạc Long Quân."),
]


SYNTHESIS = {
    "I. ": "<p>Nhìn chung, tình hình kinh tế - xã hội {period} tiếp tục ổn định và có bước "
           "phát triển; các cơ quan, đơn vị và UBND {wards} đã triển khai đầy đủ các "
           "nhiệm vụ được giao, nhiều chỉ tiêu đạt và vượt kế hoạch.</p>",
    "II.": "<p>Một số nhiệm vụ còn chậm so với kế hoạch do thủ tục phức tạp và thiếu nhân "
           "lực; công tác phối hợp giữa các đơn vị có lúc chưa chặt chẽ.</p>",
    "III": "<ol><li>Tập trung thực hiện các chỉ tiêu thu ngân sách, giải ngân vốn đầu tư công."
           "</li><li>Tăng cường quản lý trật tự đô thị, trật tự xây dựng.</li><li>Bảo đảm an "
           "ninh chính trị, trật tự an toàn xã hội.</li></ol>",
    "": "<p>Các đơn vị đã thực hiện tốt nhiệm vụ {period}.</p>",
}


def _at(day, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _Clock:
    """Moves what the last actions wrote to the time they would have happened."""

    def __init__(self, draft):
        self.draft, self.mark = draft, timezone.now()

    def set(self, when):
        when = min(when, timezone.now())
        d, since = self.draft, self.mark
        StepLog.objects.filter(draft=d, at__gte=since).update(at=when)
        DraftVersion.objects.filter(draft=d, created_at__gte=since).update(created_at=when)
        Comment.objects.filter(draft=d, created_at__gte=since).update(created_at=when)
        Comment.objects.filter(draft=d, resolved_at__gte=since).update(resolved_at=when)
        Initial.objects.filter(draft=d, at__gte=since).update(at=when)
        Consultation.objects.filter(draft=d, opened_at__gte=since).update(opened_at=when)
        Consultation.objects.filter(draft=d, closed_at__gte=since).update(closed_at=when)
        Invitee.objects.filter(consultation__draft=d, answered_at__gte=since).update(
            answered_at=when)
        Draft.objects.filter(pk=d.pk, step_since__gte=since).update(step_since=when)
        Draft.objects.filter(pk=d.pk, signed_at__gte=since).update(signed_at=when)
        DraftSection.objects.filter(draft=d, updated_at__gte=since).update(updated_at=when)
        self.mark = timezone.now()


UNSENT_REASON = ("Đơn vị chưa gửi báo cáo dù đã được nhắc; Lãnh đạo Văn phòng chỉ đạo tổng hợp "
                 "theo số liệu của các đơn vị đã gửi để kịp giao ban tháng.")


def _walk(rnd, people, number: int, *, issue: bool):
    period = rnd.period_obj
    # Issued reports: the days after the units' due date; the one in review: since yesterday.
    start = rnd.due_date + timedelta(days=1) if issue else \
        timezone.localdate() - timedelta(days=1)
    clock = _Clock(None)
    # A round with a unit that never sent: the office goes on, and says why (drafting.gates).
    why = UNSENT_REASON if gates.not_sent(rnd) else ""
    draft = building.draft_from_round(rnd, people["tonghop"], unsent_reason=why)
    clock.draft = draft
    Draft.objects.filter(pk=draft.pk).update(created_at=_at(start, 8, 30))
    clock.set(_at(start, 8, 30))
    # The compiler turns the units' answers into the committee's own words.
    for section in draft.sections.filter(html__contains="<blockquote>"):
        own = re.sub(r"<blockquote>.*?</blockquote>", "", section.html, flags=re.S)
        editing.save_section(section, own + SYNTHESIS.get(section.heading[:3], SYNTHESIS[""])
                             .format(period=period.label().lower(),
                                     wards=examples.current().wards_words), people["tonghop"],
                             revision=section.revision)
    clock.set(_at(start, 14))
    first = draft.sections.order_by("order").first()
    workflow.act(draft, "submit", people["tonghop"], unsent_reason=why)
    clock.set(_at(start, 16))
    first.refresh_from_db()
    editing.save_section(first, first.html.replace("nhiều chỉ tiêu đạt", "nhiều chỉ tiêu "
                                                   "quan trọng đạt"),
                         people["chanhvanphong"], revision=first.revision)
    clock.set(_at(start + timedelta(days=1), 9))
    if not issue:
        # Last month's report: reviewed by the office head this morning and with the
        # committee's leaders for their comments (what a leader finds on "Việc cần làm").
        workflow.act(draft, "approve", people["chanhvanphong"])
        clock.set(_at(start + timedelta(days=1), 9, 30))
        workflow.act(draft, "consult", people["tonghop"], users=[
            people["chutich"], people["phochutich1"], people["uyvien.congan"]], units=[],
            deadline=timezone.localdate() + timedelta(days=3),
            message=f"Kính gửi Lãnh đạo UBND {examples.current().level} và các thành viên Ủy ban "
                    "dự thảo báo cáo tháng để cho ý kiến trước phiên họp giao ban.")
        clock.set(_at(start + timedelta(days=1), 10))
        return draft
    if number % 4 == 1:
        workflow.act(draft, "return", people["chanhvanphong"],
                     reason="Bổ sung số liệu thu ngân sách và đánh giá so với cùng kỳ.")
        clock.set(_at(start + timedelta(days=1), 10))
        workflow.act(draft, "submit", people["tonghop"], unsent_reason=why)
        clock.set(_at(start + timedelta(days=1), 15))
    workflow.act(draft, "approve", people["chanhvanphong"])
    clock.set(_at(start + timedelta(days=2), 8, 30))
    workflow.act(draft, "consult", people["tonghop"],
                 users=[people["chutich"], people["phochutich1"], people["uyvien.congan"]],
                 units=[], deadline=max(start + timedelta(days=4), timezone.localdate()),
                 message=f"Kính gửi Lãnh đạo UBND {examples.current().level} và các thành "
                         "viên Ủy ban dự thảo báo cáo tháng để cho ý kiến.")
    clock.set(_at(start + timedelta(days=2), 9))
    consultation = workflow.open_consultation_of(draft)
    Consultation.objects.filter(pk=consultation.pk).update(deadline=start + timedelta(days=4))
    for username, text in COMMENTS:
        workflow.answer(consultation, people[username], body=text, section=first)
    clock.set(_at(start + timedelta(days=3), 10))
    workflow.decline(consultation, people["phochutich1"], "Nhất trí với dự thảo.")
    clock.set(_at(start + timedelta(days=3), 11))
    for index, comment in enumerate(draft.comments.all()):
        if index == 0:
            workflow.resolve_comment(comment, people["tonghop"], "accepted",
                                     "Đã bổ sung tại mục I, đoạn 2.")
        else:
            workflow.resolve_comment(comment, people["tonghop"], "declined",
                                     "Nội dung đã có trong báo cáo chuyên đề của Công an "
                                     f"{examples.current().level}.")
    workflow.act(draft, "resolve", people["tonghop"])
    clock.set(_at(start + timedelta(days=4), 9))
    workflow.act(draft, "sign", people["chanhvanphong"], password=DEMO_PASSWORD,
                 unsent_reason=why)
    issued_on = start + timedelta(days=4)
    clock.set(_at(issued_on, 15))
    register, _c = OutgoingRegister.objects.get_or_create(
        committee=draft.lead_unit.committee(), year=issued_on.year, kind=DocumentKind.REPORT)
    others = 9 * period.index + 3  # the reports the committee issued on other matters
    if register.last_number < others:
        OutgoingRegister.objects.filter(pk=register.pk).update(last_number=others)
    recipients = list(Recipient.objects.filter(committee=draft.lead_unit.committee(),
                                               by_default=True))
    workflow.act(draft, "issue", people["vanthu"], recipients=recipients, issued_on=issued_on,
                 unsent_reason=why)
    clock.set(_at(issued_on + timedelta(days=1), 8, 30))
    Document.objects.filter(draft=draft).update(issued_at=_at(issued_on + timedelta(days=1), 8,
                                                              30))
    Email.objects.filter(pk__in=Distribution.objects.filter(document__draft=draft).values(
        "message")).update(state=Email.State.SENT, sent_at=_at(issued_on + timedelta(days=1),
                                                                  8, 31))
    return draft


def _walk_letter(rnd, people):
    """The round's request letter: drafted when the round opened, signed by the office head,
    numbered from the letters' register and issued to the units the same day."""
    letter = getattr(rnd.request, "letter_draft", None)
    if letter is None or letter.state == Draft.State.ISSUED:
        return None
    opened = timezone.localtime(rnd.opened_at)
    day = min(opened.date(), timezone.localdate())
    clock = _Clock(letter)
    Draft.objects.filter(pk=letter.pk).update(created_at=_at(day, 8))
    clock.set(_at(day, 8))
    workflow.act(letter, "submit", people["tonghop"])
    clock.set(_at(day, 8, 30))
    workflow.act(letter, "sign", people["chanhvanphong"], password=DEMO_PASSWORD)
    clock.set(_at(day, 9, 30))
    register, _c = OutgoingRegister.objects.get_or_create(
        committee=letter.lead_unit.committee(), year=day.year, kind=DocumentKind.LETTER)
    others = 37 * rnd.period_obj.index + 5  # the letters the committee sent on other matters
    if register.last_number < others:
        OutgoingRegister.objects.filter(pk=register.pk).update(last_number=others)
    workflow.act(letter, "issue", people["vanthu"], issued_on=day)
    clock.set(_at(day, 10))
    Document.objects.filter(draft=letter).update(issued_at=_at(day, 10))
    Email.objects.filter(pk__in=Distribution.objects.filter(document__draft=letter).values(
        "message")).update(state=Email.State.SENT, sent_at=_at(day, 10, 1))
    return letter


def load_drafts() -> list:
    """Each round's request letter issued; issued monthly reports of past months, and last
    month's in review."""
    committee = access.committee()
    if committee is None:
        return []
    rounds = list(Round.objects.filter(form__code="BC-THANG").order_by("period_end"))
    if not rounds or Draft.objects.filter(round__in=rounds).exists():
        return []
    people = {u.username: u for u in User.objects.filter(username__in=[
        "tonghop", "chanhvanphong", "vanthu", "chutich", "phochutich1", "uyvien.congan"])}
    past = rounds[:-1]  # the last round is this month's, still collecting
    started = timezone.now()
    with transaction.atomic():
        for rnd in rounds:
            _walk_letter(rnd, people)
        for number, rnd in enumerate(past, start=1):
            current = _walk(rnd, people, number, issue=rnd is not past[-1])
        # What reached people about past months is long read; the draft in review and this
        # month's request are not.
        from django.urls import reverse

        unread = [current.get_absolute_url()] + [
            reverse("collection:submission", args=[pk])
            for pk in rounds[-1].submissions.values_list("pk", flat=True)]
        Notification.objects.filter(created_at__gte=started).exclude(url__in=unread).update(
            read_at=timezone.now())
    return []
