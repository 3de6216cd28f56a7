"""The monthly and quarterly workflows in the browser, each from opening the round to the issued,
numbered document (seed 1 §5.1.3–5.1.5 and §5.2.3–5.2.9)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from baocao.collection import submissions
from baocao.collection.models import Round
from baocao.documents.models import Document
from tests.conftest import fill, sent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown(page):
    """The issued document in the page's preview frame."""
    return page.frame_locator("iframe.report-frame").locator(".nd30")


def as_user(page, sign_in, username):
    page.context.clear_cookies()
    sign_in(username)


def open_round(page, live_server, form, period):
    today = timezone.localdate()
    page.goto(f"{live_server.url}/rounds/open/")
    page.select_option("#id_form", label=str(form))
    page.fill("#id_period", period)
    page.fill("#id_due_date", (today - timedelta(days=1)).isoformat())
    page.fill("#id_paper_due_date", (today + timedelta(days=1)).isoformat())
    page.fill("#id_subject", f"Báo cáo kết quả thực hiện nhiệm vụ {period}")
    page.fill("#id_outline", "I. Kết quả thực hiện nhiệm vụ\n  1. Kinh tế - xã hội\n"
                             "II. Nhiệm vụ kỳ tới")
    page.get_by_role("button", name="Mở đợt và thông báo cho các đơn vị").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã mở đợt báo cáo")
    return Round.objects.get(period=period)


WHY = "Phường Nhật Tân chưa gửi dù đã được nhắc; tổng hợp kịp giao ban."


def the_wards_report(rnd, users, collection_form, *, every_unit=False):
    """The units' reporting is walked in tests/browser/test_round.py; here it is done by the
    same functions.  Phường Bưởi sends; Phường Nhật Tân too only with `every_unit`."""
    submission = rnd.submissions.get(unit__code="TAYHO-BUOI")
    fill(submission, users["reporter"], YT01="1000", YT02="900")
    submissions.save_text(submission, rnd.form_version.sections.get(kind="results"),
                          "<p>Phường Bưởi hoàn thành các chỉ tiêu.</p>", users["reporter"])
    sent(submission)
    if every_unit:
        sent(rnd.submissions.get(unit__code="TAYHO-NHATTAN"))


def give_the_reason(page):
    """The gate: the units not sent are named; going on needs the reason."""
    gate = page.locator("textarea[name=unsent_reason]").first
    expect(gate).to_be_visible()
    gate.fill(WHY)


def build_and_edit(page, live_server, rnd, text):
    page.goto(f"{live_server.url}/rounds/{rnd.pk}/")
    page.get_by_role("button", name="Xây dựng dự thảo").click()
    if page.get_by_role("heading", name=re.compile("^Xây dựng dự thảo")).is_visible():
        expect(page.locator("main")).to_contain_text("Phường Nhật Tân")
        give_the_reason(page)
        page.get_by_role("button", name=re.compile("dự thảo khi chưa có")).click()
    expect(page.get_by_role("alert")).to_contain_text("Đã xây dựng dự thảo")
    expect(page.locator(".draft-text").first).to_be_visible()
    draft_url = page.url.split("#")[0]
    page.get_by_role("link", name=re.compile("^Sửa")).first.click()
    editor = page.locator(".editor")
    editor.click()
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="Đậm").click()
    page.keyboard.type(text)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu thành phiên bản 2")
    expect(page.locator("strong, b").filter(has_text=text)).to_be_visible()
    return draft_url


def press(page, name):
    page.get_by_role("button", name=re.compile(name)).first.click()


def consult(page, who):
    page.get_by_text("Xin ý kiến", exact=True).click()
    page.get_by_label(re.compile(who)).check()
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị cho ý kiến trước hạn.")
    page.get_by_role("button", name="Gửi xin ý kiến").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thực hiện")


def comment_and_take_in(page, sign_in, draft_url, commenter, compiler, text):
    as_user(page, sign_in, commenter)
    page.goto(draft_url)
    page.get_by_label("Ý kiến của bạn").fill(text)
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận ý kiến")
    as_user(page, sign_in, compiler)
    page.goto(draft_url + "comments/")
    expect(page.locator("table")).to_contain_text(text)
    page.get_by_label("Tiếp thu", exact=True).check()
    page.get_by_placeholder("Tiếp thu ở đâu").fill("Đã bổ sung vào mục I")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("table")).to_contain_text("Đã bổ sung vào mục I")
    page.goto(draft_url)
    press(page, "Đã tiếp thu ý kiến")
    expect(page.get_by_role("alert")).to_contain_text("Đã thực hiện")


def issue(page, sign_in, draft_url, gate=False):
    as_user(page, sign_in, "clerk")
    page.goto(draft_url)
    if gate:
        give_the_reason(page)
    page.get_by_role("button", name="Cấp số và phát hành").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thực hiện")
    page.get_by_role("link", name="Văn bản đã ban hành 01/BC-UBND").click()
    expect(shown(page)).to_contain_text("Số: 01/BC-UBND")
    expect(shown(page)).to_contain_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    expect(shown(page)).to_contain_text("Quận ủy")
    expect(shown(page)).not_to_contain_text("DỰ THẢO")


