import pytest

from baocao.collection.models import DataValue


def post(client, collection, **data):
    return client.post(f"/rounds/submissions/{collection['submission'].pk}/cell/", data,
                       HTTP_HX_REQUEST="true")


def test_a_cell_is_saved_and_the_row_comes_back(client_for, collection):
    yt01 = collection["yt"]["YT01"].pk
    response = post(client_for("reporter"), collection, indicator=yt01, column="actual",
                    value="1.234", revision="0")
    html = response.content.decode()
    assert response.status_code == 200 and f'id="row-{yt01}"' in html and "đã lưu" in html
    assert 'value="1.234"' in html
    assert DataValue.objects.get(indicator_id=yt01).value == 1234


def test_the_derived_row_is_updated_out_of_band(client_for, collection):
    client = client_for("reporter")
    post(client, collection, indicator=collection["yt"]["YT01"].pk, column="actual",
         value="200")
    html = post(client, collection, indicator=collection["yt"]["YT02"].pk, column="actual",
                value="150").content.decode()
    yt03 = collection["yt"]["YT03"].pk
    assert f'id="row-{yt03}" hx-swap-oob="true"' in html and "75,0" in html


def test_a_bad_value_is_named_at_the_cell_and_not_saved(client_for, collection):
    html = post(client_for("reporter"), collection, indicator=collection["yt"]["YT01"].pk,
                column="actual", value="abc").content.decode()
    assert "không phải số" in html and "has-error" in html
    assert not DataValue.objects.exists()


def test_a_computed_column_is_refused(client_for, collection):
    response = post(client_for("reporter"), collection, indicator=collection["yt"]["YT01"].pk,
                    column="year_to_date", value="5")
    assert response.status_code == 409 and not DataValue.objects.exists()


def test_it_is_forbidden_to_others(client_for, collection):
    for name in ["other_reporter", "clerk", "leader", "compiler"]:
        response = post(client_for(name), collection, indicator=collection["yt"]["YT01"].pk,
                        column="actual", value="1")
        assert response.status_code == 403, name
    assert not DataValue.objects.exists()


def test_an_incomplete_request_is_refused(client_for, collection):
    assert post(client_for("reporter"), collection, column="actual").status_code == 400


@pytest.mark.parametrize("bad", [
    {"indicator": "abc"}, {"indicator": "99999999999999999999999"}, {"indicator": "-1"},
    {"revision": "x"}, {"revision": "-1"}, {"revision": "99999999999999999999"},
    {"column": "c" * 100}, {"value": "1" * 20_000},
])
def test_bad_parameters_are_a_bad_request(client_for, collection, bad):
    data = {"indicator": collection["yt"]["YT01"].pk, "column": "actual", "value": "1",
            "revision": "0", **bad}
    assert post(client_for("reporter"), collection, **data).status_code == 400
    assert not DataValue.objects.exists()


def test_two_people_typing_into_the_same_empty_cell_keep_the_first(client_for, collection):
    """Revision 0 means "I saw it empty": the second is told, with both values, to keep one."""
    yt01 = collection["yt"]["YT01"].pk
    assert post(client_for("reporter"), collection, indicator=yt01, column="actual",
                value="1.200", revision="0").status_code == 200
    response = post(client_for("head"), collection, indicator=yt01, column="actual",
                    value="1.300", revision="0")
    html = response.content.decode()
    assert response.status_code == 409 and response["X-Baocao-Merge"] == "1"
    assert "Người reporter vừa lưu ô" in html and "1.200" in html and "1.300" in html
    assert 'name="revision" value="1"' in html and "Giữ của tôi" in html
    assert DataValue.objects.get(indicator_id=yt01).value == 1200
    # "keep mine" posts the typed value again, from the revision now shown
    assert post(client_for("head"), collection, indicator=yt01, column="actual",
                value="1.300", revision="1").status_code == 200
    assert DataValue.objects.get(indicator_id=yt01).value == 1300


def test_the_note_of_a_row_is_its_own_cell(client_for, collection):
    """A value typed into a row does not make its empty note "someone else's"."""
    yt01 = collection["yt"]["YT01"].pk
    post(client_for("reporter"), collection, indicator=yt01, column="actual", value="5",
         revision="0")
    assert post(client_for("head"), collection, indicator=yt01, column="note",
                value="Số liệu ước", revision="0").status_code == 200
    response = post(client_for("reporter"), collection, indicator=yt01, column="note",
                    value="Số liệu chính thức", revision="0")
    assert response.status_code == 409 and "Số liệu ước" in response.content.decode()
    assert DataValue.objects.get(indicator_id=yt01).text == "Số liệu ước"


def test_an_emptied_cell_can_be_filled_from_revision_0(client_for, collection):
    yt01 = collection["yt"]["YT01"].pk
    post(client_for("reporter"), collection, indicator=yt01, column="actual", value="5",
         revision="0")
    post(client_for("reporter"), collection, indicator=yt01, column="actual", value="",
         revision="1")
    assert post(client_for("head"), collection, indicator=yt01, column="actual", value="7",
                revision="0").status_code == 200
    assert DataValue.objects.get(indicator_id=yt01).value == 7
