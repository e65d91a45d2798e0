"""Cache-Control policy for the site and the API.

Django's ConditionalGetMiddleware (listed just before this one) adds the ETag and
answers ``If-None-Match`` with 304; this middleware decides what may be cached:

- anything tied to a person (core.personal: a token or session, a rendered CSRF
  token, a cookie being set) is ``private, no-store`` - which also stops the ETag;
- other successful anonymous GET/HEAD responses are ``public`` with ``max-age``
  for browsers and ``s-maxage`` for shared caches.

A Cache-Control a view chose itself (e.g. ``never_cache`` on the consultation form)
is kept; personal responses only gain ``private, no-store``.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from core.personal import response_is_personal

SAFE_METHODS = {"GET", "HEAD"}


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            return response
        if response_is_personal(request, response):
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
