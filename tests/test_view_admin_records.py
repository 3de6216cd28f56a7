"""The retention schedule's administration page: for the admin role; the committee changes a
default (on the record), a rule kept in all for less than at the unit is refused at its field."""

from baocao.audit.models import Event
from baocao.records.models import RetentionRule

from .records_helpers import load_schedule


def test_it_is_forbidden_to_other_roles(client_for, tree):
    load_schedule()
    for name in ["leader", "clerk", "compiler", "reporter"]:
        assert client_for(name).get("/admin/records/retentionrule/",
                                    follow=True).status_code == 403


def test_an_admin_changes_a_default_rule(client_for, tree):
    load_schedule()
    rule = RetentionRule.objects.get(kind="periodic_report", regime=None)
    page = f"/admin/records/retentionrule/{rule.pk}/change/"
    assert "Thông tư 10/2022/TT-BNV" in client_for("admin").get(page).content.decode()
    response = client_for("admin").post(page, {
        "kind": "periodic_report", "regime": "", "years_at_unit": "2", "total_years": "10",
        "source": "Quyết định của UBND quận về thời hạn bảo quản"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.years_at_unit, rule.total_years) == (2, 10)
    assert Event.objects.filter(action="retentionrule.update", object_id=str(rule.pk)).exists()


def test_a_rule_shorter_in_all_than_at_the_unit_is_refused_at_its_field(client_for, tree):
    load_schedule()
    rule = RetentionRule.objects.get(kind="quality_record", regime=None)
    response = client_for("admin").post(f"/admin/records/retentionrule/{rule.pk}/change/", {
        "kind": "quality_record", "regime": "", "years_at_unit": "3", "total_years": "2",
        "source": "x"})
    html = response.content.decode()
    assert response.status_code == 200 and "field-total_years" in html
    assert "không được ngắn hơn thời hạn bảo quản tại đơn vị" in html
    rule.refresh_from_db()
    assert rule.total_years == 5
