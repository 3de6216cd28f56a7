"""A history in sentences: each audit action as what a person reads ("Nguyễn Thị Lan (Chuyên viên
tổng hợp, Văn phòng HĐND và UBND) đã gửi báo cáo"), never `submission.send` and a login name.

One table, `DONE`: action → what was done (a message of the catalogue).  The actions written by
`save_and_record` and the administration pages (`<model>.create`, `.update`, `.delete`,
`.import`) read through `GENERIC` with the model's own name.  tests/test_audit_sentences.py walks
every `record()` call of the code and fails on an action left out here.
"""

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DONE = {
    # signing in
    "auth.login": _("signed in"),
    "auth.logout": _("signed out"),
    "auth.login_failed": _("failed to sign in (wrong password)"),
    "auth.locked_out": _("was locked out after repeated failed sign-ins"),
    "auth.second_factor": _("passed the second factor"),
    "auth.second_factor_failed": _("typed a wrong second-factor code"),
    "auth.second_factor_throttled": _("was held back after too many second-factor codes"),
    "user.password_change": _("changed their password"),
    "user.password_set": _("set a user's password"),
    "user.second_factor_enrol": _("set up their second factor"),
    "user.second_factor_recovery_codes": _("made new recovery codes"),
    "user.second_factor_reset": _("reset a user's second factor"),
    "apitoken.create": _("made an API token"),
    "apitoken.revoke": _("revoked an API token"),
    # the catalogue
    "formversion.create": _("made a new version of the form"),
    "formversion.approve": _("approved the form version"),
    "formversion.use": _("put the form version in use"),
    # collection
    "round.open": _("opened the reporting round and told the units"),
    "round.close": _("closed the reporting round"),
    "round.receive_selected": _("received the selected units' reports"),
    "round.remind_selected": _("reminded the selected units of their reports"),
    "round.extend_selected": _("extended the selected units' deadlines"),
    "reportrequest.letter_issued": _("issued the request letter"),
    "attachment.create": _("attached a file"),
    "datavalue.save": _("saved a figure"),
    "datavalue.comment": _("explained a figure"),
    "datavalue.compute": _("let the system compute the figures from its registers"),
    "datavalue.import": _("imported figures"),
    "submissiontext.save": _("saved a text of the report"),
    "submission.ask_approval": _("asked the head to approve the report"),
    "submission.approve": _("approved the report"),
    "submission.send": _("sent the report"),
    "submission.receive": _("received the report"),
    "submission.return": _("returned the report for correction"),
    "submission.reopen": _("reopened the report for correction"),
    "submission.extend": _("extended the report's deadline"),
    "submission.remind": _("reminded the unit of its report"),
    "submission.copy_texts": _("copied last period's texts into the report"),
    "submission.paper_copy": _("recorded the signed paper copy"),
    "submission.upload": _("filled the report from an Excel file"),
    "submission.demo_history": _("wrote the report (demo history)"),
    "demo.history": _("loaded the demo's history"),
    "demo.values": _("loaded the demo's figures"),
    # drafting
    "adhocreport.create": _("ordered an ad hoc report"),
    "draft.create": _("made the draft"),
    "draft.section_save": _("edited a section of the draft"),
    "draft.recipients": _("chose the draft's recipients"),
    "draft.letter": _("wrote the letter asking for comments"),
    "draft.submit": _("submitted the draft for review"),
    "draft.approve": _("approved the draft"),
    "draft.return": _("returned the draft with a reason"),
    "draft.edit": _("edited the draft in place"),
    "draft.initial": _("initialled the draft"),
    "draft.consult": _("asked for comments on the draft"),
    "draft.comment": _("commented on the draft"),
    "draft.decline": _("declined to comment on the draft"),
    "draft.close": _("closed the consultation"),
    "draft.consultation_reminder": _("reminded those who had not yet commented"),
    "draft.resolve": _("took in the comments"),
    "draft.resolve_comment": _("answered a comment"),
    "draft.finish_comments": _("finished commenting on the draft"),
    "draft.sign": _("signed the report"),
    "draft.issue": _("issued the report"),
    "draft.distribute": _("distributed the report"),
    "draft.file": _("filed the report"),
    "draft.remote_sign_start": _("started signing with a USB token"),
    "draft.remote_sign_pending": _("is waiting for the signing agent"),
    "draft.remote_sign_completed": _("signed with a USB token"),
    "draft.remote_sign_cancelled": _("cancelled signing with a USB token"),
    "draft.remote_sign_expired": _("let signing with a USB token expire"),
    # documents
    "document.issue": _("numbered and issued the document"),
    "signatureimage.create": _("uploaded a signature image"),
    "email.retry": _("sent a failed e-mail again"),
    # records
    "dossier.file": _("filed the dossier"),
    "dossier.transfer": _("handed the dossier over to the archive"),
    "dossier.dispose": _("disposed of the dossier on its decision"),
    "dossier.hold": _("placed a legal hold on the dossier"),
    "dossier.hold_lift": _("lifted the legal hold on the dossier"),
    "records.due": _("marked the dossiers due for transfer or disposal"),
    # quality
    "qualityobjective.create": _("set a quality objective"),
    "qualityobjective.result": _("recorded a quality objective's result"),
    "qualityobjective.withdraw": _("withdrew a quality objective"),
    "documenterror.create": _("recorded an erroneous document"),
    "documenterror.correct": _("corrected an erroneous document"),
    "capa.open": _("opened a corrective action"),
    "capa.complete": _("completed a corrective action"),
    "capa.check": _("checked a corrective action's effect"),
    "capa.remind": _("reminded the person responsible for a corrective action"),
    "requestproblem.create": _("recorded a problem in handling a request"),
    "requestproblem.resolve": _("resolved a problem in handling a request"),
    "equipmentincident.create": _("recorded an equipment incident"),
    "equipmentincident.repair": _("recorded an equipment repair"),
    "complaint.create": _("recorded a complaint"),
    "complaint.explain": _("explained a complaint"),
    "complaint.remind": _("reminded the person who must answer a complaint"),
    "internalaudit.plan": _("planned an internal audit"),
    "internalaudit.complete": _("completed an internal audit"),
    "internalaudit.cancel": _("cancelled an internal audit"),
    "auditfinding.create": _("recorded an audit finding"),
    "workloadcount.save": _("recorded the documents handled"),
    "workloadcount.import": _("imported the documents handled"),
    "satisfactionsurvey.create": _("made a satisfaction survey"),
    "satisfactionsurvey.open": _("opened the satisfaction survey"),
    "satisfactionsurvey.close": _("closed the satisfaction survey"),
    "surveyquestion.create": _("added a survey question"),
    "surveyquestion.retire": _("retired a survey question"),
    "surveyresponse.create": _("answered the satisfaction survey"),
    "departmentreport.create": _("drafted the department's quality report"),
    "managementreview.create": _("wrote the management review"),
    "suggestion.submit": _("sent an improvement suggestion"),
    "suggestion.forward": _("forwarded the suggestion to the quality representative"),
    "suggestion.assign": _("assigned the suggestion"),
    "suggestion.decline": _("declined the suggestion"),
    "suggestion.report": _("reported what was done with the suggestion"),
    "suggestion.inform": _("told the author what became of the suggestion"),
    "suggestion.remind": _("reminded the person assigned the suggestion"),
}

