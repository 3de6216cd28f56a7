"""baocao suggestions list [--state S] [--json]"""

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from baocao.quality import suggestions
from baocao.quality.models import Suggestion


def run(capsys, *args):
    call_command("suggestions", "list", *args)
    return capsys.readouterr().out


def test_json_lists_id_date_unit_state_assignee_days_open(capsys, tree, users, quality_form):
    old = suggestions.submit(unit=tree["department"], title="Cũ", body="x",
                             actor=users["reporter"])
    suggestions.forward(old, "ok", users["department_head"])
    suggestions.assign(old, assignee=users["department_reporter"],
                       due_date=timezone.localdate(), actor=users["qmr"])
    Suggestion.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=12))
    new, _code = suggestions.submit_public(unit=tree["department"], title="Mới", body="y")
    rows = json.loads(run(capsys, "--json"))
    assert [r["id"] for r in rows] == [new.pk, old.pk]
    assert rows[1] == {"id": old.pk, "date": (timezone.localdate() - timedelta(days=12))
                       .isoformat(), "unit": "TAYHO-YT", "state": "assigned",
                       "assignee": "department_reporter", "days_open": 12}
    assert rows[0]["assignee"] is None and rows[0]["days_open"] == 0
    assert [r["id"] for r in json.loads(run(capsys, "--state", "assigned", "--json"))] == [
        old.pk]
    assert "assigned" in run(capsys) and "TAYHO-YT" in run(capsys, "--state", "submitted")


def test_an_unknown_state_is_refused(quality_form):
    with pytest.raises(CommandError, match="Không có trạng thái"):
        call_command("suggestions", "list", "--state", "lost")


def test_the_json_equals_the_page(capsys, client_for, tree, users, quality_form):
    suggestions.submit(unit=tree["department"], title="Ghế chờ", body="x",
                       actor=users["reporter"])
    row = json.loads(run(capsys, "--json"))[0]
    html = client_for("qmr").get("/quality/suggestions/").content.decode()
    cells = html.split(f"<td>{row['id']}</td>")[1].split("</tr>")[0]
    assert timezone.localdate().strftime("%d/%m/%Y") in cells and "Phòng Y tế" in cells
    assert f'<td class="text-end">{row["days_open"]}</td>' in cells
