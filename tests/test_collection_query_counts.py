"""How many queries the deadline day's pages make (issue 18, docs/performance.md "Under load"),
once the form version's parts are kept (catalogue/frozen.py): before that work, 32 for the entry
page, 25 for home and 35 for a save on these fixtures (SQLite); before the third pass (quality's
tasks in one probe, the consultations from one's invitations, no savepoint for the audit
event, the consolidated page's rounds read once), 18 for home, 30 for a save, 31 for the
consolidated page; before the fourth pass (drafting's tasks by a light query first, the
submission's form version read with it), 16 for home and 29 for a save."""

from baocao.catalogue.models import Indicator

from .conftest import fill


def _warm(collection, users, client_for):
    fill(collection["submission"], users["reporter"], YT01="2000")
    client = client_for("reporter")
    url = f"/rounds/submissions/{collection['submission'].pk}/"
    assert client.get(url).status_code == 200 and client.get("/").status_code == 200
    return client, url


def test_the_entry_page(client_for, collection, users, django_assert_max_num_queries):
    client, url = _warm(collection, users, client_for)
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200


def test_home(client_for, collection, users, django_assert_max_num_queries):
    client, _url = _warm(collection, users, client_for)
    with django_assert_max_num_queries(15):
        assert "Dân số" not in client.get("/").content.decode()


def test_saving_one_cell(client_for, collection, users, django_assert_max_num_queries):
    client, url = _warm(collection, users, client_for)
    yt02 = Indicator.objects.get(code="YT02").pk
    with django_assert_max_num_queries(28):  # (SQLite 27; PostgreSQL 28, the audit chain's lock)
        response = client.post(url + "cell/", {"indicator": yt02, "column": "actual",
                                               "value": "1500"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="row-' in response.content.decode()


def test_the_consolidated_page(client_for, collection, users, django_assert_max_num_queries):
    fill(collection["submission"], users["reporter"], YT01="2000")
    client = client_for("compiler")
    assert client.get("/consolidation/").status_code == 200
    with django_assert_max_num_queries(29):  # (PostgreSQL: 29, SQLite 28)
        response = client.get("/consolidation/")
    assert response.status_code == 200 and "YT01" in response.content.decode()
