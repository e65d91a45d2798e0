from django.db import models
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.pages import BasePage

from ..fields import CountryCodeField


def split_aliases(text):
    """The comma-separated aliases of a country page, as a list."""
    return [alias.strip() for alias in text.split(",") if alias.strip()]


class CountryPage(BasePage):
    iso_code = CountryCodeField(
        "ISO code",
        unique=True,
        help_text="ISO 3166-1 alpha-2 code, e.g. KZ. Kosovo uses XK.",
    )
    summary = models.CharField(max_length=255, help_text="One line on the main risks, shown in lists.")
    # Named other_names: Page.aliases is Wagtail's own (pages that alias this one).
    other_names = models.CharField(
        "Aliases",
        max_length=255,
        blank=True,
        help_text="Other names people search for, separated by commas: demonyms, local and former names "
        "(e.g. “Kazakh, Qazaqstan”). The ISO code is searchable already.",
    )
    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    child_page_model = "countries.AnalysisPage"
    parent_page_types = ["countries.RegionPage"]
    subpage_types = ["countries.AnalysisPage"]

    content_panels = Page.content_panels + [
        FieldPanel("iso_code"),
        FieldPanel("summary"),
        FieldPanel("other_names"),
        FieldPanel("introduction"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=5),
        index.SearchField("other_names", boost=4),
        index.SearchField("iso_code", boost=4),
        index.SearchField("summary"),
        index.AutocompleteField("other_names"),
        index.FilterField("iso_code"),
        index.FilterField("slug"),
    ]
    api_fields = [
        APIField("iso_code"),
        APIField("summary"),
        APIField("introduction"),
        # "aliases" on Page is Wagtail's alias-page relation; the API names the country's other names so.
        APIField("aliases"),
        APIField("region"),
        APIField("analyses"),
    ]

    class Meta:
        verbose_name = "country"

    def alias_list(self):
        return split_aliases(self.other_names)

    def region_page(self):
        return self.get_parent().specific_deferred

    def live_analyses(self):
        from .analysis import AnalysisPage

        return AnalysisPage.objects.child_of(self).live().public().order_by("-current_as_of", "-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy (its privacy filter queries at once): the listing is usually a cached fragment.
        context["analyses"] = SimpleLazyObject(lambda: list(self.live_analyses()))
        return context
