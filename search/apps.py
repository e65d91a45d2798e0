from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"

    def ready(self):
        from django.db.models.signals import post_save

        from core.content_changed import content_changed
        from countries.models import AnalysisPage

        from .documents import on_analysis_saved, on_content_changed
        from .vocabulary import Vocabulary

        # The filter vocabulary (live, public regions, countries and topics in use) is cached; any
        # change readers can see may change it.
        content_changed.connect(Vocabulary.forget, dispatch_uid="search-vocabulary")
        # The search documents follow what readers can see (search.documents).
        content_changed.connect(on_content_changed, dispatch_uid="search-documents")
        post_save.connect(on_analysis_saved, sender=AnalysisPage, dispatch_uid="search-documents-saved")
