"""The registers' completeness for last month, which the ISO secretary keeps."""

from django.urls import reverse

from baocao.core.registry import todo_for
from baocao.quality import registers

from .conftest import last_month


def test_it_names_what_each_department_has_not_entered(client_for, tree, users, quality_form):
    registers.save_workload(unit=tree["department"], period_text=str(last_month()),
                            documents_received=1, documents_handled=1, records_filed=1,
                            actor=users["department_reporter"])
    html = client_for("iso_secretary").get(reverse("quality:completeness")).content.decode()
    yt = html.split("Phòng Y tế")[1].split("</tr>")[0]
    assert "mục tiêu chất lượng năm" in yt and "văn bản đến" not in yt
    assert "Phòng Tài chính - Kế hoạch" in html
    assert any("chưa cập nhật đủ sổ theo dõi" in item.title
               for item in todo_for(users["iso_secretary"]))


def test_it_is_refused_outside_the_committees_staff(client_for, quality_form):
    for who in ("department_head", "other_reporter"):
        assert client_for(who).get(reverse("quality:completeness")).status_code == 403
