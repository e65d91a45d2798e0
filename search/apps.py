from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"

    def ready(self):
        from core.content_changed import content_changed

        from .vocabulary import Vocabulary

        # The filter vocabulary (live, public regions, countries and topics in use) is cached; any
        # change readers can see may change it.
        content_changed.connect(Vocabulary.forget, dispatch_uid="search-vocabulary")
