"""Outbound connections to addresses editors name: public addresses only, checked after DNS resolution
on every connection (so a name that later resolves inside the network fails).

Editors register webhook URLs and cite sources by URL, and the server then connects to them: without
this a URL could aim the server at itself, the internal network or a cloud metadata service
(server-side request forgery). ``OUTBOUND_ALLOWED_NETWORKS`` lists networks that may be reached
anyway (e.g. ``10.0.5.0/24`` for an internal front end; the tests allow their own servers on
``127.0.0.1``). Webhook delivery and the source archiver both connect through the classes here.
"""

import http.client
import ipaddress
import socket
import ssl

from django.conf import settings


class ForbiddenAddress(ValueError):
    """The URL's host is, or resolves to, an address the server may not reach."""


class UnresolvableHost(ForbiddenAddress):
    """The host does not resolve: refused like a forbidden address (nothing to vet), but callers that
    report on links (the link monitor) tell a dead name from a refused one."""


def allowed_networks():
    return [ipaddress.ip_network(network, strict=False) for network in settings.OUTBOUND_ALLOWED_NETWORKS]


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
        raise UnresolvableHost(f"{host} does not resolve") from e
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    refused = [address for address in addresses if not is_public(address)]
    if refused:
        raise ForbiddenAddress(f"{host} resolves to a non-public address ({refused[0]})")
    return addresses


class _VettedConnect:
    """Connect to the address vetted just now, not to whatever the name resolves to a moment later.

    ``timeout`` bounds the connection; ``read_timeout`` (default: the same) bounds each read after it,
    so a server that accepts at once but then stalls is given up on at its own pace.
    """

    def __init__(self, *args, read_timeout=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout
        self.peer_address = None

    def connect(self):
        last_error = None
        for address in vetted_addresses(self.host, self.port):
            try:
                self.sock = socket.create_connection((address, self.port), self.timeout)
            except OSError as e:
                last_error = e
                continue
            self.peer_address = address
            if self.read_timeout is not None:
                self.sock.settimeout(self.read_timeout)
            return
        raise last_error or OSError(f"cannot connect to {self.host}")


class VettedHTTPConnection(_VettedConnect, http.client.HTTPConnection):
    pass


class VettedHTTPSConnection(_VettedConnect, http.client.HTTPSConnection):
    def connect(self):
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)
