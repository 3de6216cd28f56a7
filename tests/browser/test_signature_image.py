"""The signer's signature image, in the browser: they upload it on "Khóa ký số của tôi", see it
there, and see it in the signing panel of the draft they sign; the signed draft's badge says
"Đã ký" (Decree 30/2020, Appendix I: the signature shows the image of the handwritten one)."""

import pytest
from playwright.sync_api import expect

from baocao.documents import images, keys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Khoa-ky-2026"


def test_the_signer_uploads_their_signature_and_signs_with_it(
        page, sign_in, users, tree, monthly_draft, settings, live_server, tmp_path):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                      organisation="UBND quận Tây Hồ", password=PASSWORD.encode())
    keys.new_demo_key(committee=tree["committee"], common_name="UBND QUẬN TÂY HỒ",
                      organisation="UBND quận Tây Hồ",
                      password=keys.seal_password(tree["committee"]))
    scan = tmp_path / "chu-ky.png"
    scan.write_bytes(images.demo_signature("Người office_head"))
    sign_in("office_head")
    page.goto(f"{live_server.url}/documents/keys/")
    expect(page.get_by_text("Bạn chưa có hình ảnh chữ ký")).to_be_visible()
    page.get_by_label("Hình ảnh chữ ký của bạn (PNG hoặc JPEG)").set_input_files(str(scan))
    page.get_by_role("button", name="Lưu hình ảnh chữ ký").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu hình ảnh chữ ký")
    expect(page.get_by_role("img", name="Chữ ký của tôi")).to_be_visible()
    # the signing panel shows it, and the certificate in plain words (no raw CN=…); reaching
    # the signing step renders its PDF in the background, so signing does not wait for it
    settings.BAOCAO_PRERENDER = True
    monthly_draft.step = monthly_draft.regime.steps.get(code="sign")
    monthly_draft.save()
    page.goto(f"{live_server.url}/drafts/{monthly_draft.pk}/")
    panel = page.locator("#actions")
    expect(panel.get_by_role("img", name="Chữ ký của tôi")).to_be_visible()
    expect(panel).to_contain_text("chứng thư số của Người office_head")
    expect(panel).not_to_contain_text("CN=")
    page.get_by_label("Mật khẩu khóa ký số (hoặc mã PIN thiết bị USB)").fill(PASSWORD)
    page.get_by_role("button", name="Ký ban hành phiên bản 1").click(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đã ký")
    page.screenshot(path="var/screenshots/draft-signed.png", full_page=False)
