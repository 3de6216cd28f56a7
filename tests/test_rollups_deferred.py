"""Deferred rollups (BAOCAO_ROLLUPS_DEFERRED, the default): a save notes its change in its own
transaction and does not touch the units above it; the worker drains the notes after the
commit, many at once; a consolidation drains what is left before reading, so its figures are
always exact; under concurrent saves the drained rollups equal a full recomputation."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from baocao.catalogue.periods import parse
from baocao.collection.models import DataValue
from baocao.consolidation import rollups
from baocao.consolidation.engine import QUANTITIES, consolidate
from baocao.consolidation.models import Rollup, RollupChange

from .test_consolidation import world  # noqa: F401  (the fixture)


def _top_rollup(world, month=9):  # noqa: F811
    return Rollup.objects.filter(indicator=world["F"], unit=world["C"], year=2026,
                                 month=month).values_list("m_sum", flat=True).first()


def _save(world, unit="W1A", month=9, value=1009):  # noqa: F811
    row = DataValue.objects.get(indicator=world["F"], unit=world[unit],
                                period=f"2026-{month:02d}")
    row.value = Decimal(value)
    row.save()


def test_a_save_notes_its_change_and_leaves_the_units_above_alone(world, settings):  # noqa: F811
    settings.BAOCAO_ROLLUPS_DEFERRED = True
    rollups.rebuild()
    before = _top_rollup(world)
    _save(world)
    assert _top_rollup(world) == before  # not recomputed in the writer's transaction
    [change] = RollupChange.objects.all()
    assert (change.kind, change.indicator_id, change.unit_id, change.year) == (
        "values", world["F"].pk, world["W1A"].pk, 2026)


def test_a_consolidation_drains_what_is_noted_before_it_reads(world, settings):  # noqa: F811
    settings.BAOCAO_ROLLUPS_DEFERRED = True
    rollups.rebuild()
    _save(world)
    figures = consolidate([world["F"]], parse("2026-09"), world["C"])[0]
    live = consolidate([world["F"]], parse("2026-09"), world["C"], use_rollups=False)[0]
    assert figures["actual"] == live["actual"] == Decimal(90 + 1009)
    assert figures["year_to_date"] == live["year_to_date"]
    assert not RollupChange.objects.exists()
    assert _top_rollup(world) == Decimal(90 + 1009)


def test_the_worker_drains_after_the_commit(world, settings,  # noqa: F811
                                            django_capture_on_commit_callbacks):
    settings.BAOCAO_ROLLUPS_DEFERRED = True
    rollups.rebuild()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _save(world)
    assert callbacks  # the worker woken (the test's queue runs jobs at once)
    assert not RollupChange.objects.exists()
    assert _top_rollup(world) == Decimal(90 + 1009)
    assert rollups.check() == []


def test_many_changes_are_drained_in_one_recomputation(world, settings,  # noqa: F811
                                                       django_assert_max_num_queries):
    settings.BAOCAO_ROLLUPS_DEFERRED = True
    rollups.rebuild()
    for month in range(1, 10):
        _save(world, month=month, value=100 + month)
    assert RollupChange.objects.count() == 9
    with django_assert_max_num_queries(16):  # one recomputation, not nine (36 and more)
        assert rollups.drain() == 9
    assert rollups.check() == []


def test_turned_off_the_writer_recomputes_in_its_transaction(world, settings):  # noqa: F811
    settings.BAOCAO_ROLLUPS_DEFERRED = False
    rollups.rebuild()
    _save(world)
    assert _top_rollup(world) == Decimal(90 + 1009)
    assert not RollupChange.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_drain_to_a_full_recomputation(world, settings):  # noqa: F811
    """Eight writers at once, each saving in its own transactions, each commit waking a drain
    (the test's queue runs it at once, in the writer's thread): every drain takes the lock in
    turn, and the rollups end equal to a recomputation from scratch."""
    if connection.vendor != "postgresql":
        pytest.skip("threads need PostgreSQL")
    settings.BAOCAO_ROLLUPS_DEFERRED = True
    rollups.rebuild()
    units = ["W1", "W1A", "W2"]
    errors, barrier = [], threading.Barrier(8)

    def writer(n):
        try:
            barrier.wait()
            for k in range(6):
                with transaction.atomic():
                    _save(world, unit=units[(n + k) % 3], month=1 + (n + k) % 6,
                          value=1000 * n + k)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert not RollupChange.objects.exists()  # every commit's drain caught up
    assert rollups.check() == []
    for text in ("2026-01", "2026-06", "2026-Q2", "2026"):
        stored = consolidate([world["F"]], parse(text), world["C"])[0]
        live = consolidate([world["F"]], parse(text), world["C"], use_rollups=False)[0]
        for quantity in QUANTITIES:
            assert stored[quantity] == live[quantity], (text, quantity)
