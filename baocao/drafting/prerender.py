"""No wait at signing: the PDF a signer will sign is rendered in the background as soon as a
draft's version is saved (or the draft reaches a step where it is signed), once for each person
who may sign it there, and kept under the hash of its HTML (documents.render.final_pdf).  Signing
and issuing then find it ready: they render nothing while the draft's row is locked.

The preview the reviewers open ("DỰ THẢO", documents.render.cached_pdf) is rendered the same
way.  A draft that moved on, or whose text changed since, simply renders anew: the key is the
text itself.
"""

from copy import copy

from django.conf import settings

from baocao.catalogue.models import Action

from .models import Draft


def signing_steps(draft: Draft):
    """The steps of the draft's workflow where it is signed."""
    return [step for step in draft.regime.steps.order_by("order")
            if step.transitions.filter(action=Action.SIGN).exists()]


def prerender(draft_id: int) -> int:
    """Render (or find rendered) the draft's preview and the final PDF of each possible signer;
    the number of PDFs rendered or found."""
    from baocao.documents import render, structure

    from . import workflow

    draft = Draft.objects.select_related("regime", "step", "lead_unit").filter(
        pk=draft_id).first()
    if draft is None or draft.state != Draft.State.OPEN or draft.latest_version() is None:
        return 0
    render.cached_pdf(structure.of_draft(draft))
    count = 1
    if not settings.BAOCAO_DIGITAL_SIGNATURES:
        return count
    for step in signing_steps(draft):
        probe = copy(draft)
        probe.step = step
        for user in workflow.actors(probe, step):
            render.final_pdf(workflow.final_report(probe, user))
            count += 1
    return count
