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
