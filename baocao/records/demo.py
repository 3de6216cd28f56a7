"""The records demo: every state of a dossier there to see.

- The past months' monthly reports, issued by the drafting demo, are filed by the clerk (the
  workflow's last step, through the same function as the page), on the day after their issue.
- Older years, from before baocao (the paper registers, entered as dossiers with the reason
  why their items are not here): the year before last's and the one before's handed over to the
  committee's archive with their transfer records; two monthly dossiers of seven years ago past
  retention (five years for monthly reports), one of them disposed of on the chairman's
  decision with its record of disposal, the other waiting on "Việc cần làm".
- One dossier of the year before last left at the office, due for transfer.

Dates are the demo's (counted back from today); loading twice changes nothing.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from baocao.catalogue.models import ReportForm
from baocao.catalogue.periods import HALF_YEAR, MONTH, YEAR, Period
from baocao.drafting.models import StepLog
from baocao.organisation import access
from baocao.organisation.models import User

from . import builtin, custody, filing, landing, retention
from .models import Dossier, DossierItem, RetentionRule, services

PAPER = ("Hồ sơ giấy lập trước khi dùng phần mềm: các văn bản lưu bản giấy tại Văn phòng "
         "HĐND và UBND, mục lục nhập lại từ sổ đăng ký văn bản đi")


def _at(day: date, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour)))


# Where each kind of item's thing keeps the time it happened (demo history moves those times
# after the actions, and so after their items landed).
_WHEN = {DossierItem.Kind.RESOLUTION: "resolved_at", DossierItem.Kind.DOCUMENT: "issued_at",
         DossierItem.Kind.REQUEST_LETTER: "issued_at"}


def _redate(dossier) -> None:
    """Each item of the drafting dated as its thing now is (the demo's history, set back to
    past days)."""
    K = DossierItem.Kind
    for item in dossier.items.exclude(content_type=None).exclude(kind__in=[
            # dated from the round's and the units' own (demo) times already, or at filing
            K.FORM_VERSION, K.REQUEST, K.UNIT_REPORT, K.PAPER_SCAN, K.RETURN, K.DISTRIBUTION,
            K.QUALITY_RECORD]):
        thing = item.thing
        if thing is None:
            continue
        when = getattr(thing, _WHEN.get(item.kind, ""), None) or next(
            (getattr(thing, a) for a in ("at", "created_at", "sent_at", "opened_at")
             if getattr(thing, a, None)), None)
        if when is not None and when != item.at:
            DossierItem.objects.filter(pk=item.pk).update(at=when)


def _file_issued_months(clerk) -> int:
    """The past months' dossiers, filed the day after their report was issued."""
    filed = 0
    for dossier in filing.to_file(clerk):
        landing.gather(dossier)
        _redate(dossier)
        missing = filing.missing_of(dossier)
        reason = ""
        if missing:
            reason = "Đơn vị chưa gửi báo cáo trong kỳ; đã tổng hợp theo số liệu ước tính."
        draft = filing.report_draft(dossier)
        started = timezone.now()
        filing.file(dossier, clerk, reason=reason, seen_step=draft.step_id if draft else None)
        document = getattr(draft, "document", None)
        day = timezone.localdate(document.issued_at) + timedelta(days=1) if document else None
        if day is not None and day < timezone.localdate():
            with services():
                Dossier.objects.filter(pk=dossier.pk).update(filed_at=_at(day, 9))
            # what filing itself filed (the distribution) on that day too
            DossierItem.objects.filter(dossier=dossier, at__gte=started).update(at=_at(day, 9))
            StepLog.objects.filter(draft=draft, at__gte=started).update(at=_at(day, 9))
        filed += 1
    return filed


