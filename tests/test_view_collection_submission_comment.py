from baocao.collection.models import DataValue

from .conftest import fill


def test_an_explanation_is_saved(client_for, collection, users):
    fill(collection["submission"], users["reporter"], AN04="1", AN05="3")
    response = client_for("reporter").post(
        f"/rounds/submissions/{collection['submission'].pk}/comment/",
        {"indicator": collection["an05"].pk, "comment": "Một vụ, ba người chết"})
    assert response.status_code == 200
    assert DataValue.objects.get(indicator=collection["an05"]).comment == "Một vụ, ba người chết"


def test_it_is_forbidden_to_others(client_for, collection):
    response = client_for("other_reporter").post(
        f"/rounds/submissions/{collection['submission'].pk}/comment/",
        {"indicator": collection["an05"].pk, "comment": "x"})
    assert response.status_code == 403
