from baocao.catalogue.models import FormVersion

URL = "/catalogue/forms/BC-T/v2/approve/"


def state(catalogue):
    return FormVersion.objects.get(pk=catalogue["v2"].pk).state


def test_it_rejects_get(client_for, catalogue):
    assert client_for("leader").get(URL).status_code == 405


def test_a_leader_approves(client_for, catalogue):
    response = client_for("leader").post(URL, follow=True)
    assert state(catalogue) == "approved"
    assert "đã được phê duyệt" in response.content.decode()


def test_it_is_forbidden_to_others(client_for, catalogue):
    for name in ["reporter", "compiler", "admin", "other_reporter", "outsider"]:
        assert client_for(name).post(URL).status_code == 403, name
    assert state(catalogue) == "draft"


def test_approving_an_approved_version_says_why(client_for, catalogue):
    response = client_for("leader").post("/catalogue/forms/BC-T/v1/approve/", follow=True)
    assert "đã ở trạng thái" in response.content.decode()
