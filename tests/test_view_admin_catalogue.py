"""The catalogue's administration pages: for the admin role; formulas checked at their field;
versions that are no longer drafts are read-only."""

import pytest

from baocao.audit.models import Event
from baocao.catalogue.models import FormRow, Indicator, Sector

INDICATOR = {"code": "YT09", "name": "Chỉ tiêu mới", "family": "socio_economic",
             "unit_of_measure": "người", "value_type": "number", "decimals": "0",
             "aggregation": "sum", "time_aggregation": "sum", "direction": "higher",
             "comparison": "auto", "active": "on"}


@pytest.mark.parametrize("page", ["/admin/catalogue/indicator/", "/admin/catalogue/regime/",
                                  "/admin/catalogue/reportform/", "/admin/catalogue/target/"])
def test_it_is_forbidden_to_other_roles(client_for, catalogue, page):
    for name in ["leader", "compiler", "reporter"]:
        assert client_for(name).get(page, follow=True).status_code == 403


def test_an_admin_adds_an_indicator_with_a_formula(client_for, catalogue):
    sector = Sector.objects.get(code="health")
    response = client_for("admin").post("/admin/catalogue/indicator/add/", {
        **INDICATOR, "sector": sector.pk, "formula": "YT01 - YT02"})
    assert response.status_code == 302
    assert Indicator.objects.get(code="YT09").formula == "YT01 - YT02"
    assert Event.objects.filter(action="indicator.create").exists()


@pytest.mark.parametrize(("formula", "fragment"), [
    ("YT01 / KHONGCO", "KHONGCO"), ("YT01 +", "kết thúc"), ("YT09 * 2", "chính nó"),
])
def test_a_bad_formula_is_named_at_its_field(client_for, catalogue, formula, fragment):
    sector = Sector.objects.get(code="health")
    response = client_for("admin").post("/admin/catalogue/indicator/add/", {
        **INDICATOR, "sector": sector.pk, "formula": formula})
    html = response.content.decode()
    assert response.status_code == 200 and "field-formula" in html and fragment in html
    assert not Indicator.objects.filter(code="YT09").exists()


def test_an_admin_gives_an_indicator_its_smallest_and_largest_value(client_for, catalogue):
    sector = Sector.objects.get(code="health")
    response = client_for("admin").post("/admin/catalogue/indicator/add/", {
        **INDICATOR, "sector": sector.pk, "minimum": "-100", "maximum": "250",
        "comparison": "difference"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="YT09")
    assert (indicator.minimum, indicator.maximum, indicator.comparison) == (-100, 250,
                                                                           "difference")
    assert indicator.value_problems(indicator.minimum - 1) == ["phải từ -100 trở lên."]


@pytest.mark.parametrize(("bounds", "field", "fragment"), [
    ({"minimum": "10", "maximum": "5"}, "maximum", "nhỏ hơn giá trị nhỏ nhất"),
    ({"maximum": "1000000000000000"}, "maximum", "Quá lớn"),
])
def test_bad_bounds_are_named_at_their_field(client_for, catalogue, bounds, field, fragment):
    sector = Sector.objects.get(code="health")
    response = client_for("admin").post("/admin/catalogue/indicator/add/", {
        **INDICATOR, "sector": sector.pk, **bounds})
    html = response.content.decode()
    assert response.status_code == 200 and f"field-{field}" in html and fragment in html
    assert not Indicator.objects.filter(code="YT09").exists()


def test_a_formula_that_makes_a_cycle_is_refused(client_for, catalogue):
    yt01 = catalogue["indicators"]["YT01"]
    response = client_for("admin").post(f"/admin/catalogue/indicator/{yt01.pk}/change/", {
        **INDICATOR, "code": "YT01", "sector": yt01.sector_id, "formula": "YT03 * 2"})
    assert "vòng" in response.content.decode()
    yt01.refresh_from_db()
    assert yt01.formula == ""


def test_an_approved_version_cannot_be_changed(client_for, catalogue):
    client = client_for("admin")
    table = catalogue["v1"].tables.get()
    page = client.get(f"/admin/catalogue/formtable/{table.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    response = client.post(f"/admin/catalogue/formtable/{table.pk}/change/", {
        "title": "Đổi tên", "columns": ["actual"], "sort_order": "0"})
    assert response.status_code == 403
    table.refresh_from_db()
    assert table.title == "Biểu 01. Y tế"


def test_a_draft_table_gets_rows(client_for, catalogue):
    table = catalogue["v2"].tables.get()
    rows = list(table.rows.all())
    data = {"title": table.title, "columns": ["actual", "note"], "sort_order": "0",
            "rows-TOTAL_FORMS": str(len(rows) + 1), "rows-INITIAL_FORMS": str(len(rows))}
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-id": row.pk, f"rows-{i}-table": table.pk,
                     f"rows-{i}-sort_order": row.sort_order, f"rows-{i}-heading": row.heading,
                     f"rows-{i}-indicator": row.indicator_id or "",
                     f"rows-{i}-required": "on"})
    data.update({f"rows-{len(rows)}-table": table.pk, f"rows-{len(rows)}-sort_order": "9",
                 f"rows-{len(rows)}-heading": "Dòng mới", f"rows-{len(rows)}-required": "on"})
    response = client_for("admin").post(f"/admin/catalogue/formtable/{table.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert FormRow.objects.filter(table=table, heading="Dòng mới").exists()
    table.refresh_from_db()
    assert table.columns == ["actual", "note"]


def test_changing_which_units_fill_a_form_is_on_the_record(client_for, catalogue, tree, users):
    """The units of a form are a many-to-many field: its changes wrote no event before."""
    from django.contrib import admin
    from django.test import RequestFactory

    form = catalogue["form"]
    model_admin = admin.site._registry[type(form)]
    request = RequestFactory().post("/admin/")
    request.user = users["admin"]
    admin_form_class = model_admin.get_form(request, form, change=True)
    data = {"code": form.code, "name": form.name, "regime": form.regime_id,
            "description": "", "units": [tree["other_ward"].pk]}
    admin_form = admin_form_class(data, instance=form)
    assert admin_form.is_valid(), admin_form.errors
    model_admin.save_model(request, admin_form.save(commit=False), admin_form, True)
    model_admin.save_related(request, admin_form, [], True)
    assert list(form.units.all()) == [tree["other_ward"]]
    event = Event.objects.filter(action="reportform.update").latest("seq")
    assert event.details["many_to_many"] == {"units": {"added": [tree["other_ward"].pk],
                                                       "removed": [tree["ward"].pk]}}
