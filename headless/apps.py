from django.apps import AppConfig


class HeadlessConfig(AppConfig):
    name = "headless"
    verbose_name = "Headless delivery"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .page_shapes import register_page_shapes

        register_page_shapes()
