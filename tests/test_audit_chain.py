"""The audit log is a hash chain: any altered, removed or inserted event is found and named."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from baocao.audit import log
from baocao.audit.models import Event


@pytest.fixture
def chain(users):
    assert not Event.objects.exists()
    return [log.record(f"test.step{i}", users["leader"], details={"i": i}) for i in range(5)]


def raw(sql, params=()):
    """Change the table behind the application's back, as someone with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")


def test_events_chain_to_the_one_before(chain):
    first = Event.objects.order_by("seq").first()
    assert first.prev_hash == "0" * 64
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.seq == before.seq + 1
    assert log.verify().ok


def test_the_command_says_the_chain_is_intact(chain, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert ": 5 " in out and chain[-1].hash in out


def test_changing_one_row_by_hand_is_found_and_named(chain):
    target = chain[2]
    raw("UPDATE audit_event SET details = %s WHERE id = %s", ['{"i": 99}', target.pk])
    verdict = log.verify()
    assert not verdict.ok and verdict.bad.pk == target.pk
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("audit", "verify")


def test_changing_the_actor_name_is_found(chain):
    target = chain[1]
    raw("UPDATE audit_event SET actor_name = 'someone' WHERE id = %s", [target.pk])
    assert log.verify().bad.pk == target.pk


def test_removing_an_event_is_found(chain):
    raw("DELETE FROM audit_event WHERE id = %s", [chain[2].pk])
    verdict = log.verify()
    assert not verdict.ok and verdict.bad.pk == chain[3].pk


def test_inserting_an_event_is_found(chain):
    # Renumber the later events to make room, then slip one in with a self-consistent hash.
    later = [e for e in chain if e.seq >= chain[3].seq]
    for event in sorted(later, key=lambda e: -e.seq):
        raw("UPDATE audit_event SET seq = seq + 1 WHERE id = %s", [event.pk])
    forged = Event(seq=chain[3].seq, created_at=chain[3].created_at, action="test.forged",
                   prev_hash=chain[2].hash, actor_name="")
    forged.hash = log.compute_hash(forged.prev_hash, forged)
    forged.save(force_insert=True)
    verdict = log.verify()
    assert not verdict.ok and verdict.bad.pk == chain[3].pk


def test_the_model_refuses_to_update_or_delete(chain):
    with pytest.raises(ValueError):
        chain[0].save()
    with pytest.raises(ValueError):
        chain[0].delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete(chain):
    for sql in ["UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert log.verify().ok


def test_the_actor_and_address_come_from_the_request(client_for, users):
    client = client_for("admin")
    client.post("/admin/organisation/orgunit/add/", {
        "code": "TAYHO-MOI", "name": "Phường Mới", "kind": "ward",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "sort_order": "0",
    }, REMOTE_ADDR="10.1.2.3")
    event = Event.objects.get(action="orgunit.create")
    assert event.actor == users["admin"] and event.ip == "10.1.2.3"
    assert event.object_repr == "Phường Mới"


def test_the_client_address_is_taken_through_the_configured_proxies(rf, settings):
    from baocao.lib.net import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "127.0.0.1"
    settings.BAOCAO_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