# `<model>.create` … by save_and_record (imports, the demo) and the administration pages.
GENERIC = {
    "create": _("created %(what)s"),
    "update": _("changed %(what)s"),
    "delete": _("deleted %(what)s"),
    "import": _("imported %(what)s from a file"),
}


def _model_name(label: str) -> str:
    """The model's own name ("chỉ tiêu") for `indicator`, else the label itself."""
    for model in apps.get_models():
        if model._meta.model_name == label:
            return str(model._meta.verbose_name)
    return label


def done(action: str) -> str:
    """What was done, in words: "đã gửi báo cáo"."""
    if action in DONE:
        return str(DONE[action])
    label, _dot, verb = action.partition(".")
    if verb in GENERIC:
        return str(GENERIC[verb]) % {"what": _model_name(label)}
    return action


def known(action: str) -> bool:
    label, _dot, verb = action.partition(".")
    return action in DONE or verb in GENERIC


def people(events) -> dict:
    """Each actor's name with their position and unit: "Nguyễn Văn A (Chủ tịch, Quận Tây Hồ)"."""
    from baocao.organisation.models import Membership

    ids = {e.actor_id for e in events if e.actor_id}
    found: dict[int, str] = {}
    for m in Membership.objects.filter(user_id__in=ids).select_related("user", "unit").order_by(
            "user_id", "pk"):
        if m.user_id not in found:
            position = m.position or m.get_role_display()
            found[m.user_id] = f"{m.user.display_name} ({position}, {m.unit.name})"
    return found


def who(event, known_people: dict) -> str:
    if event.actor_id and event.actor_id in known_people:
        return known_people[event.actor_id]
    if event.actor_id and event.actor is not None:
        return event.actor.display_name
    return event.actor_name or gettext("The system")


def object_kind(object_type: str) -> str:
    """"organisation.user" → the model's name in the reader's language ("người dùng")."""
    if not object_type:
        return ""
    from django.apps import apps

    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def in_sentences(events) -> list:
    """The events, each given `.sentence` (who did what), `.done` (what) and `.object_kind`
    (what kind of thing it was done to, in words: "người dùng", not "organisation.user")."""
    events = list(events)
    found = people(events)
    for event in events:
        event.done = done(event.action)
        event.object_kind = object_kind(event.object_type)
        event.who = who(event, found)
        event.sentence = gettext("%(who)s %(done)s") % {"who": event.who, "done": event.done}
    return events
