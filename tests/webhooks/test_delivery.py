"""Publish webhooks delivered to a real HTTP server on 127.0.0.1."""

import uuid

import pytest
from django.utils.dateparse import parse_datetime
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.factories import AnalysisPageFactory, publish
from webhooks.models import WebhookDelivery


def verify(secret, body, headers):
    """What a receiver does (Standard Webhooks): True when the signature and a fresh timestamp check out."""
    key = secret.encode()  # the fixture's endpoint has a plain-text secret from before whsec_ secrets
    try:
        Webhook(key).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


@pytest.fixture
def draft_analysis(kazakhstan):
    return AnalysisPageFactory(parent=kazakhstan, title="New analysis", live=False)


def test_publishing_posts_a_signed_event(
    receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks, settings
):
    endpoint = endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_analysis)

    [request] = receiver.requests
    assert verify("s3cret", request["body"], request["headers"])
    event = request["json"]
    assert event["event"] == "published"
    assert uuid.UUID(event["id"])
    assert parse_datetime(event["occurred_at"]) is not None
    assert event["page"] == {
        "id": draft_analysis.pk,
        "type": "countries.AnalysisPage",
        "title": "New analysis",
        "url": draft_analysis.full_url,
        "api_url": f"{settings.WAGTAILAPI_BASE_URL}/api/v3/pages/{draft_analysis.pk}/",
    }
    assert request["headers"]["webhook-id"] == event["id"]
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.status_code, delivery.attempts, delivery.last_error) == ("succeeded", 200, 1, "")
    assert str(delivery.event_id) == event["id"]


def test_a_wrong_secret_does_not_verify(receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_analysis)
    [request] = receiver.requests
    assert not verify("another secret", request["body"], request["headers"])
    assert not verify("s3cret", request["body"] + b" ", request["headers"])


def test_endpoint_down_never_breaks_publishing(
    closed_port_url, endpoint_for, draft_analysis, django_capture_on_commit_callbacks, sleeps, settings
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 4
    settings.WEBHOOKS_RETRY_BACKOFF = 2
    endpoint_for(closed_port_url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_analysis)

    draft_analysis.refresh_from_db()
    assert draft_analysis.live
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.attempts == 4
    assert delivery.status_code is None
    assert "refused" in delivery.last_error.lower()
    assert sleeps == [2, 4, 8]


def test_failures_are_retried_with_the_same_signed_event(
    receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks, sleeps
):
    receiver.statuses = [500, 503]
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_analysis)

    assert len(receiver.requests) == 3
    assert len({r["body"] for r in receiver.requests}) == 1
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1  # one message, retried
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("succeeded", 200, 3)
    assert sleeps == [2, 4]


def test_a_slow_endpoint_times_out(
    receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOKS_TIMEOUT = 0.2
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    receiver.delay = 1
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_analysis)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "timed out" in delivery.last_error.lower()


def test_redirects_are_not_followed(
    receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    receiver.statuses = [302]
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_analysis)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.status_code) == ("failed", 302)


def test_only_active_endpoints_subscribed_to_the_event_are_called(
    receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks
):
    endpoint_for(receiver.url, events=["unpublished"])
    endpoint_for(receiver.url, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_analysis)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_unpublish_move_and_delete_are_sent(
    receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks, kazakhstan
):
    from countries.models import CountryPage

    page = publish(draft_analysis)
    endpoint_for(receiver.url)
    kenya = CountryPage.objects.get(iso_code="KE")
    with django_capture_on_commit_callbacks(execute=True):
        page.move(kenya, pos="last-child")
    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(page)
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()

    events = [r["json"]["event"] for r in receiver.requests]
    # Wagtail unpublishes a live page just before deleting it.
    assert events == ["moved", "unpublished", "published", "unpublished", "deleted"]
    moved = receiver.requests[0]["json"]["page"]
    assert moved["url"].endswith("/kenya/new-analysis/")
    assert receiver.requests[-1]["json"]["page"]["id"] == page.pk
    assert len({r["json"]["id"] for r in receiver.requests}) == 5


def test_deleting_a_never_published_draft_sends_nothing(
    receiver, endpoint_for, draft_analysis, django_capture_on_commit_callbacks
):
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        draft_analysis.delete()
    assert receiver.requests == []


def test_nothing_is_sent_if_the_change_is_rolled_back(receiver, endpoint_for, draft_analysis):
    # Inside the test's transaction nothing commits, so nothing may be sent.
    endpoint_for(receiver.url)
    publish(draft_analysis)
    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == "pending"
