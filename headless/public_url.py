"""The base of the absolute URLs the API writes (``meta.detail_url``): the public host, not a fixed one.

Wagtail builds ``detail_url`` from the ``WAGTAILAPI_BASE_URL`` setting. Set to a fixed value, every
response named that host whatever host served it; a front end behind its own domain got links to the
CMS's development address. When the operator sets ``WAGTAILAPI_BASE_URL`` (the documented setting,
for an API behind a proxy that rewrites the host), that value is used. Otherwise the setting holds a
``RequestBaseURL``: the scheme and host of the request being answered, which Django has already
checked against ``ALLOWED_HOSTS`` (a request for any other host is refused with 400 before this runs).
Outside a request (webhook payloads, management commands) it is the fallback.

This module is imported by the settings, so it imports nothing from Django's app registry.
"""

from contextvars import ContextVar

_request_base_url = ContextVar("api_request_base_url", default="")


class RequestBaseURL:
    """A settings value that reads as the current API request's scheme and host, else ``fallback``."""

    def __init__(self, fallback):
        self.fallback = fallback

    def __str__(self):
        return _request_base_url.get() or self.fallback

    def __bool__(self):
        return bool(str(self))

    def __repr__(self):
        return f"RequestBaseURL(fallback={self.fallback!r})"


class RequestBaseURLMiddleware:
    """Make the API request's own scheme and host the base URL while it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        token = _request_base_url.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_base_url.reset(token)
