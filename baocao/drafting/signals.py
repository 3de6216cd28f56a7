"""What drafting does when others act: a round opened drafts its request letter
(collection.signals.round_opened), a request letter issued is sent to the round's units
(documents.signals.document_issued), and a saved version of a draft is rendered in the
background (drafting.prerender)."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from baocao.collection.signals import round_opened
from baocao.documents.signals import document_issued

from .models import Draft, DraftVersion


def schedule(draft_id: int) -> None:
    """Render the draft's PDFs in the background once the current transaction commits."""
    if not settings.BAOCAO_PRERENDER:
        return

    def enqueue():
        from .tasks import prerender_draft

        prerender_draft(draft_id)

    transaction.on_commit(enqueue)


@receiver(round_opened, dispatch_uid="drafting.letter_for_round")
def draft_the_request_letter(sender, round, actor, **kwargs):  # noqa: A002 - the signal's name
    from .letters import draft_letter

    return draft_letter(round, actor)


@receiver(document_issued, dispatch_uid="drafting.letter_issued")
def send_the_issued_letter(sender, document, draft, actor, **kwargs):
    if draft.report_request_id:
        from .letters import issued

        issued(draft, document, actor)


@receiver(post_save, sender=DraftVersion, dispatch_uid="drafting.prerender_version")
def render_the_saved_version(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        schedule(instance.draft_id)


@receiver(post_save, sender=Draft, dispatch_uid="drafting.prerender_step")
def render_at_the_signing_step(sender, instance, created, raw=False, update_fields=None,
                               **kwargs):
    """A draft reaching a step where it is signed (its signature block depends on the signer)."""
    if raw or created or (update_fields is not None and "step" not in update_fields):
        return
    if instance.state == Draft.State.OPEN and instance.step.transitions.filter(
            action="sign").exists():
        schedule(instance.pk)
