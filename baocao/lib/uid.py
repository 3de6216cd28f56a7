"""DHIS2-style identifiers: 11 characters, a letter first, then letters and digits (DHIS2's
CodeGenerator).  Units, indicators and forms carry one beside their code, so that DHIS2 tools
and files that name things by UID find them; it never changes once given."""

import re
import secrets
import string

LETTERS = string.ascii_letters
ALPHABET = string.ascii_letters + string.digits
LENGTH = 11
PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")


def generate() -> str:
    return secrets.choice(LETTERS) + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))


def is_valid(text: str) -> bool:
    return bool(PATTERN.match(text or ""))


def validator(value: str) -> None:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not is_valid(value):
        raise ValidationError(_("A UID is 11 letters or digits, beginning with a letter."))
