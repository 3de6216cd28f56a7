"""Signing with a USB token that stays with the signer (ký số bằng USB token qua phần mềm ký).

The official's key never leaves their token, and their token never reaches the server; a
signing agent on their computer (the provider's "plugin ký số", or scripts/signing_agent.py)
talks to it.  The signature takes three steps:

1. `start`: the signer asks to sign.  The checks of the workflow's `sign` action are made, the
   final PDF is rendered with its number and date fields and the signer's stamp, and the bytes
   the token must sign (the CMS signed attributes, whose message digest is the PDF's SHA-256)
   are kept with a one-time token: the address the agent answers to.
2. The agent fetches `payload` (what to sign, with which algorithm, for which certificate), has
   the token sign it after the PIN, and sends the signature value back.
3. `complete`: the value is checked against the signer's certificate, the PDF finished, and the
   workflow's `sign` action taken with it, in one transaction.  A value that does not verify
   changes nothing (five such answers cancel the request); so does an answer after the draft
   changed, moved on, or the request expired.

The address alone gives nothing away but the bytes to sign, and nobody but the token's holder
can answer it with a value that verifies.
"""

import base64
import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.audit.log import record
from baocao.catalogue.models import Action

from . import gates, workflow
from .models import Draft, RemoteSignature
from .workflow import WorkflowError

LIFETIME = timedelta(minutes=15)
MAX_ATTEMPTS = 5


def start(draft: Draft, actor, *, authority: str | None = None,
          seen_step: int | None = None, unsent_reason: str = "") -> RemoteSignature:
    """Prepare the signer's PDF and the bytes their token signs."""
    from django.conf import settings

    from baocao.documents import images, keys, render, signing

    if not settings.BAOCAO_DIGITAL_SIGNATURES:
        raise WorkflowError(_("Digital signatures are turned off here: sign with the button "
                              "of the draft."))
    # The PDF is rendered (or found rendered) before the draft's row is locked.
    workflow.check(draft, Action.SIGN, actor, seen_step)
    render.final_pdf(workflow.final_report(draft, actor, authority))
    with transaction.atomic():
        draft = workflow.locked(draft)
        workflow.check(draft, Action.SIGN, actor, seen_step)
        gates.require_reason(draft.not_counted, unsent_reason, gates.doing(Action.SIGN))
        key = keys.key_for(actor)
        if key is None or key.backend != key.Backend.AGENT:
            raise WorkflowError(_("Your signing key is not on a USB token with you: sign with "
                                  "your key's password instead."))
        now = timezone.now()
        for older in draft.remote_signatures.select_for_update().filter(
                user=actor, state=RemoteSignature.State.PENDING):
            _finish(older, RemoteSignature.State.CANCELLED, why="newer")
        workflow.apply_signature_block(draft, actor, authority)  # saved at completion
        report = workflow.final_report(draft, actor, authority)
        code = draft.verification_code
        state, to_sign = signing.prepare_remote(
            report, key, signer_name=actor.display_name, position=report.signer_position,
            image=images.signature_image_for(actor), prepared=render.final_pdf(report))
        pending = state.as_dict()
        prepared = base64.b64decode(pending.pop("output"))
        remote = RemoteSignature.objects.create(
            draft=draft, user=actor, key=key, step=draft.step,
            version=draft.latest_version().number, authority=authority or "",
            verification_code=code, token=secrets.token_urlsafe(32), to_sign=to_sign,
            prepared_pdf=prepared, pending=pending, created_at=now, expires_at=now + LIFETIME,
            unsent_reason=(unsent_reason or "").strip())
        record("draft.remote_sign_start", draft, actor=actor, details={
            "remote": remote.pk, "version": remote.version, "key": key.fingerprint[:16],
            "expires_at": remote.expires_at.isoformat()})
    return remote


def payload(remote: RemoteSignature, base_url: str = "") -> dict:
    """What the signing agent reads: the bytes to sign and how to sign them."""
    key = remote.key
    algorithm = "ecdsa" if _is_ec(key.certificate) else "rsa"
    return {
        "format": "baocao-remote-signature/1",
        "state": remote.current_state,
        "document": {"title": remote.draft.title, "version": remote.version},
        "signer": remote.user.display_name,
        "certificate_sha256": key.fingerprint,
        "digest_algorithm": "sha256",
        "signature_algorithm": f"sha256_{algorithm}",
        "pkcs11_mechanism": "CKM_ECDSA_SHA256" if algorithm == "ecdsa" else
        "CKM_SHA256_RSA_PKCS",
        "to_sign": base64.b64encode(bytes(remote.to_sign)).decode(),
        "document_sha256": remote.pending.get("document_digest", ""),
        "expires_at": remote.expires_at.isoformat(),
        "answer_to": base_url + reverse("drafting:remote_agent", args=[remote.token]),
    }


