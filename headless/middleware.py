"""Cache-Control policy for the site and the API.

Django's ConditionalGetMiddleware (listed just before this one) adds the ETag and
answers ``If-None-Match`` with 304; this middleware decides what may be cached:

- anything tied to a person (a token or session, a rendered CSRF token, a cookie
  being set) is ``private, no-store`` - which also stops the ETag being added;
- other successful anonymous GET/HEAD responses are ``public`` with ``max-age``
  for browsers and ``s-maxage`` for shared caches.

A Cache-Control a view chose itself (e.g. ``never_cache`` on the consultation form)
is kept; personal responses only gain ``private, no-store``.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

SAFE_METHODS = {"GET", "HEAD"}


def is_personal(request, response):
    if request.headers.get("Authorization"):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # A signed-in editor, or a reader who has unlocked a password-protected page.
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # The page rendered a form with this reader's CSRF token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    return bool(response.cookies)


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            return response
        if is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.HEADLESS_CACHE_MAX_AGE,
                s_maxage=settings.HEADLESS_CACHE_S_MAXAGE,
            )
            patch_vary_headers(response, ["Authorization"])
        return response
