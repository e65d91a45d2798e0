import json

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject, Length, Substr
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages import BasePage

from ..blocks import AnalysisBodyBlock

# What the search index reads of an analysis's country and region (AnalysisPage.indexed_place).
PLACE_FIELDS = ("title", "slug", "iso_code", "other_names", "region_title", "region_slug")


class AnalysisTopic(TaggedItemBase):
    content_object = ParentalKey("countries.AnalysisPage", related_name="tagged_topics", on_delete=models.CASCADE)


class AnalysisPage(BasePage):
    standfirst = models.TextField(max_length=600, help_text="Two or three sentences: what the analysis finds.")
    body = StreamField(AnalysisBodyBlock())
    topics = ClusterTaggableManager(
        "Topics", through=AnalysisTopic, blank=True, help_text="Comma-separated, e.g. elections, freedom of assembly."
    )
    current_as_of = models.DateField("Information current as of")
    next_review_due = models.DateField(null=True, blank=True)

    parent_page_types = ["countries.CountryPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        FieldPanel("body"),
        FieldPanel("topics"),
        InlinePanel("authors", label="Authors", heading="Authors"),
        InlinePanel("sources", label="Source", heading="Sources"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("current_as_of"), FieldPanel("next_review_due")])],
            heading="Currency",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=6),
        index.SearchField("standfirst", boost=3),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name", boost=3), index.FilterField("slug")]),
        index.RelatedFields("authors", [index.RelatedFields("expert", [index.SearchField("name")])]),
        # Callables, not RelatedFields: the SQLite backend would file a related field called
        # "title" under the page title and rank source titles like the analysis's own.
        index.SearchField("source_titles"),
        index.SearchField("place_names", boost=2),
        index.FilterField("current_as_of"),
        # Only Elasticsearch indexes callable filter values; it facets on these.
        index.FilterField("region_slug"),
        index.FilterField("country_slug"),
        index.FilterField("topic_slugs"),
    ]
    api_fields = [
        APIField("standfirst"),
        APIField("body"),
        APIField("table_of_contents"),
        APIField("topics"),
        APIField("authors"),
        APIField("sources"),
        APIField("current_as_of"),
        APIField("next_review_due"),
        APIField("country"),
        APIField("region"),
    ]

    class Meta:
        verbose_name = "analysis"
        verbose_name_plural = "analyses"

    def body_with_anchors(self):
        """Each body block with the anchor its section heading gets (None for other blocks)."""
        # The template asks twice (contents list and body); computed once per body value.
        remembered = self.__dict__.get("_body_with_anchors")
        if remembered is not None and remembered[0] is self.body:
            return remembered[1]
        result = self._anchor_blocks()
        self.__dict__["_body_with_anchors"] = (self.body, result)
        return result

    def _anchor_blocks(self):
        seen = set()
        result = []
        for block in self.body:
            anchor = None
            if block.block_type == "heading":
                base = slugify(block.value) or "section"
                anchor, n = base, 2
                while anchor in seen:
                    anchor, n = f"{base}-{n}", n + 1
                seen.add(anchor)
            result.append((block, anchor))
        return result

    @property
    def table_of_contents(self):
        return [{"anchor": anchor, "title": block.value} for block, anchor in self.body_with_anchors() if anchor]

    def authors_with_experts(self):
        return self.authors.select_related("expert")

    def country_page(self):
        """The parent country, specific, in one query (none when routing already fetched it)."""
        from .country import CountryPage

        parent = getattr(self, "_cached_parent_obj", None)
        if not isinstance(parent, CountryPage):
            parent = CountryPage.objects.get(path=self.path[: -self.steplen])
            self._cached_parent_obj = parent
        return parent

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["country"] = self.country_page()
        context["authors"] = list(self.authors_with_experts())
        return context

    def source_titles(self):
        return " ".join(source.title for source in self.sources.all())

    @classmethod
    def get_indexed_objects(cls):
        # Bulk indexing (update_index) reads each analysis's place with it, rather than querying it
        # once per analysis.
        from .country import CountryPage  # here: importing it first would reorder the API's page types

        steplen = cls.steplen
        path = OuterRef("path")
        region = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen))
        country = (
            CountryPage.objects.filter(path=Substr(path, 1, Length(path) - steplen))
            .annotate(
                region_title=Subquery(region.values("title")[:1]), region_slug=Subquery(region.values("slug")[:1])
            )
            .values(json=JSONObject(**{name: name for name in PLACE_FIELDS}))
        )
        return super().get_indexed_objects().annotate(indexed_country=Subquery(country[:1])).prefetch_related("sources")

    def indexed_place(self):
        """The country's title, slug, ISO code and aliases and the region's title and slug (a dict), or
        None outside the country tree: what the search index knows of where the analysis is."""
        from .country import CountryPage

        place = self.__dict__.get("indexed_country")
        if place is None:
            # One query: a single analysis being indexed after a save.
            region = Page.objects.filter(path=self.path[: -2 * self.steplen])
            place = (
                CountryPage.objects.filter(path=self.path[: -self.steplen])
                .annotate(
                    region_title=Subquery(region.values("title")[:1]), region_slug=Subquery(region.values("slug")[:1])
                )
                .values(*PLACE_FIELDS)
                .first()
            )
        if isinstance(place, str):  # JSONObject comes back as text on some databases
            place = json.loads(place)
        self.__dict__["indexed_country"] = place
        return place

    def place_names(self):
        """The country's names, ISO code and aliases and the region's name, so any of them finds the analysis."""
        from .country import split_aliases

        place = self.indexed_place()
        if place is None:
            return ""
        aliases = split_aliases(place["other_names"])
        return " ".join([place["title"], place["iso_code"], *aliases, place["region_title"] or ""])

    def topic_slugs(self):
        return [tag.slug for tag in self.topics.all()]

    def region_slug(self):
        country = self.indexed_place()
        return country["region_slug"] if country else ""

    def country_slug(self):
        country = self.indexed_place()
        return country["slug"] if country else ""

    def is_review_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.next_review_due is not None and self.next_review_due < today


class AnalysisAuthor(Orderable):
    page = ParentalKey(AnalysisPage, related_name="authors", on_delete=models.CASCADE)
    expert = models.ForeignKey("countries.Expert", related_name="+", on_delete=models.CASCADE)

    panels = [FieldPanel("expert")]


class AnalysisSource(Orderable):
    page = ParentalKey(AnalysisPage, related_name="sources", on_delete=models.CASCADE)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("Date", null=True, blank=True)
    url = models.URLField("URL", blank=True, max_length=500)

    panels = [FieldPanel("title"), FieldPanel("publisher"), FieldPanel("published_on"), FieldPanel("url")]
    api_fields = [APIField("title"), APIField("publisher"), APIField("published_on"), APIField("url")]

    def __str__(self):
        return self.title
