"""Retries on a queued backend, and the admin screens editors use."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from tests.factories import AnalysisPageFactory, publish
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.tasks import deliver_webhook


def webhook_tasks(backend):
    return [result for result in backend.results if result.task.name == deliver_webhook.name]


@pytest.fixture
def queued_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def test_on_a_queued_backend_a_failure_is_requeued_after_its_backoff(
    queued_backend, closed_port_url, endpoint_for, kazakhstan, django_capture_on_commit_callbacks, settings, sleeps
):
    settings.WEBHOOKS_RETRY_BACKOFF = 30
    endpoint_for(closed_port_url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(AnalysisPageFactory(parent=kazakhstan, live=False))
    [queued] = webhook_tasks(queued_backend)
    delivery = WebhookDelivery.objects.get()
    assert queued.args == [delivery.pk]
    assert delivery.attempts == 0  # enqueued, not run inside the publish

    before = timezone.now()
    deliver_webhook.call(*queued.args)  # what the worker does
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    first, retry = webhook_tasks(queued_backend)
    assert first is queued
    assert retry.args == [delivery.pk]
    assert (
        before + datetime.timedelta(seconds=30)
        <= retry.task.run_after
        <= timezone.now() + datetime.timedelta(seconds=30)
    )
    assert sleeps == []  # the worker is not held up waiting


def test_deactivating_an_endpoint_stops_queued_deliveries(
    queued_backend, receiver, endpoint_for, kazakhstan, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(AnalysisPageFactory(parent=kazakhstan, live=False))
    endpoint.is_active = False
    endpoint.save()
    [queued] = webhook_tasks(queued_backend)
    deliver_webhook.call(*queued.args)
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 0)
    assert "deactivated" in delivery.last_error


def test_a_delivered_event_is_not_sent_again(receiver, endpoint_for, kazakhstan, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(AnalysisPageFactory(parent=kazakhstan, live=False))
    delivery = WebhookDelivery.objects.get()
    deliver_webhook.call(delivery.pk)  # e.g. a duplicate from the queue
    assert len(receiver.requests) == 1


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editors_register_endpoints_in_the_admin(client, editor, monkeypatch):
    from tests.webhooks.test_standard_webhooks_and_addresses import fake_dns

    fake_dns(monkeypatch, {"partner.example.org": "93.184.215.14", "intranet.example.org": "192.168.0.10"})
    client.force_login(editor)
    add_url = reverse(WebhookEndpoint.snippet_viewset.get_url_name("add"))
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {
            "name": "Partner site",
            "url": "https://partner.example.org/hooks",
            "secret": "shared",
            "events": ["published", "deleted"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    refused = client.post(
        add_url,
        {"name": "Intranet", "url": "https://intranet.example.org/", "secret": "s", "events": ["published"]},
    )
    assert refused.status_code == 200
    assert "public addresses only" in refused.content.decode()
    assert not WebhookEndpoint.objects.filter(name="Intranet").exists()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["published", "deleted"]
    assert endpoint.wants("published")
    assert not endpoint.wants("moved")
    listing = client.get(reverse(WebhookEndpoint.snippet_viewset.get_url_name("list")))
    assert "Page published, Page deleted" in listing.content.decode()


def test_endpoint_urls_must_be_http(client, editor):
    client.force_login(editor)
    add_url = reverse(WebhookEndpoint.snippet_viewset.get_url_name("add"))
    response = client.post(add_url, {"name": "x", "url": "file:///etc/passwd", "secret": "s", "events": ["published"]})
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()


def test_editors_read_the_delivery_log_but_cannot_change_it(client, editor, closed_port_url, endpoint_for):
    endpoint = endpoint_for(closed_port_url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="6f1c8a52-3a40-4c39-9d0c-4b1f3a0b7c11",
        event="published",
        payload={"page": {"title": "Some analysis"}},
        status="failed",
        status_code=500,
        attempts=5,
        last_error="HTTP 500 Internal Server Error",
    )
    client.force_login(editor)
    index = client.get(reverse("webhook_deliveries:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert "Some analysis" in html
    inspect = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert inspect.status_code == 200
    assert "HTTP 500 Internal Server Error" in inspect.content.decode()
    assert client.get(reverse("webhook_deliveries:edit", args=[delivery.pk])).status_code in (302, 403)
    assert client.post(reverse("webhook_deliveries:delete", args=[delivery.pk])).status_code in (302, 403)
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()


def test_people_without_the_permission_do_not_see_the_log(client, db):
    user = get_user_model().objects.create_user("intake", "i@example.com", "pw")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    client.force_login(user)
    assert client.get(reverse("webhook_deliveries:index")).status_code in (302, 403)
