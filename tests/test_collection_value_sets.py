"""collection.value_sets and values_io: DHIS2's files read the one tolerant way (our own files in
DHIS2's published formats, tests/fixtures/dhis2/), nothing merged silently, DHIS2's periods."""

import pytest

from baocao.catalogue.periods import Period, PeriodError
from baocao.collection import value_sets, values_io
from baocao.collection.models import DataValue

from .conftest import DHIS2_FILES


def read(name):
    return value_sets.read((DHIS2_FILES / name).read_bytes(), filename=name)


def imported(name, **options):
    return values_io.import_set(read(name), values_io.Options(**options))


def test_a_timestamp_column_is_ignored_with_a_note(dhis2_uids):
    outcome = imported("dataValueSet-timestamp.csv")
    assert not outcome.conflicts and outcome.created == 3
    assert DataValue.objects.get(unit__code="TAYHO-BUOI", indicator__code="YT02").followup
    assert DataValue.objects.get(unit__code="TAYHO-BUOI", indicator__code="YT01").comment == \
        "theo công an phường"


def test_the_243_export_header_with_deleted_is_read(dhis2_uids):
    outcome = imported("dataValueSet-deleted.csv")
    assert (outcome.created, outcome.conflicts) == (2, [])
    assert set(DataValue.objects.values_list("period", flat=True)) == {"2026-10", "2026-09"}


def test_the_docs_header_names_and_dhis2_periods_are_read(dhis2_uids):
    outcome = imported("dataValueSet-docs-header.csv")
    assert outcome.conflicts == [] and outcome.created == 4
    periods = dict(DataValue.objects.values_list("period", "period_kind"))
    assert periods == {"2026-09-28..2026-10-04": "ad_hoc", "2026-10-15..2026-10-15": "ad_hoc",
                       "2026-09-01..2026-10-31": "ad_hoc", "2026-07-01..2027-06-30": "ad_hoc"}
    assert DataValue.objects.get(period="2026-10-15..2026-10-15").followup


def test_the_top_level_keys_apply_to_every_value_and_followup_is_read(dhis2_uids):
    value_set = read("dataValueSet-top-level.json")
    assert {e.period for e in value_set.entries} == {"202610"}
    assert value_set.dataset == "FormBcC0001"
    outcome = values_io.import_set(value_set, values_io.Options())
    assert outcome.conflicts == [] and outcome.created == 3
    yt01 = DataValue.objects.get(indicator__code="YT01", column="actual")
    assert yt01.followup and yt01.comment == "đã đối chiếu" and yt01.official
    assert DataValue.objects.get(column="full_year_estimate").value == 21500
    assert any("completeDate" in note for note in outcome.notes)


def test_an_attribute_option_combo_is_refused_naming_the_row_never_merged(dhis2_uids):
    outcome = imported("dataValueSet-attribute.csv")
    assert [(c.entry.where, c.property) for c in outcome.conflicts] == [
        ("Dòng 3", "attributeOptionCombo")]
    assert "ProjectA001" in outcome.conflicts[0].message
    assert not DataValue.objects.exists()


def test_dxf2_xml_is_read(dhis2_uids):
    outcome = imported("dataValueSet-dxf2.xml")
    assert outcome.conflicts == [] and outcome.created == 3
    assert DataValue.objects.get(unit__code="TAYHO-NHATTAN").value == 9000
    assert DataValue.objects.get(indicator__code="YT02").followup


def test_adx_is_read_with_its_periods_and_annotations(dhis2_uids):
    outcome = imported("dataValueSet-adx.xml")
    assert outcome.conflicts == [] and outcome.created == 3
    assert DataValue.objects.get(indicator__code="YT01").text == "Số liệu công an phường"
    assert DataValue.objects.get(indicator__code="AN04").period == "2026-Q3"


def test_adx_categories_are_refused_naming_the_value(dhis2_uids):
    outcome = imported("dataValueSet-adx-categories.xml")
    assert len(outcome.conflicts) == 1 and outcome.conflicts[0].entry.where == "Giá trị 1"
    assert "Mechanism=PEPFAR" in outcome.conflicts[0].message and "Sex=Female" in \
        outcome.conflicts[0].message
    assert not DataValue.objects.exists()


def test_an_unknown_category_option_combo_names_the_known_ones(dhis2_uids):
    raw = b"de,pe,ou,co,value\nYtDanSo0001,202610,WardBuoi001,Female0001x,5\n"
    outcome = values_io.import_set(value_sets.read(raw), values_io.Options())
    assert outcome.conflicts[0].property == "categoryOptionCombo"
    assert "full_year_estimate" in outcome.conflicts[0].message


