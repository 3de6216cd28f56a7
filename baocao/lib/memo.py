"""A memo for the time of one request: what several parts of a page ask for (the committee,
say) is read once.  Outside a request (commands, tests calling functions directly) nothing is
remembered."""

import contextvars
import functools

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("baocao_memo", default=None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def per_request(function):
    """Call `function` (no arguments) once per request."""
    key = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper():
        return remember(key, function)

    return wrapper


def remember(key, compute):
    """`compute()` once per request for `key` (a tuple naming what it reads); outside a request,
    every call computes."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def recall(key):
    """What `remember` keeps for `key` in this request, or None."""
    memo = _memo.get()
    return None if memo is None else memo.get(key)
