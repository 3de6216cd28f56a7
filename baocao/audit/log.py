"""Writing and verifying the audit chain.

    record("orgunit.create", unit, details={...})

Call it inside the transaction that makes the change, so both are committed or neither is.
The actor and client address default to the current request's (set by AuditContextMiddleware).
"""

import contextvars
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GENESIS_HASH, Event

# The request being answered, so that domain functions need not pass it down.
current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)

# Any constant: the key of the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 7_302_615


def _jsonable(value):
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def canonical(event: Event) -> str:
    payload = {
        "seq": event.seq,
        "time": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "details": event.details,
        "ip": event.ip,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(prev_hash: str, event: Event) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()


def _from_request():
    request = current_request.get()
    if request is None:
        return None, None
    from baocao.lib.net import client_ip

    user = getattr(request, "user", None)
    actor = user if getattr(user, "is_authenticated", False) else None
    return actor, client_ip(request)


_UNSET = object()


def record(action: str, obj=None, *, actor=_UNSET, details=None, ip=_UNSET) -> Event:
    """Append one event to the chain, in the caller's transaction."""
    request_actor, request_ip = _from_request()
    actor = request_actor if actor is _UNSET else actor
    ip = request_ip if ip is _UNSET else ip
    # No savepoint of its own inside the caller's transaction (two statements fewer on every
    # audited write): an event that fails to be written fails the whole action it records.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = Event.objects.order_by("-seq").only("seq", "hash").first()
        event = Event(
            seq=(last.seq + 1) if last else 1,
            created_at=timezone.now(),
            actor=actor,
            actor_name=(actor.get_username() if actor else ""),
            action=action,
            details=_jsonable(details or {}),
            ip=ip or None,
            prev_hash=last.hash if last else GENESIS_HASH,
        )
        if obj is not None:
            event.object_type = obj._meta.label_lower
            event.object_id = str(obj.pk)
            event.object_repr = str(obj)[:255]
        event.hash = compute_hash(event.prev_hash, event)
        event.save(force_insert=True)
    return event


@dataclass
class Verdict:
    ok: bool
    checked: int
    head: Event | None = None
    bad: Event | None = None
    reason: str = ""


def verify() -> Verdict:
    """Walk the chain in order; the first event that does not fit is named."""
    expected_seq, prev_hash, checked, last = 1, GENESIS_HASH, 0, None
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                reason = _("event(s) #%(first)d–#%(last)d before it are missing") % {
                    "first": expected_seq, "last": event.seq - 1}
            else:
                reason = _("it is out of order (expected #%(seq)d)") % {"seq": expected_seq}
            return Verdict(False, checked, last, event, reason)
        if event.prev_hash != prev_hash:
            reason = _("it does not link to the event before it")
            return Verdict(False, checked, last, event, reason)
        if compute_hash(prev_hash, event) != event.hash:
            return Verdict(False, checked, last, event, _("its content was changed"))
        prev_hash, expected_seq, last = event.hash, expected_seq + 1, event
        checked += 1
    return Verdict(True, checked, last)


def model_changes(obj, fields) -> dict:
    """{field: [old, new]} for the fields whose stored value differs from obj's (before saving)."""
    if obj.pk is None:
        return {}
    stored = type(obj).objects.filter(pk=obj.pk).values(*fields).first() or {}
    changes = {}
    for field in fields:
        new = getattr(obj, obj._meta.get_field(field).attname)
        if stored.get(field) != new:
            changes[field] = [stored.get(field), new]
    return changes


def save_and_record(obj, *, fields=None, via: str = "", **details):
    """Save a model instance and put its creation or change on the record, in one transaction.

    The one place where administration, imports and the demo write units, users and memberships.
    Returns the action recorded, or None when nothing changed.
    """
    label = obj._meta.model_name
    fields = fields or getattr(obj, "audit_fields", None) or [
        f.name for f in obj._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in {"password", "last_login"}
    ]
    with transaction.atomic():
        creating = obj.pk is None
        changes = {} if creating else model_changes(obj, fields)
        if not creating and not changes:
            return None
        obj.save()
        action = f"{label}.create" if creating else f"{label}.update"
        payload = {"via": via, **details} if via else dict(details)
        if creating:
            payload["values"] = {f: getattr(obj, obj._meta.get_field(f).attname) for f in fields}
        else:
            payload["changes"] = changes
        record(action, obj, details=payload)
    return action


def delete_and_record(obj, *, via: str = "") -> None:
    with transaction.atomic():
        label, pk, text = obj._meta.model_name, obj.pk, str(obj)
        obj.delete()
        record(f"{label}.delete", details={"via": via, "id": pk, "object": text})
