from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


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
