from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from core.pages import BasePage


class RegionPage(BasePage):
    introduction = models.TextField(blank=True, max_length=1000)

    child_page_model = "countries.CountryPage"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["countries.CountryPage"]

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=5),
        index.SearchField("introduction"),
        index.FilterField("slug"),
    ]
    api_fields = [APIField("introduction"), APIField("countries")]

    class Meta:
        verbose_name = "region"

    def live_countries(self):
        from .country import CountryPage

        return CountryPage.objects.child_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["countries"] = self.live_countries()
        return context
