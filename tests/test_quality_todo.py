"""Quality's part of "Việc cần làm": each kind of task reaches the person it waits on and no
one else, and a person with nothing waiting costs one query (the probe of quality/todo.py)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baocao.quality import todo
from baocao.quality.models import Capa, Complaint, DocumentError

TODAY = timezone.localdate()


def titles(user) -> list[str]:
    return [item.title for item in todo.todo_items(user)]


def test_each_task_reaches_its_person_only(users, tree):
    ward, department = tree["ward"], tree["department"]
    Capa.objects.create(unit=ward, problem="Báo cáo gửi muộn", action="Nhắc hạn trước ba ngày",
                        responsible=users["reporter"], due_date=TODAY - timedelta(days=1))
    Capa.objects.create(unit=ward, problem="Số liệu sai", action="Đối chiếu hai lần",
                        responsible=users["other_reporter"], due_date=TODAY,
                        state=Capa.State.DONE, done_on=TODAY)
    Complaint.objects.create(unit=department, received_on=TODAY, subject="Trả lời chậm",
                             explanation_due=TODAY + timedelta(days=5))
    DocumentError.objects.create(unit=ward, document_title="Báo cáo tháng 11", error="Sai số",
                                 found_by="Văn phòng", found_on=TODAY - timedelta(days=9))

    reporter = titles(users["reporter"])
    assert any(t.startswith("Thực hiện") and "Nhắc hạn trước ba ngày" in t for t in reporter)
    assert any("Báo cáo tháng 11" in t for t in reporter)
    assert not any("Trả lời chậm" in t or "Kiểm tra hiệu lực" in t for t in reporter)
    # The ward's head: the document error of their unit and the CAPA done there to check.
    head = titles(users["head"])
    assert any("Báo cáo tháng 11" in t for t in head)
    assert any(t.startswith("Kiểm tra hiệu lực") for t in head)
    assert not any("Nhắc hạn trước ba ngày" in t for t in head)
    # The department's head explains the complaint; the QMR checks the CAPA, whoever headed it.
    assert any("Trả lời chậm" in t for t in titles(users["department_head"]))
    assert any(t.startswith("Kiểm tra hiệu lực") for t in titles(users["qmr"]))
    assert titles(users["committee_member"]) == []
    urgent = {i.title: i.urgent for i in todo.todo_items(users["reporter"])}
    assert all(urgent.values())  # the CAPA past its day, the error found nine days ago


def test_nothing_waiting_costs_one_query(users):
    todo.todo_items(users["reporter"])  # the memberships read (once per request)
    with CaptureQueriesContext(connection) as queries:
        assert todo.todo_items(users["reporter"]) == []
    assert len(queries.captured_queries) == 1
