"""The audit plan: the ISO secretary (or the QMR) plans; auditors record findings (a
nonconformity opens its CAPA) and mark it held; the heads of the units audited see it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from baocao.quality.models import AuditFinding, InternalAudit

TODAY = timezone.localdate()


def plan(client, tree, users, **changes):
    data = {"title": "Đánh giá nội bộ năm", "planned_on": (TODAY + timedelta(days=7)).isoformat(),
            "scope": "QT.07", "units": [tree["department"].pk],
            "auditors": [users["iso_secretary"].pk], **changes}
    return client.post(reverse("quality:audit_list"), data)


def test_the_iso_secretary_plans_and_the_people_concerned_see_it(client_for, tree, users,
                                                                 quality_form):
    response = plan(client_for("iso_secretary"), tree, users)
    assert response.status_code == 302
    audit = InternalAudit.objects.get()
    for who in ("department_head", "leader", "iso_secretary"):
        assert client_for(who).get(reverse("quality:audit", args=[audit.pk])).status_code == 200
    for who in ("department_reporter", "other_reporter"):
        assert client_for(who).get(reverse("quality:audit", args=[audit.pk])).status_code == 403


def test_a_plan_without_units_is_refused_at_its_field(client_for, tree, users, quality_form):
    response = plan(client_for("qmr"), tree, users, units=[])
    assert response.status_code == 400 and not InternalAudit.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_only_the_quality_roles_plan(client_for, tree, users, quality_form):
    for who in ("leader", "department_head"):
        assert plan(client_for(who), tree, users).status_code == 403
    assert client_for("department_head").get(reverse("quality:audit_list")).status_code == 403
    assert not InternalAudit.objects.exists()


def test_findings_and_holding_through_the_page(client_for, tree, users, quality_form):
    plan(client_for("iso_secretary"), tree, users)
    audit = InternalAudit.objects.get()
    client = client_for("iso_secretary")
    url = reverse("quality:audit_act", args=[audit.pk, "finding"])
    refused = client.post(url, {"finding-unit": tree["department"].pk,
                                "finding-kind": "nonconformity",
                                "finding-description": "Thiếu phiếu kiểm soát"})
    assert refused.status_code == 400 and not AuditFinding.objects.exists()
    done = client.post(url, {"finding-unit": tree["department"].pk,
                             "finding-kind": "nonconformity", "finding-clause": "8.5.1",
                             "finding-description": "Thiếu phiếu kiểm soát",
                             "finding-action": "Bổ sung phiếu",
                             "finding-responsible": users["department_reporter"].pk,
                             "finding-due_date": (TODAY + timedelta(days=20)).isoformat()})
    assert done.status_code == 302 and AuditFinding.objects.get().capa is not None
    held = client.post(reverse("quality:audit_act", args=[audit.pk, "complete"]),
                       {"complete-held_on": TODAY.isoformat(),
                        "complete-summary": "Có hiệu lực"})
    assert held.status_code == 302
    audit.refresh_from_db()
    assert audit.state == "done"
    assert client_for("department_head").post(
        reverse("quality:audit_act", args=[audit.pk, "cancel"]),
        {"cancel-reason": "x"}).status_code == 403
    assert client.post(reverse("quality:audit_act", args=[audit.pk, "nope"])).status_code == 404
