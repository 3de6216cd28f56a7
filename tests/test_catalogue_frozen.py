"""A version no longer a draft is read once per process (catalogue/frozen.py): what it holds is
the same as read from the database, the indicators stay those of the catalogue now, a draft is
never kept."""

from baocao.catalogue import frozen
from baocao.catalogue.forms import preview_rows, sections_for
from baocao.catalogue.models import FormRow, FormVersion, Indicator
from baocao.lib.memo import RequestMemoMiddleware

from .conftest import fill


def _read_fresh(version, unit):
    frozen.forget()
    state, version.state = version.state, FormVersion.State.DRAFT  # a draft: read as it is
    try:
        return preview_rows(version, unit), sections_for(version, unit)
    finally:
        version.state = state


def _shape(tables, sections):
    return ([(t.pk, t.columns, [(r.pk, r.indicator_id, r.indicator and r.indicator.name,
                                 r.indicator and r.indicator.sector.code, r.heading, r.required,
                                 r.table_id) for r in rows]) for t, rows in tables],
            [(s.pk, s.title, s.required) for s in sections])


def test_the_kept_parts_are_those_of_the_database(collection, tree):
    version = collection["version"]
    version.refresh_from_db()
    for unit in (tree["ward"], tree["other_ward"]):
        fresh = _shape(*_read_fresh(version, unit))
        kept = _shape(preview_rows(version, unit), sections_for(version, unit))
        assert kept == fresh and kept[0]
    assert frozen.parts(version) is not None


def test_a_draft_is_never_kept(catalogue, tree):
    frozen.forget()
    assert frozen.parts(catalogue["v2"]) is None
    assert frozen.tables_and_rows(catalogue["v2"]) is None
    assert preview_rows(catalogue["v2"], tree["ward"])


def test_who_fills_a_row_is_kept_with_it(collection, tree):
    version = collection["version"]
    version.refresh_from_db()
    FormVersion.objects.filter(pk=version.pk).update(state="draft")
    row = FormRow.objects.get(table__version=version, indicator=collection["an05"])
    row.units.set([tree["other_ward"]])
    FormVersion.objects.filter(pk=version.pk).update(state="approved")
    codes = {unit: [r.indicator.code for _t, rows in preview_rows(version, tree[unit])
                    for r in rows if r.indicator_id] for unit in ("ward", "other_ward")}
    assert "AN05" not in codes["ward"] and "AN05" in codes["other_ward"]


def test_an_indicator_renamed_shows_at_once(client_for, collection, users):
    url = f"/rounds/submissions/{collection['submission'].pk}/"
    fill(collection["submission"], users["reporter"], YT01="2000")
    client = client_for("reporter")
    assert "Dân số" in client.get(url).content.decode()
    indicator = Indicator.objects.get(code="YT01")
    indicator.name = "Dân số trung bình"
    indicator.save()
    assert "Dân số trung bình" in client.get(url).content.decode()


def test_within_a_request_the_rows_are_read_once(collection, tree, django_assert_num_queries):
    version = collection["version"]
    version.refresh_from_db()
    frozen.parts(version)  # kept
    seen = []

    def view(request):
        with django_assert_num_queries(1):  # the indicators, once
            seen.append(preview_rows(version, tree["ward"]))
            seen.append(preview_rows(version, tree["ward"]))
            sections_for(version, tree["ward"])
        return None

    RequestMemoMiddleware(view)(None)
    assert [r.pk for _t, rows in seen[0] for r in rows] == \
        [r.pk for _t, rows in seen[1] for r in rows]


def test_who_is_expected_is_the_same_as_read_from_the_database(collection, tree):
    from baocao.catalogue.forms import expected_units

    version, form = collection["version"], collection["form"]
    version.refresh_from_db()
    FormVersion.objects.filter(pk=version.pk).update(state="draft")
    FormRow.objects.get(table__version=version, indicator=collection["an05"]).units.set(
        [tree["other_ward"]])
    FormRow.objects.filter(table__version=version, indicator=collection["an04"]).update(
        unit_kinds=["ward"])
    FormVersion.objects.filter(pk=version.pk).update(state="approved")
    for column in (None, "actual", "full_year_estimate"):
        frozen.forget()
        kept = expected_units(form, version, column)
        assert frozen.parts(version) is not None
        version.state = FormVersion.State.DRAFT  # read as it is in the database
        try:
            fresh = expected_units(form, version, column)
        finally:
            version.state = FormVersion.State.APPROVED
        assert {k: [u.pk for u in v] for k, v in kept.items()} == \
            {k: [u.pk for u in v] for k, v in fresh.items()}
    assert [u.pk for u in kept.get(collection["an05"].pk, [])] == []
    assert [u.pk for u in expected_units(form, version)[collection["an05"].pk]] == \
        [tree["other_ward"].pk]


def test_the_typed_indicators_are_those_of_the_rows(collection, tree):
    from baocao.core import registry

    version = collection["version"]
    version.refresh_from_db()
    FormVersion.objects.filter(pk=version.pk).update(state="draft")
    FormRow.objects.get(table__version=version, indicator=collection["an05"]).units.set(
        [tree["other_ward"]])
    FormVersion.objects.filter(pk=version.pk).update(state="approved")
    for unit in (tree["ward"], tree["other_ward"]):
        expected = {r.indicator_id for _t, rows in preview_rows(version, unit)
                    for r in rows if r.indicator_id and registry.is_typed(r.indicator)}
        assert frozen.typed_indicators(version, unit, registry.is_typed_code) == expected
        assert "YT03" not in {Indicator.objects.get(pk=i).code for i in expected}
        found = []
        RequestMemoMiddleware(lambda request, unit=unit, found=found: found.append((
            preview_rows(version, unit),
            frozen.typed_indicators(version, unit, registry.is_typed_code))))(None)
        assert found[0][1] == expected
