"""core.outbound: where the server may connect to (webhooks, the source archiver, the link monitor)."""

import socket
import threading
import time

import pytest

from core import outbound


def test_a_name_that_does_not_resolve_is_refused_as_a_name_of_its_own(monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror("unknown")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(outbound.UnresolvableHost, match="nowhere.test does not resolve"):
        outbound.vetted_addresses("nowhere.test", 80)
    assert issubclass(outbound.UnresolvableHost, outbound.ForbiddenAddress)  # webhooks refuse it as before


def test_the_read_timeout_is_its_own(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    connection = outbound.VettedHTTPConnection("127.0.0.1", listener.getsockname()[1], timeout=5, read_timeout=0.2)
    try:
        connection.request("GET", "/")
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            connection.getresponse()  # the server accepted and never answers
        assert time.monotonic() - started < 1
        assert connection.peer_address == "127.0.0.1"
    finally:
        connection.close()
        listener.close()
        for sock, _address in accepted:
            sock.close()
