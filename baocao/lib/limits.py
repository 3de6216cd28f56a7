"""Request bodies limited at the edge: refused by their Content-Length before anything reads
them, and counted while an upload streams in, before any of it is written to disk.

- `RequestBodyLimitMiddleware` (first in MIDDLEWARE) answers 413 to a body whose
  Content-Length is over BAOCAO_MAX_REQUEST_BYTES, or over the smaller limit a view declares
  with `@body_limit(n)` (checked before the CSRF check parses the form).
- `LimitedUploadHandler` (first in FILE_UPLOAD_HANDLERS) counts each file's bytes as they
  arrive and stops the upload at the limit, before Django's temporary-file handler writes them.

Django itself never reads past the Content-Length, and keeps a form without files under
DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

LIMIT_ATTRIBUTE = "_baocao_body_limit"


class BodyTooLarge(RequestDataTooBig):
    """A request body (or one of its files) is over its limit (raised outside a view, Django
    answers it as a bad request)."""


def body_limit(max_bytes_setting: str, margin: int = 64 * 1024):
    """Decorate a view whose bodies must stay under the setting `max_bytes_setting` (plus a
    margin for the form around the file)."""

    def decorate(view):
        view.max_body_setting = (max_bytes_setting, margin)
        return view

    return decorate


def refusal(request, limit: int) -> HttpResponse:
    """413, in Vietnamese, made without the request's context (no session, no database)."""
    response = HttpResponse(render_to_string("413.html", {"mb": max(1, limit // (1024 * 1024))}),
                            status=413)
    response["Connection"] = "close"
    return response


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.BAOCAO_MAX_REQUEST_BYTES
        setattr(request, LIMIT_ATTRIBUTE, limit)
        if _content_length(request) > limit:
            return refusal(request, limit)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        declared = getattr(view_func, "max_body_setting", None)
        if declared is None:
            return None
        name, margin = declared
        limit = getattr(settings, name) + margin
        setattr(request, LIMIT_ATTRIBUTE, limit)
        if _content_length(request) > limit:
            return refusal(request, limit)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, BodyTooLarge):
            return refusal(request, getattr(request, LIMIT_ATTRIBUTE,
                                            settings.BAOCAO_MAX_REQUEST_BYTES))
        return None


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload whose file grows past the request's limit, while it streams in."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = getattr(self.request, LIMIT_ATTRIBUTE, settings.BAOCAO_MAX_REQUEST_BYTES)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise BodyTooLarge(_("The file is over the size limit."))
        return raw_data

    def file_complete(self, file_size):
        return None
