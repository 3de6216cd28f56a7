import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_compiler_signs_in_and_sees_the_home_page_in_vietnamese(page, sign_in, users,
                                                                     live_server):
    sign_in("compiler")
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", name="Việc cần làm").is_visible()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Chuyên viên tổng hợp" in page.content()
    assert "Ủy ban nhân dân quận Tây Hồ" in page.locator("header").inner_text()


def test_a_wrong_password_is_refused_at_the_form(page, sign_in, users):
    sign_in("compiler", "sai-mat-khau")
    assert page.get_by_role("alert").is_visible()
    assert "không đúng" in page.get_by_role("alert").inner_text()


def test_the_user_signs_out_from_the_menu(page, sign_in, users, live_server):
    sign_in("reporter")
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
