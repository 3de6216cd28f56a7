"""Reading a request's parameters that are not a whole form: each is checked, and a bad one is
a 400 with its reason (Django's BadRequest, shown by core.views.bad_request), never a 500."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from .http import MAX_ID

FIRST_YEAR, LAST_YEAR = 1900, 2999  # as catalogue.periods


def year(params, name: str = "year", default: int | None = None) -> int | None:
    """A year from the query string (1900–2999); `default` when it is absent or empty."""
    text = (params.get(name) or "").strip()
    if not text:
        return default
    if not (len(text) == 4 and text.isascii() and text.isdigit()
            and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise BadRequest(_("\"%(value)s\" is not a year from %(first)d to %(last)d.")
                         % {"value": text[:20], "first": FIRST_YEAR, "last": LAST_YEAR})
    return int(text)


def identifier(text, what: str = "id") -> int:
    """A database id (1 … 2^63 − 1) given as text."""
    value = str(text or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 19 and 0 < int(value) <= MAX_ID):
        raise BadRequest(_("\"%(value)s\" is not a valid %(what)s.")
                         % {"value": value[:20], "what": what})
    return int(value)


def identifiers(values, what: str = "id") -> list[int]:
    return [identifier(value, what) for value in values]
