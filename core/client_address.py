"""The client's address: the one notion the form limiter, login throttling and security logs share.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending the address it received the request
from to X-Forwarded-For, the client is the Nth entry from the right. Entries further left were written
by the client itself and are ignored: a direct client that sends its own X-Forwarded-For changes
nothing. With no trusted proxies the connection's address is the client.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def _valid(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request):
    """The address of the client that sent ``request`` (a string, empty when unknown)."""
    connection = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return connection
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # The request did not pass through every proxy (or one of them does not append): the only
        # address nobody could forge is the connection's.
        return connection
    candidate = forwarded[-proxies]
    return candidate if _valid(candidate) else connection


def client_pseudonym(request):
    """A keyed hash of the client address: counts and logs can tell clients apart without naming them."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256)
    return digest.hexdigest()[:16]
