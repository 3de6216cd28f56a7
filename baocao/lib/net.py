from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For through BAOCAO_PROXY_COUNT proxies."""
    count = settings.BAOCAO_PROXY_COUNT
    if count:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None
