from django.apps import AppConfig


class ServingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "serving"
    verbose_name = "Serving: caches, purge, health and hardening"

    def ready(self):
        from . import login_throttling, signals  # noqa: F401 - login_throttling connects its receiver

        signals.connect()