def _is_ec(certificate_pem: str) -> bool:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

    public = x509.load_pem_x509_certificate(certificate_pem.encode()).public_key()
    return isinstance(public, ec.EllipticCurvePublicKey)


def complete(remote: RemoteSignature, value: bytes) -> Draft:
    """Finish the PDF with the token's signature value and take the `sign` action with it.
    A refusal keeps its own bookkeeping (the wrong answers counted, the request closed)."""
    from baocao.documents import pkcs11

    refusal = None
    with transaction.atomic():
        remote = RemoteSignature.objects.select_for_update().get(pk=remote.pk)
        if not remote.is_open:
            if remote.state == RemoteSignature.State.PENDING:
                _finish(remote, RemoteSignature.State.EXPIRED)
            refusal = _("This signing request is no longer open (%(state)s): ask to sign "
                        "again.") % {"state": remote.current_state_label}
        elif not pkcs11.check_value(remote.key.certificate, bytes(remote.to_sign), value):
            remote.attempts += 1
            if remote.attempts >= MAX_ATTEMPTS:
                _finish(remote, RemoteSignature.State.CANCELLED, why="attempts")
            else:
                remote.save(update_fields=["attempts"])
            refusal = _("The signature sent back does not match your certificate: check that "
                        "the right USB token is plugged in, then try again.")
        else:
            draft = workflow.locked(remote.draft)
            version = draft.latest_version().number
            try:
                workflow.check(draft, Action.SIGN, remote.user, remote.step_id)
            except WorkflowError as error:
                _finish(remote, RemoteSignature.State.CANCELLED, why="moved")
                refusal = error.messages[0]
            if refusal is None and version != remote.version:
                _finish(remote, RemoteSignature.State.CANCELLED, why="changed")
                refusal = _("The draft changed after you asked to sign (it is now at version "
                            "%(v)d): ask to sign again.") % {"v": version}
            if refusal is None:
                state = pkcs11.PendingSignature(
                    output=base64.b64encode(bytes(remote.prepared_pdf)).decode(),
                    **remote.pending)
                signed = pkcs11.complete_external(state, value)
                workflow.act(draft, Action.SIGN, remote.user, seen_step=remote.step_id,
                             authority=remote.authority or None, remote=remote,
                             signed_pdf=signed, unsent_reason=remote.unsent_reason)
                _finish(remote, RemoteSignature.State.COMPLETED)
    if refusal:
        raise WorkflowError(refusal)
    return draft


def _finish(remote: RemoteSignature, state: str, why: str = "") -> None:
    remote.state, remote.finished_at, remote.prepared_pdf = state, timezone.now(), b""
    remote.save(update_fields=["state", "finished_at", "prepared_pdf", "attempts"])
    record(f"draft.remote_sign_{state}", remote.draft, actor=remote.user,
           details={"remote": remote.pk, "why": why, "attempts": remote.attempts})


def cancel(remote: RemoteSignature, actor) -> None:
    with transaction.atomic():
        remote = RemoteSignature.objects.select_for_update().get(pk=remote.pk)
        if remote.state == RemoteSignature.State.PENDING:
            _finish(remote, RemoteSignature.State.CANCELLED, why="signer")


def open_for(draft: Draft, user) -> RemoteSignature | None:
    found = draft.remote_signatures.filter(user=user, state=RemoteSignature.State.PENDING).first()
    return found if found is not None and found.is_open else None


def expire() -> int:
    """Close the signing requests past their time that no agent answered (the daily job)."""
    count = 0
    for found in RemoteSignature.objects.filter(state=RemoteSignature.State.PENDING,
                                                expires_at__lte=timezone.now()):
        with transaction.atomic():
            found = RemoteSignature.objects.select_for_update().get(pk=found.pk)
            if found.state == RemoteSignature.State.PENDING:
                _finish(found, RemoteSignature.State.EXPIRED)
                count += 1
    return count
