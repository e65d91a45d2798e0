import sys

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class HeadlessConfig(AppConfig):
    name = "headless"
    verbose_name = "Headless delivery"

    def ready(self):
        # Wagtail builds every page type's read schema once, when its v3 registry is
        # first imported (wagtail.images' ready() does that). Our typed field schemas
        # must be registered before then, so this app is listed before the wagtail apps.
        if "wagtail.api.v3.registry" in sys.modules:
            raise ImproperlyConfigured("List 'headless' in INSTALLED_APPS before the wagtail apps.")
        from . import checks  # noqa: F401 - registers the system checks
        from .schemas import register_field_schemas

        register_field_schemas()
