from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from taggit.models import Tag
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from countries.models import AnalysisPage, CountryPage, RegionPage

        from .search import Vocabulary

        # The filter vocabulary (live, public regions, countries and topics in use) is cached.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(Vocabulary.forget, dispatch_uid=f"search_vocabulary_{id(signal)}")
        for model in (RegionPage, CountryPage, AnalysisPage, PageViewRestriction, Tag):
            post_delete.connect(Vocabulary.forget, sender=model, dispatch_uid=f"search_vocabulary_del_{model.__name__}")
        for model in (PageViewRestriction, Tag):
            post_save.connect(Vocabulary.forget, sender=model, dispatch_uid=f"search_vocabulary_save_{model.__name__}")