def test_the_monthly_workflow(page, sign_in, users, collection_form, recipients, live_server):
    as_user(page, sign_in, "compiler")
    rnd = open_round(page, live_server, collection_form["form"], "2026-10")
    the_wards_report(rnd, users, collection_form)  # Phường Nhật Tân does not send
    draft_url = build_and_edit(page, live_server, rnd, "Đánh giá chung của Văn phòng.")
    give_the_reason(page)
    press(page, "^Trình →")
    expect(page.locator("[aria-current=step]")).to_contain_text("Lãnh đạo Văn phòng")

    # The office head returns it once, with a reason.
    as_user(page, sign_in, "office_head")
    page.goto(draft_url)
    page.get_by_text("Trả lại (nêu lý do)").click()
    page.get_by_label("Lý do").fill("Bổ sung số liệu y tế.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.locator("[aria-current=step]")).to_contain_text("Chuyên viên tổng hợp")

    as_user(page, sign_in, "compiler")
    page.goto(draft_url)
    give_the_reason(page)
    press(page, "^Trình →")
    as_user(page, sign_in, "office_head")
    page.goto(draft_url)
    press(page, "^Thông qua →")

    # One consultation: the chair comments; the compiler takes it in.
    as_user(page, sign_in, "compiler")
    page.goto(draft_url)
    consult(page, "Người leader")
    comment_and_take_in(page, sign_in, draft_url, "leader", "compiler",
                        "Làm rõ tỷ lệ bao phủ bảo hiểm y tế.")

    # The office head signs (TL. CHỦ TỊCH), the clerk numbers and issues.
    as_user(page, sign_in, "office_head")
    page.goto(draft_url)
    expect(page.locator(".signature-preview").first).to_contain_text("TL. CHỦ TỊCH")
    give_the_reason(page)
    press(page, "^Ký ban hành phiên bản")
    expect(page.get_by_role("alert")).to_contain_text("Đã thực hiện")
    issue(page, sign_in, draft_url, gate=True)
    expect(shown(page)).to_contain_text("CHÁNH VĂN PHÒNG")
    document = Document.objects.get()
    assert document.reference == "01/BC-UBND" and document.draft.step.code == "file"
    assert [e.action for e in document.draft.log.all()] == [
        "create", "submit", "return", "submit", "approve", "consult", "close", "resolve",
        "sign", "issue"]


def test_the_quarterly_workflow(page, sign_in, users, collection_form, recipients,
                                live_server):
    from baocao.catalogue.models import FormVersion, Regime, ReportForm

    form = ReportForm.objects.create(code="BC-QUY", name="Báo cáo quý",
                                     regime=Regime.objects.get(code="periodic"))
    form.units.set(collection_form["form"].units.all())
    old = collection_form["version"]
    version = FormVersion.objects.create(form=form, number=1)
    for section in old.sections.all():
        section.pk, section.version = None, version
        section.save()
    for table in old.tables.all():
        rows = list(table.rows.all())
        table.pk, table.version = None, version
        table.save()
        for row in rows:
            row.pk, row.table = None, table
            row.save()
    FormVersion.objects.filter(pk=version.pk).update(state="approved")

    as_user(page, sign_in, "planning_compiler")
    rnd = open_round(page, live_server, form, "2026-Q3")
    the_wards_report(rnd, users, collection_form, every_unit=True)
    draft_url = build_and_edit(page, live_server, rnd, "Đánh giá quý III.")
    press(page, "^Trình →")

    # The department head initials before the consultation.
    as_user(page, sign_in, "planning_head")
    page.goto(draft_url)
    press(page, "^Ký nháy phiên bản 2")
    expect(page.locator("#initials-h + ul")).to_contain_text("Người planning_head")

    as_user(page, sign_in, "planning_compiler")
    page.goto(draft_url)
    consult(page, "Người committee_member")
    comment_and_take_in(page, sign_in, draft_url, "committee_member", "planning_compiler",
                        "Bổ sung đánh giá an ninh trật tự.")

    # The leader's review; the final revision; the head's final check and initials.
    as_user(page, sign_in, "vice_chair")
    page.goto(draft_url)
    press(page, "^Thông qua →")
    as_user(page, sign_in, "planning_compiler")
    page.goto(draft_url)
    press(page, "^Trình →")
    as_user(page, sign_in, "planning_head")
    page.goto(draft_url)
    press(page, "^Ký nháy phiên bản")
    expect(page.locator("#initials-h + ul li")).to_have_count(2)

    # The vice chair signs for the committee; the clerk issues.
    as_user(page, sign_in, "vice_chair")
    page.goto(draft_url)
    expect(page.locator(".signature-preview").first).to_contain_text("KT. CHỦ TỊCH")
    press(page, "^Ký ban hành phiên bản")
    issue(page, sign_in, draft_url)
    expect(shown(page)).to_contain_text("TM. ỦY BAN NHÂN DÂN")
    expect(shown(page)).to_contain_text("PHÓ CHỦ TỊCH")
    document = Document.objects.get()
    assert document.draft.step.code == "distribute"