def _paper_dossier(form, keeper, clerk, period: Period, number: int) -> Dossier:
    """A dossier of the paper era: its report (number, date) and the reason its items are
    not in baocao; filed at the end of its year."""
    code = f"{period.end.year}.{form.code}.{period}"
    found = Dossier.objects.filter(code=code).first()
    if found is not None:
        return found
    names = {MONTH: "Báo cáo tháng", HALF_YEAR: "Báo cáo 6 tháng", YEAR: "Báo cáo năm"}
    kind = {MONTH: "periodic_report", HALF_YEAR: "half_year_report", YEAR: "annual_report"}
    issued = min(period.end + timedelta(days=5), date(period.end.year, 12, 31))
    dossier = Dossier.objects.create(
        regime=form.regime, unit=keeper, code=code,
        title=f"Hồ sơ {names[period.kind].lower()} kết quả thực hiện nhiệm vụ kinh tế - xã "
              f"hội, an ninh - quốc phòng · {period.label()}",
        period=str(period), period_start=period.start, period_end=period.end,
        record_kind=kind[period.kind], opened_at=_at(period.start, 8))
    reference, label = f"{number:02d}/BC-UBND", period.label()  # "Báo cáo tháng 11/2019"
    landing.add(dossier, DossierItem.Kind.DOCUMENT, at=_at(issued, 15), number=reference,
                title=f"{reference}: Báo cáo {label[:1].lower()}{label[1:]} (bản giấy)",
                content={"reference": reference, "issued_on": issued, "copy": "bản giấy",
                         "kept_at": keeper.name})
    with transaction.atomic():
        filing._file(dossier, clerk, PAPER, now=_at(date(period.end.year, 12, 31), 16))
    return Dossier.objects.get(pk=dossier.pk)


def load_records() -> list:
    """Past months filed; two older years transferred; one dossier disposed of."""
    committee = access.committee()
    form = ReportForm.objects.filter(code="BC-THANG").select_related("regime").first()
    clerk = User.objects.filter(username="vanthu").first()
    if committee is None or form is None or clerk is None:
        return []
    if Dossier.objects.exclude(state=Dossier.State.OPEN).exists():
        return []
    keeper = committee.office() or committee
    today = timezone.localdate()
    year = today.year
    with transaction.atomic():
        builtin.load(RetentionRule)  # as the migration left it (a flushed database has none)
        _file_issued_months(clerk)
        old, before_last, last_but_two = year - 7, year - 2, year - 3
        disposable = [_paper_dossier(form, keeper, clerk, Period(MONTH, old, m), n)
                      for m, n in ((11, 148), (12, 161))]
        kept = {y: [_paper_dossier(form, keeper, clerk, Period(kind, y, index), n)
                    for kind, index, n in ((HALF_YEAR, 1, 87), (MONTH, 11, 152),
                                           (MONTH, 12, 166), (YEAR, y, 171))]
                for y in (last_but_two, before_last)}
        # The old year went to the archive long ago; then the year before last's but one, and
        # this year the year before last's, but for its December report, still due.
        archivist = "Nguyễn Thị Lan, viên chức lưu trữ, Lưu trữ cơ quan UBND"
        custody.transfer(disposable, clerk, number="01/BB-GN", received_by=archivist,
                         transferred_on=date(old + 2, 3, 15))
        for y, number in ((last_but_two, "01/BB-GN"), (before_last, "02/BB-GN")):
            handed = [d for d in kept[y] if not (y == before_last and d.period == f"{y}-12")]
            custody.transfer(handed, clerk, number=number, received_by=archivist,
                             transferred_on=min(date(y + 2, 3, 20), today))
        chairman = User.objects.filter(username="chutich").first()
        custody.dispose(
            disposable[:1], clerk, number="15/QĐ-UBND", decided_on=today - timedelta(days=20),
            decided_by=f"{chairman.display_name if chairman else 'Chủ tịch UBND'}, Chủ tịch UBND",
            grounds="Hết thời hạn bảo quản 05 năm theo Thông tư 10/2022/TT-BNV; Hội đồng xác "
                    "định giá trị tài liệu đề nghị hủy",
            carried_out_on=today - timedelta(days=12),
            witnesses="Chánh Văn phòng HĐND và UBND; viên chức lưu trữ")
        retention.mark_due(today)
    return []
