from django.apps import AppConfig


class CountriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "countries"
    verbose_name = "Regions, countries and analyses"

    def ready(self):
        from . import signals

        signals.connect()
