from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (a cookie set by /i18n/setlang/).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a civil
    servant's English-language browser still gets the Vietnamese application.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        user = getattr(request, "user", None)  # set by the authentication middleware
        if chosen in self.available and user is not None and user.is_authenticated \
                and user.language != chosen:
            # What they chose is what they read in their notifications and e-mails too.
            from django.contrib.auth import get_user_model

            get_user_model().objects.filter(pk=user.pk).update(language=chosen)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """A NUL character in the address, the query string or a form's fields is refused here, at
    the edge, with a 400: no text holds one, and PostgreSQL refuses it in any query (every view
    would answer 500 on it).  Uploaded files' contents are not looked at (a PDF holds NUL
    bytes); Django's parser drops what is not printable from their names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            message = _("The request holds a NUL character, which no text may contain; it was "
                        "refused.")
            if request.path.startswith("/api/"):  # the API answers its errors in JSON
                return JsonResponse({"detail": str(message)}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(request) -> bool:
    if "\x00" in request.path or "\x00" in request.path_info:
        return True
    if any("\x00" in key or any("\x00" in v for v in values)
           for key, values in request.GET.lists()):
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if length <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0):
                request.body  # kept: a view that reads the raw body still can  # noqa: B018
            form = request.POST
        except Exception:  # noqa: BLE001 - a body Django cannot parse is the view's to refuse
            return False
        return any("\x00" in key or any("\x00" in str(v) for v in values)
                   for key, values in form.lists())
    return False


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer, and `Cache-Control: no-store` on every page (what a
    signed-in person sees must not stay in a shared computer's cache).  Static files keep the
    long cache WhiteNoise gives them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(self.static_prefix):
            return response
        if _signed_in(request) or "Cache-Control" not in response.headers:
            patch_cache_control(response, no_store=True, private=True)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
