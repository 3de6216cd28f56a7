"""The QMR's summaries for the management review: drafted by the QMR from the data, listed for
the committee's people; refused to everyone else."""

from django.urls import reverse
from django.utils import timezone

from baocao.quality.models import ManagementReview


def half_year():
    today = timezone.localdate()
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


def test_the_qmr_drafts_a_summary_and_lands_on_the_draft(client_for, quality_form, recipients):
    response = client_for("qmr").post(reverse("quality:review_list"), {"period": half_year()})
    review = ManagementReview.objects.get()
    assert response.status_code == 302 and response.url == reverse("drafting:draft",
                                                                   args=[review.draft_id])
    html = client_for("leader").get(reverse("quality:review_list")).content.decode()
    assert review.draft.summary in html


def test_a_bad_period_is_refused_at_its_field(client_for, quality_form):
    response = client_for("qmr").post(reverse("quality:review_list"), {"period": "2026-10"})
    assert response.status_code == 400 and not ManagementReview.objects.exists()
    assert "Hãy chọn một quý" in response.content.decode()


def test_only_the_qmr_drafts_and_the_committee_reads(client_for, quality_form):
    assert client_for("iso_secretary").post(reverse("quality:review_list"),
                                            {"period": half_year()}).status_code == 403
    for who in ("department_head", "other_reporter"):
        assert client_for(who).get(reverse("quality:review_list")).status_code == 403
    assert not ManagementReview.objects.exists()
