import base64
import secrets

from django import forms
from django.contrib import admin
from django.core.validators import URLValidator
from django.db import models
from wagtail.admin.panels import FieldPanel

from .addresses import validate_public_url


class Event(models.TextChoices):
    PUBLISHED = "published", "Page published"
    UNPUBLISHED = "unpublished", "Page unpublished"
    DELETED = "deleted", "Page deleted"
    MOVED = "moved", "Page moved"


class EventsField(models.JSONField):
    """A list of ``Event`` values, edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=Event.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )


def new_secret():
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(models.Model):
    """A front end or partner site told about changes to published pages (managed as a snippet)."""

    name = models.CharField(max_length=100, help_text="Who receives these events, e.g. “Next.js front end”.")
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"]), validate_public_url],
        help_text="A public http(s) address; addresses inside the network are refused.",
    )
    secret = models.CharField(
        max_length=200,
        default=new_secret,
        help_text="Shared with the receiver, which checks the webhook-signature header with it (Standard Webhooks).",
    )
    events = EventsField(default=list, help_text="The events this endpoint receives.")
    is_active = models.BooleanField("Active", default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldPanel("events"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.name

    @admin.display(description="Events")
    def event_labels(self):
        return ", ".join(Event(event).label for event in self.events if event in Event.values)

    def wants(self, event):
        return self.is_active and event in self.events


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(
        help_text="The event's id, the same for every endpoint; receivers use it to de-duplicate."
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField("Last status code", null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        constraints = [models.UniqueConstraint(fields=["endpoint", "event_id"], name="unique_event_per_endpoint")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint}"

    @property
    def page_title(self):
        return self.payload.get("page", {}).get("title", "")
