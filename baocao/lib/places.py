"""The names of administrative units as Vietnamese writes them: a name begins with the word of
its level (Thành phố Hà Nội, Phường Tây Hồ), written small inside a sentence ("Ủy ban nhân dân
thành phố Hà Nội", "Chủ tịch UBND phường Tây Hồ") and dropped before the date ("Hà Nội, ngày …")."""

import re

LEVEL_WORDS = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Quận", "Huyện",
               "Phường", "Xã")
LEVEL_WORD = re.compile(r"^(" + "|".join(LEVEL_WORDS) + r")\s+", re.IGNORECASE)


def in_text(name: str) -> str:
    """A unit's name inside a sentence: its level's word small, its proper name as written."""
    found = LEVEL_WORD.match(name)
    if found and name[found.end():]:
        return found.group(1).lower() + name[len(found.group(1)):]
    return name


def without_level(name: str) -> str:
    """"Quận Tây Hồ" → "Tây Hồ" (the place before the date)."""
    return LEVEL_WORD.sub("", name).strip() or name
