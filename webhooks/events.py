"""Turning page changes into webhook events: one payload per event, one delivery per endpoint."""

import logging
import uuid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)


def page_data(page):
    return {
        "id": page.pk,
        "type": (page.specific_class or type(page))._meta.label,
        "title": page.title,
        "url": page.get_full_url(),
        "api_url": str(settings.WAGTAILAPI_BASE_URL).rstrip("/")
        + reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk}),
    }


def emit(event, page):
    """Record a delivery of ``event`` for every endpoint that wants it; send them once the change commits."""
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(is_active=True) if endpoint.wants(event)]
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    payload = {
        "id": str(event_id),
        "event": event,
        "occurred_at": timezone.now().isoformat(),
        "page": page_data(page),
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event_id=event_id, event=event, payload=payload) for endpoint in endpoints
    )
    for delivery in deliveries:
        transaction.on_commit(partial(enqueue, delivery.pk))
    return deliveries


def enqueue(delivery_id):
    from .tasks import deliver_webhook

    try:
        deliver_webhook.enqueue(delivery_id)
    except Exception:
        # The change is committed whatever happens here: a broken queue must not turn a
        # publish into an error page. The delivery stays pending in the log.
        logger.exception("Could not enqueue webhook delivery %s", delivery_id)
