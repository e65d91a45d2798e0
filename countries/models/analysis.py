import json

from django.core.exceptions import ValidationError
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
from ..forms import AnalysisPageForm, too_many_topics


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

    # Where the analysis sits in the tree, copied from its country and region so that every search
    # backend can filter and facet on plain columns (kept in sync by countries.signals).
    region_slug = models.SlugField(max_length=255, blank=True, editable=False)
    country_slug = models.SlugField(max_length=255, blank=True, editable=False)
    country_iso = models.CharField(max_length=2, blank=True, editable=False)
    # The live version's topic slugs, separated by spaces, so that PostgreSQL counts topics in the same
    # pass over a search's matches as regions and countries (search.backends.summary_statement);
    # kept in sync by countries.signals. Filtering by topic still goes through the tags.
    topic_keys = models.TextField(blank=True, default="", editable=False)

    parent_page_types = ["countries.CountryPage"]
    subpage_types = []
    base_form_class = AnalysisPageForm

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
        index.FilterField("region_slug"),
        index.FilterField("country_slug"),
        index.FilterField("country_iso"),
        index.FilterField("current_as_of"),
        # Only Elasticsearch indexes callable filter values; it facets topics on this list.
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

    def clean(self):
        super().clean()
        # The admin form says so next to the field (AnalysisPageForm); this catches other saves.
        error = too_many_topics(len(self.topics.all()))
        if error:
            raise ValidationError({"topics": error})

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
        # Bulk indexing (update_index) reads each analysis's place names and sources with it, rather
        # than querying them once per analysis.
        from .country import CountryPage  # here: importing it first would reorder the API's page types

        steplen = cls.steplen
        path = OuterRef("path")
        country = CountryPage.objects.filter(path=Substr(path, 1, Length(path) - steplen)).values(
            json=JSONObject(title="title", iso_code="iso_code", other_names="other_names")
        )
        region = Page.objects.filter(path=Substr(path, 1, Length(path) - 2 * steplen)).values("title")
        return (
            super()
            .get_indexed_objects()
            .annotate(indexed_country=Subquery(country[:1]), indexed_region_title=Subquery(region[:1]))
            .prefetch_related("sources")
        )

    def place_names(self):
        """The country's names, ISO code and aliases and the region's name, so any of them finds the analysis."""
        from .country import CountryPage, split_aliases

        country = getattr(self, "indexed_country", None)
        region_title = getattr(self, "indexed_region_title", None)
        if country is None:
            # One query for both: a single analysis being indexed after a save.
            region = Page.objects.filter(path=self.path[: -2 * self.steplen]).values("title")[:1]
            country = (
                CountryPage.objects.filter(path=self.path[: -self.steplen])
                .annotate(region_title=Subquery(region))
                .values("title", "iso_code", "other_names", "region_title")
                .first()
            )
            if country is None:
                return ""
            region_title = country["region_title"]
        if isinstance(country, str):  # JSONObject comes back as text on some databases
            country = json.loads(country)
        aliases = split_aliases(country["other_names"])
        return " ".join([country["title"], country["iso_code"], *aliases, region_title or ""])

    def topic_slugs(self):
        return [tag.slug for tag in self.topics.all()]

    def current_topic_keys(self):
        return " ".join(sorted(set(self.topic_slugs())))

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
