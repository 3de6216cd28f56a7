"""A unit's name in running text (lib/places): the word of its level small, the proper name as
written (the brand line "Ủy ban nhân dân thành phố Hà Nội", not "… Thành phố Hà Nội": see
test_view_home)."""

import pytest

from baocao.lib import places


@pytest.mark.parametrize(("name", "in_text", "place"), [
    ("Thành phố Hà Nội", "thành phố Hà Nội", "Hà Nội"),
    ("Quận Tây Hồ", "quận Tây Hồ", "Tây Hồ"),
    ("Thị xã Sơn Tây", "thị xã Sơn Tây", "Sơn Tây"),
    ("Xã Ba Vì", "xã Ba Vì", "Ba Vì"),
    ("Phường 1", "phường 1", "1"),
    ("Đặc khu Phú Quốc", "đặc khu Phú Quốc", "Phú Quốc"),
    ("Tỉnh Nam Định", "tỉnh Nam Định", "Nam Định"),
    ("Sở Tài chính", "Sở Tài chính", "Sở Tài chính"),  # not a level: as written
    ("Xã", "Xã", "Xã"),
])
def test_a_name_in_text_and_as_a_place(name, in_text, place):
    assert places.in_text(name) == in_text
    assert places.without_level(name) == place

