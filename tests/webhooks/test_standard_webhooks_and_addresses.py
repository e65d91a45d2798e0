"""Deliveries follow Standard Webhooks and reach public addresses only (no server-side request forgery)."""

import datetime
import socket

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from core import outbound
from tests.factories import AnalysisPageFactory, publish
from webhooks.delivery import signature_headers
from webhooks.models import WebhookDelivery, WebhookEndpoint, new_secret


def fake_dns(monkeypatch, table):
    def getaddrinfo(host, port, *args, **kwargs):
        if host not in table:
            raise socket.gaierror("unknown host")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port))]

    monkeypatch.setattr(outbound.socket, "getaddrinfo", getaddrinfo)


def test_a_new_endpoint_secret_is_a_standard_webhooks_secret():
    secret = new_secret()
    assert secret.startswith("whsec_")
    Webhook(secret)  # the receivers' library accepts it as it is


def test_a_receiver_verifies_a_signature_and_refuses_a_replay():
    secret = new_secret()
    body = b'{"event":"published"}'
    receiver = Webhook(secret)
    assert receiver.verify(body, signature_headers(secret, "evt_1", body)) == {"event": "published"}
    replayed = signature_headers(secret, "evt_1", body, when=timezone.now() - datetime.timedelta(minutes=6))
    with pytest.raises(WebhookVerificationError, match="too old"):
        receiver.verify(body, replayed)
    tampered = signature_headers(secret, "evt_1", body)
    with pytest.raises(WebhookVerificationError):
        receiver.verify(b'{"event":"deleted"}', tampered)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.5", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1"]  # noqa: S104
    + ["::1", "fd00:ec2::254", "fe80::1", "::ffff:10.0.0.1", "ff02::1"],
)
def test_non_public_addresses_are_refused(settings, address):
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    assert not outbound.is_public(address)


def test_public_and_allowlisted_addresses_are_accepted(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = ["10.0.5.0/24"]
    assert outbound.is_public("93.184.215.14")
    assert outbound.is_public("2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    assert outbound.is_public("10.0.5.7")
    assert not outbound.is_public("10.0.6.7")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://hooks.example.org/in", True),
        ("https://internal.example.org/in", False),  # a public name for an internal address
        ("http://169.254.169.254/latest/meta-data/", False),
        ("http://[::1]:8000/", False),
        ("https://nowhere.example.org/", False),  # does not resolve
    ],
)
def test_saving_an_endpoint_checks_where_its_url_resolves(monkeypatch, settings, url, accepted):
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    fake_dns(monkeypatch, {"hooks.example.org": "93.184.215.14", "internal.example.org": "10.0.0.8"})
    endpoint = WebhookEndpoint(name="x", url=url, events=["published"])
    if accepted:
        endpoint.full_clean()
    else:
        with pytest.raises(ValidationError, match="public addresses only"):
            endpoint.full_clean()


@pytest.mark.django_db
def test_delivery_refuses_a_name_that_now_resolves_inside_the_network(
    monkeypatch, settings, kazakhstan, django_capture_on_commit_callbacks, sleeps
):
    """DNS rebinding: the URL was public when saved; at delivery time it points at the loopback."""
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    endpoint = WebhookEndpoint.objects.create(name="x", url="http://rebind.example.org/hook", events=["published"])
    fake_dns(monkeypatch, {"rebind.example.org": "127.0.0.1"})
    with django_capture_on_commit_callbacks(execute=True):
        publish(AnalysisPageFactory(parent=kazakhstan, live=False))
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "failed"
    assert delivery.status_code is None
    assert delivery.last_error.startswith("Refused: rebind.example.org resolves to a non-public address")
