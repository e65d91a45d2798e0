from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Webhook endpoints"
    add_to_settings_menu = True
    list_display = ["name", "url", "event_labels", "is_active"]
    list_filter = ["is_active"]


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never editable (see DeliveryLogPermissionPolicy); the form only satisfies ModelViewSet.
    form_fields = ["status"]
    list_display = ["event", "page_title", "endpoint", "status", "status_code", "attempts", "last_error", "created_at"]
    list_filter = ["status", "event", "endpoint"]
    inspect_view_fields = [
        "endpoint",
        "event",
        "event_id",
        "status",
        "status_code",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "payload",
    ]


register_snippet(WebhookEndpointViewSet)


@hooks.register("register_admin_viewset")
def register_delivery_log():
    return WebhookDeliveryViewSet("webhook_deliveries")
