from baocao.collection.models import Round

URL = "/rounds/open/"


def test_it_is_forbidden_to_all_but_the_compiler(client_for, collection):
    for name in ["reporter", "head", "clerk", "leader", "outsider"]:
        assert client_for(name).get(URL).status_code == 403, name


def test_the_compiler_opens_a_round_with_the_calendars_dates(client_for, collection, tree):
    response = client_for("compiler").post(URL, {
        "form": collection["form"].pk, "period": "2026-02", "subject": "Báo cáo tháng 2",
        "units": [tree["ward"].pk]})
    rnd = Round.objects.get(period="2026-02")
    assert response.status_code == 302 and response["Location"] == f"/rounds/{rnd.pk}/"
    assert str(rnd.due_date) == "2026-02-23"  # 20/02/2026 falls in Tết
    assert list(rnd.submissions.values_list("unit__code", flat=True)) == ["TAYHO-BUOI"]


def test_no_units_ticked_means_the_forms_units(client_for, collection):
    client_for("compiler").post(URL, {"form": collection["form"].pk, "period": "2026-11",
                                      "subject": "Tháng 11", "due_date": "2026-11-25",
                                      "paper_due_date": "2026-11-27"})
    assert Round.objects.get(period="2026-11").submissions.count() == 2


def test_errors_are_shown_at_their_field(client_for, collection):
    response = client_for("compiler").post(URL, {
        "form": collection["form"].pk, "period": "2026-10", "subject": "Trùng"})
    html = response.content.decode()
    assert response.status_code == 200 and "is-invalid" in html and "Đã có đợt báo cáo" in html
    response = client_for("compiler").post(URL, {"form": collection["form"].pk,
                                                 "period": "tháng mười", "subject": "x"})
    assert "không phải kỳ báo cáo" in response.content.decode()
    assert Round.objects.count() == 1


def test_without_a_letter_number_the_request_letter_is_drafted(client_for, collection, tree):
    response = client_for("compiler").post(URL, {
        "form": collection["form"].pk, "period": "2026-12", "subject": "Báo cáo tháng 12",
        "units": [tree["ward"].pk]}, follow=True)
    rnd = Round.objects.get(period="2026-12")
    letter = rnd.request.letter_draft
    assert letter.kind == "letter" and letter.step.code == "draft"
    html = response.content.decode()
    assert "dự thảo công văn yêu cầu báo cáo" in html
    assert "các đơn vị được thông báo khi công văn phát hành" in html  # on the round's page


def test_a_letter_issued_elsewhere_is_typed_with_its_date(client_for, collection, tree):
    response = client_for("compiler").post(URL, {
        "form": collection["form"].pk, "period": "2026-12", "subject": "Báo cáo tháng 12",
        "units": [tree["ward"].pk], "number": "88/UBND-VP", "letter_date": "2026-12-01"},
        follow=True)
    rnd = Round.objects.get(period="2026-12")
    assert rnd.request.number == "88/UBND-VP" and str(rnd.request.issued_on) == "2026-12-01"
    assert not hasattr(rnd.request, "letter_draft")
    assert "thông báo cho các đơn vị" in response.content.decode()
    refused = client_for("compiler").post(URL, {
        "form": collection["form"].pk, "period": "2027-01", "subject": "Tháng 1",
        "letter_date": "2026-12-28"})
    assert refused.status_code == 200 and "Nhập số của công văn" in refused.content.decode()
    assert not Round.objects.filter(period="2027-01").exists()
