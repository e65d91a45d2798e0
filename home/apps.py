from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from core.content_changed import track

        from .models import ContactChannels

        track(ContactChannels)  # shown in every page's footer
