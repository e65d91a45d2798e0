"""Where a webhook may be sent: public addresses only, checked when an endpoint is saved and again,
after DNS resolution, on every delivery (so a name that later resolves inside the network fails).

Editors register the URLs, so without this an endpoint could aim the server at itself, the internal
network or a cloud metadata service (server-side request forgery). ``WEBHOOKS_ALLOWED_NETWORKS``
lists networks that may be reached anyway (e.g. ``10.0.5.0/24`` for an internal front end; the tests
allow their own receiver on ``127.0.0.1``).
"""

import http.client
import ipaddress
import socket
import ssl

from django.conf import settings


def validate_public_url(url):
    """Model validator: the URL's host must resolve to public addresses only (or allowed networks)."""
    from urllib.parse import urlsplit

    from django.core.exceptions import ValidationError

    parts = urlsplit(url)
    try:
        vetted_addresses(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    except ForbiddenAddress as e:
        raise ValidationError(f"Webhooks go to public addresses only: {e}.", code="forbidden_address") from e


class ForbiddenAddress(ValueError):
    """The URL's host is, or resolves to, an address webhooks may not reach."""


def allowed_networks():
    return [ipaddress.ip_network(network, strict=False) for network in settings.WEBHOOKS_ALLOWED_NETWORKS]


def is_public(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in allowed_networks()):
        return True
    # is_global is false for loopback, private, link-local (169.254.169.254, the metadata address),
    # shared, reserved and unspecified ranges; multicast can be "global" and is refused too.
    return ip.is_global and not ip.is_multicast


def vetted_addresses(host, port):
    """The addresses ``host`` resolves to, when every one of them is public; else ForbiddenAddress."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise ForbiddenAddress(f"{host} does not resolve") from e
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    refused = [address for address in addresses if not is_public(address)]
    if refused:
        raise ForbiddenAddress(f"{host} resolves to a non-public address ({refused[0]})")
    return addresses


class _VettedConnect:
    """Connect to the address vetted just now, not to whatever the name resolves to a moment later."""

    def connect(self):
        last_error = None
        for address in vetted_addresses(self.host, self.port):
            try:
                self.sock = socket.create_connection((address, self.port), self.timeout)
                return
            except OSError as e:
                last_error = e
        raise last_error or OSError(f"cannot connect to {self.host}")


class VettedHTTPConnection(_VettedConnect, http.client.HTTPConnection):
    pass


class VettedHTTPSConnection(_VettedConnect, http.client.HTTPSConnection):
    def connect(self):
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)
