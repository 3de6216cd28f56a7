from baocao.catalogue.models import FormVersion

URL = "/catalogue/forms/BC-T/new-version/"


def test_an_admin_makes_a_new_draft(client_for, catalogue):
    response = client_for("admin").post(URL)
    version = FormVersion.objects.get(form=catalogue["form"], number=3)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/catalogue/formversion/{version.pk}/change/"


def test_it_is_forbidden_to_others(client_for, catalogue):
    for name in ["leader", "compiler", "reporter"]:
        assert client_for(name).post(URL).status_code == 403, name
    assert not FormVersion.objects.filter(number=3).exists()


def test_it_rejects_get(client_for, catalogue):
    assert client_for("admin").get(URL).status_code == 405
