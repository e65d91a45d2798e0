import json
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject, Length, Substr
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages import BasePage
from core.preview import FrontEndPreviewMixin

from .. import version_views
from ..blocks import AnalysisBodyBlock
from ..forms import AnalysisPageForm
from ..paragraphs import number_body

# What the search index reads of an analysis's country and region (AnalysisPage.indexed_place).
PLACE_FIELDS = ("title", "slug", "iso_code", "other_names", "region_title", "region_slug")


class AnalysisTopic(TaggedItemBase):
    content_object = ParentalKey("countries.AnalysisPage", related_name="tagged_topics", on_delete=models.CASCADE)


class AnalysisPage(RoutablePageMixin, BasePage):
    standfirst = models.TextField(max_length=600, help_text="Two or three sentences: what the analysis finds.")
    body = StreamField(AnalysisBodyBlock())
    topics = ClusterTaggableManager(
        "Topics", through=AnalysisTopic, blank=True, help_text="Comma-separated, e.g. elections, freedom of assembly."
    )
    terms_of_reference = models.TextField(
        blank=True,
        help_text="The questions the analysis answers, one per line (EUAA: terms of reference).",
    )
    method = models.TextField(
        "Method", blank=True, help_text="How the information was gathered, selected and cross-checked."
    )
    current_as_of = models.DateField("Information current as of")
    next_review_due = models.DateField(null=True, blank=True)

    parent_page_types = ["countries.CountryPage"]
    subpage_types = []
    base_form_class = AnalysisPageForm

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        FieldPanel("body"),
        FieldPanel("topics"),
        InlinePanel("authors", label="Authors", heading="Authors"),
        InlinePanel("sources", label="Source", heading="Sources"),
        MultiFieldPanel([FieldPanel("terms_of_reference"), FieldPanel("method")], heading="Method and scope"),
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
        APIField("terms_of_reference"),
        APIField("method"),
        APIField("disclaimer"),
        APIField("version"),
        APIField("versions"),
        APIField("paragraphs"),
        APIField("footnotes"),
        APIField("country"),
        APIField("region"),
    ]

    class Meta:
        verbose_name = "analysis"
        verbose_name_plural = "analyses"

    # Permanent versions (models.version): ``v/1.0/`` serves a version for good, ``cite/`` downloads
    # the current version's citation, ``v/1.0/cite/`` a version's, ``v/1.1/changes/`` what changed,
    # ``v/1.0/pdf/`` the version's PDF for court bundles and ``pdf/`` a pointer to the current one's.
    @path("v/<str:number>/", name="version")
    def version_route(self, request, number):
        return version_views.serve_version(self, request, number)

    @path("v/<str:number>/cite/", name="version_citation")
    def version_citation_route(self, request, number):
        return version_views.citation(self, request, number)

    @path("v/<str:number>/changes/", name="version_changes")
    def version_changes_route(self, request, number):
        return version_views.changes(self, request, number)

    @path("v/<str:number>/pdf/", name="version_pdf")
    def version_pdf_route(self, request, number):
        return version_views.version_pdf(self, request, number)

    @path("pdf/", name="pdf")
    def pdf_route(self, request):
        return version_views.current_pdf(self, request)

    @path("cite/", name="citation")
    def citation_route(self, request):
        return version_views.citation(self, request, None)

    def serve_preview(self, request, mode_name):
        # The project's front-end preview first (core.preview); RoutablePageMixin's own would skip it.
        return FrontEndPreviewMixin.serve_preview(self, request, mode_name)

    def route(self, request, path_components):
        # A permalink outlives publication: an unpublished analysis still serves its versions.
        if not self.live and path_components and path_components[0] == "v":
            return version_views.route_unpublished(self, request, path_components)
        return super().route(request, path_components)

    def get_cached_paths(self):
        # The front-end cache purge (publication, withdrawal) reaches every permalink and citation too.
        paths = ["/", "cite/", "pdf/"]
        for version in self.versions.all():
            base = f"v/{version.number}/"
            paths += [base, f"{base}cite/", f"{base}changes/", f"{base}pdf/"]
        return paths

    def current_version(self):
        """The version readers see on the live page (the newest not withdrawn), or None (a draft)."""
        if "_current_version" not in self.__dict__:
            versions = self.published_versions()
            self.__dict__["_current_version"] = versions[-1] if versions and self.live else None
        return self.__dict__["_current_version"]

    def published_versions(self):
        """Every version not withdrawn, oldest first (one query per page object)."""
        if "_published_versions" not in self.__dict__:
            self.__dict__["_published_versions"] = (
                # Without the stored content: the list and the current version's stamp never read it.
                list(self.versions.public().defer("content", "numbers").order_by("major", "minor")) if self.pk else []
            )
        return self.__dict__["_published_versions"]

    def numbered_body(self):
        """Numbered sections and footnotes of the body (countries.paragraphs), once per body value."""
        remembered = self.__dict__.get("_numbered_body")
        if remembered is not None and remembered[0] is self.body:
            return remembered[1]
        result = number_body(self.body)
        self.__dict__["_numbered_body"] = (self.body, result)
        return result

    def numbered_sections(self):
        return self.numbered_body().sections

    def source_notes(self):
        """(footnotes as (Footnote, Source or None), sources cited, sources consulted), for the page.

        Cited: every source the text cites, in the order first cited. Consulted: the sources attached
        to the analysis that the text does not cite. Two queries at most."""
        from .source import Source

        numbered = self.numbered_body()
        remembered = self.__dict__.get("_source_notes")
        if remembered is not None and remembered[0] is numbered:
            return remembered[1]
        cited_ids = numbered.cited_source_ids()
        attached_ids = [attachment.source_id for attachment in self.sources.all() if attachment.source_id]
        wanted = set(cited_ids) | set(attached_ids)
        found = Source.objects.in_bulk(wanted) if wanted else {}  # every source shown, one query
        footnotes = [(footnote, found.get(footnote.source_id)) for footnote in numbered.footnotes]
        cited = [found[pk] for pk in cited_ids if pk in found]
        consulted = [found[pk] for pk in dict.fromkeys(attached_ids) if pk in found and pk not in cited_ids]
        self.__dict__["_source_notes"] = (numbered, (footnotes, cited, consulted))
        return footnotes, cited, consulted

    def citation_problems(self):
        """Why this analysis cannot be submitted or published as it stands: its cited sources that
        lack a date accessed or both a URL and a description, or no longer exist (messages)."""
        return citation_problems(self.numbered_body())

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
        # Lazy: the article is usually a cached fragment ({% contentcache %}), and then neither the
        # authors nor the versions are read.
        authors = SimpleLazyObject(lambda: list(self.authors_with_experts()))
        context["authors"] = authors
        versions = SimpleLazyObject(lambda: self._version_context(request, authors))
        for name in version_views.VERSION_CONTEXT_NAMES:
            context[name] = SimpleLazyObject(partial(lambda key: versions.get(key), name))
        return context

    def _version_context(self, request, authors):
        version = self.current_version()
        if version is None:
            return {}
        return version_views.version_context(self, version, request, list(authors))

    def source_titles(self):
        return " ".join(source.title for source in self.sources.all())

    def clean(self):
        super().clean()
        # Publishing runs a full clean of the page as it goes live (Page.save): an analysis whose cited
        # sources are incomplete is refused then, whatever published it (admin, API, workflow).
        if self.live and not self.has_unpublished_changes and self.live_revision_id == self.latest_revision_id:
            problems = self.citation_problems()
            if problems:
                raise ValidationError({"body": problems})

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
        return (
            super()
            .get_indexed_objects()
            .annotate(indexed_country=Subquery(country[:1]))
            .prefetch_related("sources__source")
        )

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

    # Country information describes conditions in a country; it decides nobody's claim (EUAA, CPIN).
    DISCLAIMER = (
        "This analysis is country information: it describes conditions in the country as far as the "
        "sources show them at the date given. It is not a decision on, or an assessment of, any "
        "individual's claim for protection, which must be decided on its own facts."
    )

    @property
    def disclaimer(self):
        return self.DISCLAIMER

    def questions(self):
        """The terms of reference as a list of questions."""
        return [line.strip() for line in self.terms_of_reference.splitlines() if line.strip()]

    def is_review_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.next_review_due is not None and self.next_review_due < today


