"""Whole-response cache for anonymous GET requests, purged by the content generation.

It stores a response only when nothing about it is personal: no session cookie on the request, no
``Authorization`` header, an anonymous user, a 200 response without ``Set-Cookie``, without
``Cache-Control: private``/``no-store``/``no-cache``, that did not use a CSRF token or touch the session
and does not vary on anything but ``Cookie``, ``Authorization``, ``Origin`` (part of the key) or
``Accept-Encoding``. Views that show personal data (the
consultation form) mark their responses ``private`` and are therefore never stored.

Keep the middleware above SessionMiddleware, CsrfViewMiddleware and MessageMiddleware, so it sees the
cookies they add, and above the middleware that only add headers to what it stores (CSP, ETag,
Cache-Control): a stored response is the response as it left, headers and all, so a hit costs the
lookup and nothing else. Conditional requests are answered here for hits (304 on a matching ETag).
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response

from core import content_cache
from core.personal import request_is_personal, response_is_personal

# Cookie and Authorization: only requests without a session cookie or Authorization header are cached.
# Origin (CORS on the API): part of the key. Anything else a response varies on makes it uncacheable.
CACHEABLE_VARY = {"cookie", "authorization", "accept-encoding", "origin"}
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}
# Headers rebuilt by the outer middleware or meaningless for a stored copy.
SKIPPED_HEADERS = {"set-cookie", "content-length"}
STATUS_HEADER = "X-Page-Cache"


def _enabled():
    return content_cache.enabled() and settings.PAGE_CACHE_ENABLED


def _excluded_path(path):
    return any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS)


def request_is_cacheable(request):
    if request.method != "GET" or _excluded_path(request.path):
        return False
    # Preview links (a draft shown to whoever holds the token) are personal to their holder.
    if request.GET and any(name in request.GET for name in settings.PAGE_CACHE_BYPASS_QUERY_PARAMS):
        return False
    return not request_is_personal(request)


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response_is_personal(request, response):
        return False
    if response.has_header("Cache-Control"):
        directives = {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response["Cache-Control"])}
        if directives & UNCACHEABLE_CONTROL:
            return False
    if response.has_header("Vary"):
        varies = {v.strip().lower() for v in cc_delim_re.split(response["Vary"])}
        if varies - CACHEABLE_VARY:
            return False
    return True


def request_address(request):
    """What a cached response depends on: the scheme (canonical links are absolute), host, path, query
    string and Origin (which decides the CORS headers)."""
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()} {request.META.get('HTTP_ORIGIN', '')}"
    return hashlib.sha256(raw.encode()).hexdigest()


def cache_key(address, generation):
    return f"page:{generation}:{address}"


def served_from_cache(request, stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    # What ConditionalGetMiddleware does for a rendered response: 304 when the reader's copy is current.
    response = get_conditional_response(request, etag=response.get("ETag"), response=response)
    response[STATUS_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (_enabled() and request_is_cacheable(request)):
            return self.get_response(request)

        cache = content_cache.cache()
        address = request_address(request)
        generation, stored = content_cache.lookup(lambda generation: cache_key(address, generation))
        if stored is not None:
            return served_from_cache(request, stored)

        key = cache_key(address, generation)
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
            cache.set(key, (response.status_code, headers, response.content), content_cache.timeout())
            response[STATUS_HEADER] = "miss"
        return response
