"""Gates with reasons, not silence: a draft whose figures leave out units that have not sent
their report says so before it is built, submitted, signed or issued, by name, and goes on only
with a reason, kept in the draft's log and the audit event.  The draft keeps the units its
figures do not count (`Draft.not_counted`, as they were when it was built: its figures are those
of that moment) and its appendices say so."""

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

from baocao.catalogue.models import Action
from baocao.collection.models import Submission

SENT = (Submission.State.SENT, Submission.State.RECEIVED)
# The actions that ask for the reason when the figures leave units out.
GATED = frozenset({Action.SUBMIT, Action.SIGN, Action.ISSUE})
FIELD = "unsent_reason"


def not_sent(rnd) -> list[dict]:
    """The round's expected units whose report is not sent (or was returned since):
    [{"code", "name"}] in tree order."""
    if rnd is None:
        return []
    return [{"code": s.unit.code, "name": s.unit.name} for s in rnd.submissions.exclude(
        state__in=SENT).select_related("unit").order_by("unit__path")]


def names(entries) -> str:
    return ", ".join(e["name"] for e in entries)


def require_reason(entries, reason: str, doing: str) -> dict:
    """Refused (at the field `unsent_reason`) when units are left out and no reason is given;
    otherwise the details to log."""
    if not entries:
        return {}
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({FIELD: _(
            "%(n)d unit(s) have not sent their report and are not counted in the figures: "
            "%(units)s. To %(doing)s anyway, say why.") % {
            "n": len(entries), "units": names(entries), "doing": doing}})
    return {"not_counted": [e["code"] for e in entries], "unsent_reason": reason[:1000]}


def doing(action: str) -> str:
    return {Action.SUBMIT: _("submit the draft"), Action.SIGN: _("sign"),
            Action.ISSUE: _("issue the report"), "build": _("build the draft")}.get(action, "")


def appendix_note(entries, expected: int) -> str:
    """The line under the appendix tables: whose figures are not counted."""
    if not entries:
        return ""
    return (f"<p><em>Ghi chú: số liệu tổng hợp từ báo cáo đã gửi của {expected - len(entries)}/"
            f"{expected} đơn vị; chưa tính số liệu của {len(entries)} đơn vị chưa gửi báo cáo: "
            f"{escape(names(entries))}.</em></p>")
