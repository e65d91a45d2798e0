from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signal_handlers
        from .models import WebhookDelivery
        from .permissions import DeliveryLogPermissionPolicy

        register_permission_policy(WebhookDelivery, DeliveryLogPermissionPolicy(WebhookDelivery))
        signal_handlers.connect()
