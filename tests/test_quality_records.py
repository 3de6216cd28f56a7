"""The quality records of a unit and period for the period's dossier (seed 2 §7): the registers'
entries and the BM.07.01 reports sent, kept three years at the unit, then transferred."""

from datetime import date, timedelta

from django.utils import timezone

from baocao.quality import records, registers

from .conftest import last_month


def test_items_for_a_unit_and_period(tree, users, quality_form):
    period = last_month()
    rep = users["department_reporter"]
    inside = registers.record_problem(unit=tree["department"], occurred_on=period.end,
                                      kind="late", description="Trả chậm", actor=rep)
    registers.record_problem(unit=tree["department"], occurred_on=period.start -
                             timedelta(days=1), kind="late", description="Trước kỳ", actor=rep)
    registers.record_problem(unit=tree["office"], occurred_on=period.end, kind="late",
                             description="Của Văn phòng", actor=users["compiler"])
    registers.save_workload(unit=tree["department"], period_text=str(period),
                            documents_received=5, documents_handled=5, records_filed=1,
                            actor=rep)
    items = records.items_for(tree["department"], period)
    assert [i.kind for i in items] == ["requestproblem", "workloadcount"]
    item = items[0]
    assert item.obj == inside and item.unit == tree["department"] and item.url
    assert item.retention_years == 3 and item.after_retention == "transfer"
    assert item.keep_until == date(period.end.year + 3, 12, 31)
    committee = records.items_for(tree["committee"], period)
    assert {i.obj.description for i in committee if i.kind == "requestproblem"} == {
        "Trả chậm", "Của Văn phòng"}


def test_nothing_recorded_gives_no_item(tree, quality_form):
    today = timezone.localdate()
    assert records.items_for(tree["planning"], type(last_month())("year", today.year)) == []
