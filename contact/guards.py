"""Refusals made before a submission's body is read: oversized requests and too many attempts.

The rate limit counts every POST (valid or not) per client address in the cache (Redis in
production, so all workers share it). Addresses are hashed before they become cache keys.
"""

import hashlib
import time

from django.conf import settings
from django.template.response import TemplateResponse


def client_address(request):
    """The client's address; behind N trusted proxies, the Nth address from the right of X-Forwarded-For."""
    proxies = getattr(settings, "FORM_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_retry_after(request):
    """Count this attempt; return the seconds to wait if the client is over the limit, else None."""
    from django.core.cache import cache

    limit = getattr(settings, "FORM_RATE_LIMIT_ATTEMPTS", 10)
    window = getattr(settings, "FORM_RATE_LIMIT_WINDOW", 600)
    now = int(time.time())
    window_start = now - now % window
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    key = f"contact:attempts:{digest}:{window_start}"
    cache.add(key, 0, timeout=window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        attempts = 1
    if attempts > limit:
        return max(window_start + window - now, 1)
    return None


def too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > getattr(settings, "FORM_MAX_REQUEST_BYTES", 64 * 1024)


def refuse_before_reading(request, page):
    """An HTML refusal for a POST to the form page, or None when it may be read."""
    if too_large(request):
        return TemplateResponse(request, "contact/too_large.html", {"page": page}, status=413)
    retry_after = rate_limit_retry_after(request)
    if retry_after:
        response = TemplateResponse(
            request, "contact/rate_limited.html", {"page": page, "retry_minutes": -(-retry_after // 60)}, status=429
        )
        response["Retry-After"] = str(retry_after)
        return response
    return None
