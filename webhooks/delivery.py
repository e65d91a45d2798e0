"""Sending one signed webhook request, and the retry schedule around it."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone

from .models import WebhookDelivery

SIGNATURE_HEADER = "X-Webhook-Signature"

# Injected so tests (and the immediate backend) never wait for real.
sleep = time.sleep


def encode(payload):
    """The exact bytes sent and signed: compact, key-sorted JSON, the same on every attempt."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def sign(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would drop the POST body or send it somewhere the editor did not choose.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url, body, headers, timeout):
    """POST ``body``; returns (status code or None, error message or "")."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) only, validated on the model
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as e:
        return e.code, f"HTTP {e.code} {e.reason}"
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        return None, f"{type(e).__name__}: {reason}"


def attempt(delivery):
    """Make one attempt and record it; True when the endpoint answered 2xx."""
    body = encode(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "country-analyses-cms-webhooks/1",
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, body),
        "X-Webhook-Event": delivery.event,
        "X-Webhook-Id": str(delivery.event_id),
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
