"""The request letter (công văn yêu cầu báo cáo): drafted when a round opens, through its own
short workflow (compiler → the office head signs, or sends it up to a leader → the clerk
issues it), numbered from the letters' register, and sent to the round's units with the round.
A round opened from a letter issued elsewhere is announced at once, as before."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baocao.collection import rounds
from baocao.documents import render, structure
from baocao.documents.models import Document, OutgoingRegister
from baocao.drafting import letters, workflow
from baocao.drafting.models import Draft
from baocao.outbox.models import Notification


def open_round(collection_form, users, tree, **extra):
    return rounds.open_round(form=collection_form["form"], period_text="2026-11",
                             units=[tree["ward"], tree["other_ward"]],
                             due_date=date(2026, 11, 20), paper_due_date=date(2026, 11, 22),
                             subject="Báo cáo kết quả thực hiện nhiệm vụ tháng 11",
                             actor=users["compiler"], outline="I. Kết quả\n  1. Kinh tế\n"
                                                              "II. Nhiệm vụ", **extra)


def told(users) -> int:
    return Notification.objects.filter(user__in=[users["reporter"], users["head"],
                                                 users["other_reporter"]]).count()


def test_opening_a_round_drafts_its_request_letter(collection_form, users, tree):
    rnd = open_round(collection_form, users, tree)
    letter = rnd.request.letter_draft
    assert letter.is_letter and letter.regime.code == letters.REGIME
    assert letter.step.code == "draft" and letter.lead_unit == tree["office"]
    assert letter.summary.startswith("V/v báo cáo kết quả")
    assert letter.addressed_to == ["Ủy ban nhân dân các phường"]
    text = " ".join(s.html for s in letter.sections.all())
    assert "20/11/2026" in text and "22/11/2026" in text  # the deadlines
    assert "I. Kết quả" in text and "Kinh tế" in text  # the outline
    assert "Biểu 01" in text and "Dân số" in text  # the form, attached
    assert rounds.letter_drafted(rnd) and told(users) == 0  # told once it is issued
    # The letter prints as a letter: no title, its "V/v" under the number, Kính gửi
    report = structure.of_draft(letter)
    page = render.html(report)
    assert report.is_letter and 'class="nd30-title"' not in page and "Kính gửi:" in page
    assert "Số:" in page and "UBND-VP" in page and "V/v báo cáo" in page


def test_the_letter_is_signed_issued_from_its_own_register_and_sent(collection_form, users,
                                                                     tree, recipients):
    rnd = open_round(collection_form, users, tree)
    letter = rnd.request.letter_draft
    workflow.submit(letter, users["compiler"])
    with pytest.raises(ValidationError):
        workflow.sign(letter, users["compiler"])  # not theirs to sign
    workflow.sign(letter, users["office_head"])
    letter.refresh_from_db()
    assert letter.step.code == "issue" and letter.signature_lines[0] == "TL. CHỦ TỊCH"
    workflow.issue(letter, users["clerk"], issued_on=timezone.localdate())
    document = Document.objects.get(draft=letter)
    assert document.kind == "letter" and document.reference == "01/UBND-VP"
    rnd.request.refresh_from_db()
    assert rnd.request.number == "01/UBND-VP" and rnd.request.issued_on == document.issued_on
    assert OutgoingRegister.objects.get(kind="letter").last_number == 1
    # each unit its copy, and its people told with it
    assert set(document.distributions.values_list("name", flat=True)) >= {
        "Phường Bưởi", "Phường Nhật Tân"}
    note = Notification.objects.filter(user=users["reporter"]).latest("pk")
    assert "01/UBND-VP" in note.body and "/documents/copy/" in note.body
    assert told(users) == 3  # the ward's reporter and head, the other ward's reporter
    # the reports keep their own register
    assert not OutgoingRegister.objects.filter(kind="report").exists()


def test_the_head_may_send_the_letter_up_to_a_leader(collection_form, users, tree):
    letter = open_round(collection_form, users, tree).request.letter_draft
    workflow.submit(letter, users["compiler"])
    workflow.submit(letter, users["office_head"])
    letter.refresh_from_db()
    assert letter.step.code == "leader_sign"
    workflow.sign(letter, users["vice_chair"])
    letter.refresh_from_db()
    assert letter.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_a_letter_issued_elsewhere_is_typed_and_the_units_told_at_once(collection_form, users,
                                                                       tree):
    rnd = open_round(collection_form, users, tree, number="45/UBND-VP",
                     letter_date=date(2026, 11, 2))
    assert not rounds.letter_drafted(rnd) and not Draft.objects.filter(kind="letter").exists()
    assert rnd.request.number == "45/UBND-VP" and rnd.request.issued_on == date(2026, 11, 2)
    assert told(users) == 3


def test_a_letter_date_without_its_number_is_refused(collection_form, users, tree):
    with pytest.raises(ValidationError) as refused:
        open_round(collection_form, users, tree, letter_date=date(2026, 11, 2))
    assert "number" in refused.value.message_dict
    assert not Draft.objects.exists()


def test_the_addressees_are_grouped_when_all_of_a_kind_are_asked(tree):
    from baocao.organisation.models import Kind
    from tests.conftest import make_unit

    committee = tree["committee"]
    both = letters.addressees([tree["ward"], tree["other_ward"], tree["department"],
                               tree["planning"]], committee)
    assert both == ["Các phòng, ban, đơn vị thuộc quận Tây Hồ", "Ủy ban nhân dân các phường"]
    make_unit("TAYHO-QS", "Ban Chỉ huy Quân sự quận", Kind.DEPARTMENT, committee)
    some = letters.addressees([tree["ward"], tree["department"]], committee)
    assert some == ["Phòng Y tế", "Ủy ban nhân dân phường Bưởi"]
