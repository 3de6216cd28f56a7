"""Records in the browser, as the office's clerk: the dossier of a round with a report missing
is refused without a reason, then filed with one and read-only; an old dossier is handed over
to the archive with its transfer record, then disposed of on a decision with its record."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from baocao.records import retention
from baocao.records.models import Dossier, services
from tests.records_helpers import load_schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_clerk_files_a_dossier_then_transfers_and_disposes(page, sign_in, collection,
                                                              live_server):
    load_schedule()
    dossier = Dossier.objects.get(round=collection["round"])
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("clerk")

    # From the dossiers' list to the round's dossier: what it lacks is said before filing.
    page.goto(f"{live_server.url}/records/")
    page.get_by_role("link", name=dossier.code).click()
    expect(page.locator("h1")).to_contain_text("Mục lục hồ sơ")
    expect(page.locator("#missing")).to_contain_text("Phường Bưởi")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Hồ sơ còn thiếu")
    dossier.refresh_from_db()
    assert dossier.state == "open"

    page.get_by_label("Lý do còn thiếu").fill("Phường Bưởi không gửi báo cáo tháng này.")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_role("alert").first).to_contain_text("đã được lưu")
    expect(page.get_by_role("status").first).to_contain_text("chỉ được xem")
    page.screenshot(path="var/screenshots/records-dossier-filed.png", full_page=True)
    dossier.refresh_from_db()
    collection["round"].refresh_from_db()
    assert dossier.state == "filed" and collection["round"].state == "closed"
    assert dossier.missing_reason.startswith("Phường Bưởi")

    # Seven years on (dates moved back), it is due for transfer, then past retention.
    year = timezone.localdate().year - 7
    transfer_on, ends = retention.dates(year, 1, 5)
    with services():
        Dossier.objects.filter(pk=dossier.pk).update(transfer_due_on=transfer_on)
    page.goto(f"{live_server.url}/records/due/")
    expect(page.locator("h1")).to_have_text("Giao nộp và hủy tài liệu")
    transfer = page.locator("form[action$='/transfers/new/']")
    transfer.get_by_label(dossier.code, exact=False).check()
    transfer.get_by_role("button", name="Giao nộp, kèm biên bản giao nhận tài liệu").click()
    expect(page.locator(".text-danger").first).to_be_visible()  # number and receiver required
    transfer = page.locator("form[action$='/transfers/new/']")
    transfer.get_by_label("Số biên bản giao nhận tài liệu").fill("01/BB-GN")
    transfer.get_by_label("Người nhận (lưu trữ cơ quan)").fill("Lưu trữ cơ quan UBND quận")
    transfer.get_by_label(dossier.code, exact=False).check()
    transfer.get_by_role("button", name="Giao nộp, kèm biên bản giao nhận tài liệu").click()
    expect(page.locator("h1")).to_contain_text("01/BB-GN")
    page.screenshot(path="var/screenshots/records-transfer.png", full_page=True)
    dossier.refresh_from_db()
    assert dossier.state == "transferred" and dossier.custody == "archive"

    with services():
        Dossier.objects.filter(pk=dossier.pk).update(retention_ends_on=ends)
    page.goto(f"{live_server.url}/records/due/")
    disposal = page.locator("form[action$='/disposals/new/']")
    disposal.get_by_label(dossier.code, exact=False).check()
    disposal.get_by_label("Số quyết định").fill("15/QĐ-UBND")
    disposal.get_by_label("Ngày quyết định").fill(timezone.localdate().isoformat())
    disposal.get_by_label("Người ký").fill("Nguyễn Văn An, Chủ tịch UBND")
    disposal.get_by_role("button", name="Hủy, kèm biên bản hủy tài liệu").click()
    expect(page.locator("h1")).to_contain_text("Biên bản hủy tài liệu")
    expect(page.locator("main")).to_contain_text("15/QĐ-UBND")
    page.screenshot(path="var/screenshots/records-disposal.png", full_page=True)
    dossier.refresh_from_db()
    assert dossier.state == "disposed"
    assert not dossier.items.filter(contents_removed_at__isnull=True).exists()
    page.goto(f"{live_server.url}/records/{dossier.pk}/")
    expect(page.locator("#dossier-index")).to_contain_text("đã xóa nội dung")