def citation_problems(numbered_body):
    from .source import Source

    cited_ids = numbered_body.cited_source_ids()
    found = Source.objects.in_bulk(cited_ids) if cited_ids else {}
    problems = [f"A cited source (#source-{pk}) does not exist." for pk in cited_ids if pk not in found]
    problems += [found[pk].problem_message() for pk in cited_ids if pk in found and found[pk].problems()]
    return problems


class AnalysisAuthor(Orderable):
    page = ParentalKey(AnalysisPage, related_name="authors", on_delete=models.CASCADE)
    expert = models.ForeignKey("countries.Expert", related_name="+", on_delete=models.CASCADE)

    panels = [FieldPanel("expert")]


class AnalysisSource(Orderable):
    """A source attached to an analysis: "cited" where the text cites it, "consulted" otherwise."""

    page = ParentalKey(AnalysisPage, related_name="sources", on_delete=models.CASCADE)
    source = models.ForeignKey("countries.Source", on_delete=models.PROTECT, related_name="attachments")

    panels = [FieldPanel("source")]

    def __str__(self):
        return str(self.source) if self.source_id else ""

    # What bylines, search documents and older callers read of an attached source.
    @property
    def title(self):
        return self.source.title if self.source_id else ""

    @property
    def publisher(self):
        return self.source.author if self.source_id else ""

    @property
    def url(self):
        return self.source.url if self.source_id else ""

    @property
    def published_on(self):
        return self.source.published_on if self.source_id else None
