"""Sending one signed webhook request, and the retry schedule around it.

Requests follow the Standard Webhooks specification (standardwebhooks.com): ``webhook-id`` (the event
id, the same on every retry), ``webhook-timestamp`` (seconds since the epoch, when this attempt was
signed) and ``webhook-signature`` (``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``), signed with the
``standardwebhooks`` package. A receiver verifies them with the same package and refuses a timestamp
older than five minutes, so a captured delivery cannot be replayed later.
"""

import base64
import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from core.outbound import ForbiddenAddress, VettedHTTPConnection, VettedHTTPSConnection

from .models import WebhookDelivery

SIGNATURE_HEADER = "webhook-signature"

# Injected so tests (and the immediate backend) never wait for real.
sleep = time.sleep


def encode(payload):
    """The exact bytes sent and signed: compact, key-sorted JSON, the same on every attempt."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def signing_key(secret):
    """The HMAC key of an endpoint's secret: a ``whsec_`` secret's bytes, else the text as it is.

    Endpoints made before Standard Webhooks have a plain text secret; their receivers keep using it.
    """
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_") + "==")
    return secret.encode()


def signature_headers(secret, message_id, body, when=None):
    when = when or timezone.now()
    signature = Webhook(signing_key(secret)).sign(message_id, when, body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(when.timestamp())),
        SIGNATURE_HEADER: signature,
    }


def post(url, body, headers, timeout):
    """POST ``body`` to a vetted public address; returns (status code or None, error message or "").

    Redirects are not followed: one would drop the body or send it somewhere the editor did not choose.
    """
    parts = urlsplit(url)
    connection_class = VettedHTTPSConnection if parts.scheme == "https" else VettedHTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
    except ForbiddenAddress as e:
        return None, f"Refused: {e}"
    except (OSError, ValueError) as e:
        return None, f"{type(e).__name__}: {e}"
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return response.status, ""
    return response.status, f"HTTP {response.status} {response.reason}"


def attempt(delivery):
    """Make one attempt and record it; True when the endpoint answered 2xx."""
    body = encode(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "country-analyses-cms-webhooks/2",
        **signature_headers(delivery.endpoint.secret, str(delivery.event_id), body),
        "X-Webhook-Event": delivery.event,
    }
    status_code, error = post(delivery.endpoint.url, body, headers, settings.WEBHOOKS_TIMEOUT)
    succeeded = status_code is not None and 200 <= status_code < 300
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.status_code = status_code
    delivery.last_error = "" if succeeded else error or f"HTTP {status_code}"
    if succeeded:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
    elif delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save(update_fields=["attempts", "last_attempt_at", "status_code", "last_error", "status"])
    return succeeded


def backoff(attempts):
    """Seconds to wait after the ``attempts``-th failure: base, 2×base, 4×base, ..."""
    return settings.WEBHOOKS_RETRY_BACKOFF * 2 ** (attempts - 1)


def deliver(delivery, *, retry_later=None):
    """Attempt until success or ``WEBHOOKS_MAX_ATTEMPTS``.

    With ``retry_later`` (a queued backend that can run tasks later), each retry is
    handed back to the queue after its back-off; otherwise this waits in-process.
    """
    if not delivery.endpoint.is_active:
        # Switched off after the event was recorded: the editor no longer wants it sent.
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.last_error = "The endpoint was deactivated before delivery."
        delivery.save(update_fields=["status", "last_error"])
        return
    while delivery.status == WebhookDelivery.Status.PENDING and not attempt(delivery):
        if delivery.status == WebhookDelivery.Status.FAILED:
            return
        delay = backoff(delivery.attempts)
        if retry_later is not None:
            retry_later(delivery, delay)
            return
        sleep(delay)
