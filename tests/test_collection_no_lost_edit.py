"""No lost edit: two people saving the same cell or section at once, for real, in two sessions.

On PostgreSQL the two requests run in two threads against the database at the same moment: the
submission's row lock puts them one after the other, and where a writer does not take that lock
(a DHIS2 import inserting the same value), the unique constraint decides.  Either way the second
is told (409, with both values), nothing is overwritten, and nothing answers 500.  On SQLite,
whose writers are serialised by its write lock, the same sequence runs one after the other.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from baocao.collection import submissions
from baocao.collection.models import DataValue, SubmissionText

threads_need_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                             reason="threads need PostgreSQL")


def session(user) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is an answer to count, not raised
    client.force_login(user)
    return client


def at_once(*calls):
    """Run the calls in threads released together; their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait(timeout=10)
            results[n] = call()
        except Exception as error:  # noqa: BLE001 - asserted below
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def cell_call(client, collection, value):
    url = f"/rounds/submissions/{collection['submission'].pk}/cell/"
    return lambda: client.post(url, {"indicator": collection["yt"]["YT01"].pk,
                                     "column": "actual", "value": value, "revision": "0"},
                               HTTP_HX_REQUEST="true")


def text_call(client, collection, html):
    url = (f"/rounds/submissions/{collection['submission'].pk}/text/"
           f"{collection['results'].pk}/")
    return lambda: client.post(url, {"html": html, "revision": "0"})


@pytest.mark.django_db(transaction=True)
@threads_need_postgresql
def test_two_sessions_typing_into_the_same_empty_cell_at_once(collection, users):
    reporter, head = session(users["reporter"]), session(users["head"])
    first, second = at_once(cell_call(reporter, collection, "100"),
                            cell_call(head, collection, "200"))
    codes = sorted([first.status_code, second.status_code])
    assert codes == [200, 409], codes
    kept = DataValue.objects.get(indicator=collection["yt"]["YT01"])
    winner, loser = (first, second) if first.status_code == 200 else (second, first)
    assert kept.value == (100 if winner is first else 200) and kept.revision == 1
    assert loser["X-Baocao-Merge"] == "1"
    html = loser.content.decode()
    assert "100" in html and "200" in html  # theirs and mine


@pytest.mark.django_db(transaction=True)
@threads_need_postgresql
def test_two_sessions_writing_the_same_empty_section_at_once(collection, users):
    reporter, head = session(users["reporter"]), session(users["head"])
    first, second = at_once(text_call(reporter, collection, "<p>Một</p>"),
                            text_call(head, collection, "<p>Hai</p>"))
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    kept = SubmissionText.objects.get()
    assert kept.html == ("<p>Một</p>" if first.status_code == 200 else "<p>Hai</p>")
    assert kept.revision == 1


@pytest.mark.django_db(transaction=True)
@threads_need_postgresql
def test_the_unique_constraint_decides_against_an_import_writing_meanwhile(collection, users):
    """An import does not lock the submission: its uncommitted row makes the cell's insert wait,
    then fail on the unique constraint; the cell is told, not a 500."""
    yt01 = collection["yt"]["YT01"]
    inserted, release = threading.Event(), threading.Event()

    def importing():
        with transaction.atomic():
            DataValue.for_period(collection["round"].period_obj, indicator=yt01,
                                 unit=collection["submission"].unit, value=300,
                                 submission=collection["submission"],
                                 stored_by="import").save()  # as values_io does
            inserted.set()
            release.wait(10)
        return "imported"

    def typing():
        inserted.wait(10)
        threading.Timer(0.5, release.set).start()  # commit while the insert below waits
        return cell_call(session(users["reporter"]), collection, "100")()

    imported, typed = at_once(importing, typing)
    assert imported == "imported"
    assert typed.status_code == 409 and "300" in typed.content.decode()
    assert DataValue.objects.get(indicator=yt01).value == 300


def test_the_same_sequence_one_after_the_other(collection, users):
    """What the threads do, on any database: the second of two first saves is refused."""
    sub, yt01 = collection["submission"], collection["yt"]["YT01"].pk
    first = submissions.save_cell(sub, yt01, "actual", "100", users["reporter"], revision=0)
    second = submissions.save_cell(sub, yt01, "actual", "200", users["head"], revision=0)
    assert first.saved and not second.saved and second.conflict
    assert second.mine == "200" and second.value.value == 100
    mine_again = submissions.save_cell(sub, yt01, "actual", "300", users["reporter"],
                                       revision=0)
    assert mine_again.conflict  # two sessions of one person are two sessions too
    text, conflict = submissions.save_text(sub, collection["results"], "<p>Một</p>",
                                           users["reporter"], revision=0)
    assert not conflict
    text, conflict = submissions.save_text(sub, collection["results"], "<p>Hai</p>",
                                           users["head"], revision=0)
    assert conflict and text.html == "<p>Một</p>"
    assert DataValue.objects.get(indicator_id=yt01).value == 100


def test_a_unique_constraint_failure_is_a_conflict_not_an_error(collection, users,
                                                               monkeypatch):
    """The constraint path without threads: the cell looked empty, but the row exists when it
    is inserted (as when an import commits between the two)."""
    sub, yt01 = collection["submission"], collection["yt"]["YT01"]
    DataValue.for_period(collection["round"].period_obj, indicator=yt01, unit=sub.unit,
                         value=300, stored_by="import").save()
    real_filter = DataValue.objects.filter
    calls = []

    def first_look_misses(*args, **kwargs):
        calls.append(kwargs)
        found = real_filter(*args, **kwargs)
        return found.none() if len(calls) == 1 else found

    monkeypatch.setattr(DataValue.objects, "filter", first_look_misses)
    result = submissions.save_cell(sub, yt01.pk, "actual", "100", users["reporter"], revision=0)
    monkeypatch.undo()
    assert result.conflict and result.value.value == 300 and result.mine == "100"
    assert DataValue.objects.get(indicator=yt01).value == 300
