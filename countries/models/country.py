from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from headless.content import analysis_summary, region_ref
from headless.fields import typed_api_field
from headless.preview import HeadlessPreviewMixin
from headless.schemas import AnalysisSummary, RegionRef
from home.routing import TypedChildRoutingMixin, ViewRestrictionsMixin

from ..fields import CountryCodeField


def split_aliases(text):
    """The comma-separated aliases of a country page, as a list."""
    return [alias.strip() for alias in text.split(",") if alias.strip()]


class CountryPage(ViewRestrictionsMixin, TypedChildRoutingMixin, HeadlessPreviewMixin, Page):
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
        typed_api_field("aliases", list[str], source="alias_list"),
        typed_api_field("region", RegionRef),
        typed_api_field("analyses", list[AnalysisSummary]),
    ]

    class Meta:
        verbose_name = "country"

    def alias_list(self):
        return split_aliases(self.other_names)

    def region_page(self):
        return self.get_parent().specific_deferred

    @property
    def region(self):
        return region_ref(self.get_parent())

    def live_analyses(self):
        from .analysis import AnalysisPage

        return AnalysisPage.objects.child_of(self).live().public().order_by("-current_as_of", "-first_published_at")

    @property
    def analyses(self):
        return [analysis_summary(analysis) for analysis in self.live_analyses()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["analyses"] = self.live_analyses()
        return context
