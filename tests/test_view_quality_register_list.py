"""Each register's page: its entries, and the form that records one (by the unit's people and the
quality roles); a bad entry is refused at its field and records nothing; another unit's refused."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baocao.quality.models import (
    Capa,
    Complaint,
    DocumentError,
    EquipmentIncident,
    QualityObjective,
    RequestProblem,
    WorkloadCount,
)

from .conftest import last_month

TODAY = timezone.localdate()


def valid(users):
    return {
        "objective": ({"year": TODAY.year, "title": "Hồ sơ đúng hạn", "measure": "tỷ lệ",
                       "comparison": "at_least", "target": "98", "unit_of_measure": "%"},
                      QualityObjective),
        "document_error": ({"document_title": "5/BC-YT", "error": "Sai số liệu",
                            "found_by": "Văn phòng", "found_on": TODAY.isoformat()},
                           DocumentError),
        "capa": ({"kind": "corrective", "problem": "Chậm", "cause": "", "action": "Thêm người",
                  "responsible": users["department_reporter"].pk,
                  "due_date": (TODAY + timedelta(days=9)).isoformat()}, Capa),
        "problem": ({"occurred_on": TODAY.isoformat(), "kind": "late", "procedure": "Cấp phép",
                     "case_reference": "HS-1", "description": "Trả chậm"}, RequestProblem),
        "workload": ({"period": str(last_month()), "documents_received": "40",
                      "documents_handled": "38", "records_filed": "6"}, WorkloadCount),
        "incident": ({"equipment": "Máy quét", "occurred_at": timezone.localtime().strftime(
            "%Y-%m-%dT%H:%M"), "effect": "Không quét được"}, EquipmentIncident),
        "complaint": ({"received_on": TODAY.isoformat(), "complainant": "", "subject": "Chậm",
                       "explanation_due": (TODAY + timedelta(days=5)).isoformat()}, Complaint),
    }


# what each register refuses, at which field
INVALID = {
    "objective": ("target", "nhiều"), "document_error": ("found_on", "2999-01-01"),
    "capa": ("due_date", "2020-01-01"), "problem": ("occurred_on", "2999-01-01"),
    "workload": ("documents_handled", "41"),
    "incident": ("occurred_at", "2999-01-01T08:00"),
    "complaint": ("explanation_due", "2020-01-01"),
}


def url(slug, code):
    return reverse(f"quality:{slug}_list", args=[code])


@pytest.mark.parametrize("slug", sorted(INVALID))
def test_the_units_reporter_records_an_entry(client_for, tree, users, quality_form, slug):
    data, model = valid(users)[slug]
    response = client_for("department_reporter").post(url(slug, tree["department"].code), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = model.objects.get()
    assert entry.unit == tree["department"] and entry.recorded_by == users["department_reporter"]
    listing = client_for("department_head").get(url(slug, tree["department"].code))
    assert listing.status_code == 200


@pytest.mark.parametrize("slug", sorted(INVALID))
def test_a_bad_entry_is_refused_at_its_field(client_for, tree, users, quality_form, slug):
    data, model = valid(users)[slug]
    field, bad = INVALID[slug]
    response = client_for("department_reporter").post(url(slug, tree["department"].code),
                                                      {**data, field: bad})
    html = response.content.decode()
    assert response.status_code == 400 and not model.objects.exists()
    tag = re.search(rf'<[^>]*name="{field}"[^>]*>', html).group(0)
    assert "is-invalid" in tag and 'aria-invalid="true"' in tag


def test_the_committees_page_lists_every_department_and_records_for_one(client_for, tree,
                                                                        users, quality_form):
    data, _model = valid(users)["problem"]
    response = client_for("iso_secretary").post(url("problem", "TAYHO"),
                                                {**data, "unit": tree["department"].pk})
    assert response.status_code == 302
    assert RequestProblem.objects.get().unit == tree["department"]
    html = client_for("leader").get(url("problem", "TAYHO")).content.decode()
    assert "Phòng Y tế" in html and "Trả chậm" in html
    assert '<form method="post" novalidate>' not in html  # leaders read; they do not record


def test_the_list_filters_by_year_and_state(client_for, tree, users, quality_form):
    client = client_for("department_reporter")
    data, _model = valid(users)["problem"]
    client.post(url("problem", tree["department"].code), data)
    html = client.get(url("problem", tree["department"].code) + "?state=resolved").content
    assert "Trả chậm" not in html.decode()
    html = client.get(url("problem", tree["department"].code) +
                      f"?year={TODAY.year}&state=open").content
    assert "Trả chậm" in html.decode()


@pytest.mark.parametrize("slug", sorted(INVALID))
def test_another_units_register_is_refused(client_for, tree, users, quality_form, slug):
    data, model = valid(users)[slug]
    for who in ("other_reporter", "reporter"):
        client = client_for(who)
        assert client.get(url(slug, tree["department"].code)).status_code == 403
        assert client.post(url(slug, tree["department"].code), data).status_code == 403
    assert client_for("leader").post(url(slug, tree["department"].code),
                                     data).status_code == 403
    assert not model.objects.exists()
