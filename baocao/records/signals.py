"""Where the records app listens: every audit event (audit.Event saved, in the transaction of
the action it records) that makes an item of a cycle's dossier, and the workflow's filing step
(drafting.signals.draft_filing).  Connected in RecordsConfig.ready(); the lower apps do not
import records."""

from django.apps import apps
from django.db.models.signals import post_save


def _thing(event, label: str = ""):
    """The event's object, when it is a `label` ("app.model"; any model when empty)."""
    if not event.object_type or not event.object_id:
        return None
    if label and event.object_type != label:
        return None
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return None
    return model.objects.filter(pk=event.object_id).first()


def _step(event):
    from baocao.drafting.models import StepLog

    draft = _thing(event, "drafting.draft")
    if draft is None:
        return
    action = event.action.removeprefix("draft.")
    entry = StepLog.objects.filter(draft=draft, action=action).select_related(
        "actor", "from_step", "version").order_by("-pk").first()
    if entry is not None:
        from . import landing

        landing.file_step(draft, entry)


def _comment(event):
    from baocao.drafting.models import Comment

    from . import landing

    draft = _thing(event, "drafting.draft")
    if draft is None:
        return
    comment = Comment.objects.filter(draft=draft, author_id=event.actor_id).order_by(
        "-pk").first() if event.actor_id else None
    if comment is not None:
        landing.file_comment(comment)


def _resolution(event):
    from baocao.drafting.models import Comment

    from . import landing

    comment = Comment.objects.filter(pk=event.details.get("comment")).select_related(
        "draft").first()
    if comment is not None:
        landing.file_resolution(comment)


def _with(label: str, function):
    """A handler calling `function(thing, event)` when the event's object is a `label`."""
    def handler(event):
        thing = _thing(event, label)
        if thing is not None:
            function(thing, event)
    return handler


def _handlers():
    from . import landing

    sent, returned = landing.file_sent, landing.file_returned
    return {
        "round.open": _with("collection.round",
                            lambda rnd, e: landing.file_round_opened(rnd, e.actor)),
        "attachment.create": _with("collection.attachment",
                                   lambda a, e: landing.file_attachment(a)),
        "submission.send": _with("collection.submission", lambda s, e: sent(s, e.actor)),
        "submission.return": _with("collection.submission", lambda s, e: returned(s, e.actor)),
        "draft.create": _with("drafting.draft", lambda d, e: landing.file_figures(d, e.actor)
                              if d.round_id else None),
        "adhocreport.create": _with("drafting.adhocreport", lambda r, e: landing.file_order(r)),
        "document.issue": _with("documents.document",
                                lambda doc, e: landing.file_document(doc)),
        "draft.comment": _comment,
        "draft.resolve_comment": _resolution,
        **{f"draft.{action}": _step for action in landing.STEP_KINDS},
    }


HANDLERS: dict = {}


def on_event(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    if not HANDLERS:
        HANDLERS.update(_handlers())
    handler = HANDLERS.get(instance.action)
    if handler is not None:
        handler(instance)


def on_filing(sender, draft, actor, reason="", **kwargs):
    from . import filing

    return filing.file_for_draft(draft, actor, reason)


def connect():
    from baocao.audit.models import Event
    from baocao.drafting.hooks import draft_filing

    post_save.connect(on_event, sender=Event, dispatch_uid="records.on_event")
    draft_filing.connect(on_filing, dispatch_uid="records.on_filing")
