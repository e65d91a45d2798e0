"""The one rule for whether a request or its response belongs to one person, and so may not be shared.

Used for ``Cache-Control`` (headless.middleware) and for the server-side page cache (serving.page_cache).
"""

from django.conf import settings


def request_is_personal(request):
    """A token, a session (a signed-in editor, or a reader who unlocked a password-protected page), or
    a signed-in user."""
    if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def response_is_personal(request, response):
    """The request is personal, or the response sets a cookie, carries this reader's CSRF token or
    changed their session."""
    if request_is_personal(request) or response.cookies or response.has_header("Set-Cookie"):
        return True
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return True
    session = getattr(request, "session", None)
    return session is not None and session.modified