def test_two_rows_giving_one_value_two_numbers_are_refused(dhis2_uids):
    raw = b"de,pe,ou,value\nYT01,202610,TAYHO-BUOI,5\nYT01,202610,TAYHO-BUOI,6\n"
    outcome = values_io.import_set(value_sets.read(raw), values_io.Options())
    assert outcome.conflicts[0].entry.where == "Dòng 3" and "Dòng 2" in \
        outcome.conflicts[0].message


def test_a_file_without_header_is_read_in_dhis2_order(dhis2_uids):
    raw = b"YT01,202610,TAYHO-BUOI,,,21000,lan,2026-10-05,,false\n"
    value_set = value_sets.read(raw)
    assert value_set.notes and value_set.entries[0].value == "21000"


def test_atomic_none_writes_the_good_rows_and_ignores_the_others(dhis2_uids):
    raw = b"de,pe,ou,value\nYT01,202610,TAYHO-BUOI,5\nNOPE,202610,TAYHO-BUOI,6\n"
    outcome = values_io.import_set(value_sets.read(raw), values_io.Options(atomic=False))
    assert (outcome.created, outcome.ignored, outcome.status) == (1, 1, "WARNING")


def test_strategies_create_update_delete(dhis2_uids):
    raw = b"de,pe,ou,value\nYT01,202610,TAYHO-BUOI,5\n"
    assert values_io.import_set(value_sets.read(raw), values_io.Options(
        strategy="UPDATE")).ignored == 1
    assert values_io.import_set(value_sets.read(raw), values_io.Options(
        strategy="CREATE")).created == 1
    changed = raw.replace(b",5", b",7")
    assert values_io.import_set(value_sets.read(changed), values_io.Options(
        strategy="CREATE")).ignored == 1
    assert values_io.import_set(value_sets.read(raw), values_io.Options(
        strategy="DELETE")).deleted == 1
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "json", "xml", "adx"])
def test_every_format_round_trips(dhis2_uids, fmt):
    imported("dataValueSet-adx.xml")
    imported("dataValueSet-timestamp.csv")
    before = sorted(DataValue.objects.values_list("indicator__code", "unit__code", "period",
                                                  "column", "value", "text", "comment"))
    for scheme in ("code", "uid"):
        text = values_io.export_values("2026-10", fmt=fmt, id_scheme=scheme)
        DataValue.objects.all().delete()
        outcome = values_io.import_set(value_sets.read(text), values_io.Options())
        assert outcome.conflicts == [], (fmt, scheme, outcome.conflicts)
        after = sorted(DataValue.objects.filter(period="2026-10").values_list(
            "indicator__code", "unit__code", "period", "column", "value", "text", "comment"))
        assert after == [b for b in before if b[2] == "2026-10"], (fmt, scheme)


@pytest.mark.parametrize(("text", "kind", "start", "end"), [
    ("2012W5", "ad_hoc", "2012-01-30", "2012-02-05"),
    ("2012BiW1", "ad_hoc", "2012-01-02", "2012-01-15"),
    ("20120115", "ad_hoc", "2012-01-15", "2012-01-15"),
    ("2012July", "ad_hoc", "2012-07-01", "2013-06-30"),
    ("201201B", "ad_hoc", "2012-01-01", "2012-02-29"),
    ("2012SunW1", "ad_hoc", "2012-01-01", "2012-01-07"),
    ("2012AprilS2", "ad_hoc", "2012-10-01", "2013-03-31"),
    ("2015-01-01/P1M", "month", "2015-01-01", "2015-01-31"),
    ("2021-01-01/P3M", "quarter", "2021-01-01", "2021-03-31"),
    ("2021-01-01/P1Y", "year", "2021-01-01", "2021-12-31"),
])
def test_dhis2_periods_are_read_as_baocao_periods(text, kind, start, end):
    period = Period.parse(text)
    assert (period.kind, period.start.isoformat(), period.end.isoformat()) == (kind, start, end)
    assert Period.parse(period.dhis2()) == period


@pytest.mark.parametrize(("text", "fragment"), [
    ("2021W53", "tuần 53"), ("20120230", "không có ngày"), ("2012NovQ1", "tháng 11"),
    ("201207B", "01 đến 06")])
def test_dhis2_periods_that_do_not_exist_are_refused_clearly(text, fragment):
    with pytest.raises(PeriodError, match=fragment):
        Period.parse(text)


def test_nine_months_export_as_its_months_and_say_what_is_left_out(dhis2_uids):
    imported("dataValueSet-timestamp.csv")
    skipped = []
    text = values_io.export_values("2026-9M", skipped=skipped)
    assert "202610" not in text and skipped == []
    assert values_io.periods_to_export(Period.parse("2026-9M"))[0] == Period.parse("2026-01")
    with pytest.raises(values_io.ExportError):
        values_io.export_values("2026-03-01..2026-03-15")
