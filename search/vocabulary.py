"""The filter vocabulary: slugs and names of the live, public regions and countries and topics in use."""

from dataclasses import dataclass, field

from django.core.cache import cache
from taggit.models import Tag

from countries.models import AnalysisPage, CountryPage, RegionPage

from .params import clean_query

VOCABULARY_CACHE_KEY = "search:vocabulary"
# Cached outside the content generation (docs/search.md): it is read by every search, also without
# Redis, where the content cache is off. The content-changed signal clears it in the process where a
# change happens (search.apps); these seconds bound how long another process may be behind.
VOCABULARY_CACHE_SECONDS = 60


@dataclass
class Vocabulary:
    """Slugs and names of the live, public regions and countries and of the topics in use."""

    regions: dict
    countries: dict
    topics: dict
    # Slugs of the countries with at least one live, public analysis.
    covered: frozenset = frozenset()
    # {path: slug} of the regions, to tell where a result is without a query.
    region_paths: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        # Cached: every search needs it, and it changes only when pages are published, unpublished,
        # moved, deleted or restricted (search.apps clears it then).
        vocabulary = cache.get(VOCABULARY_CACHE_KEY)
        if vocabulary is None:
            vocabulary = cls.from_database()
            cache.set(VOCABULARY_CACHE_KEY, vocabulary, VOCABULARY_CACHE_SECONDS)
        return vocabulary

    @classmethod
    def from_database(cls):
        region_rows = list(RegionPage.objects.live().public().values_list("slug", "title", "path"))
        regions = {slug: title for slug, title, _ in region_rows}
        countries = {
            country.slug: country
            for country in CountryPage.objects.live()
            .public()
            .only("slug", "title", "iso_code", "other_names", "summary", "url_path", "path")
        }
        # Only topics of analyses a reader can see: a topic that exists only on a draft or a private
        # analysis must not be confirmable by guessing its slug (``?topic=`` would answer differently).
        searchable = AnalysisPage.objects.live().public()
        topics = dict(
            Tag.objects.filter(countries_analysistopic_items__content_object_id__in=searchable.values("pk"))
            .distinct()
            .values_list("slug", "name")
        )
        steplen = AnalysisPage.steplen
        analysed = {path[:-steplen] for path in searchable.values_list("path", flat=True)}
        covered = frozenset(country.slug for country in countries.values() if country.path in analysed)
        return cls(
            regions=regions,
            countries=countries,
            topics=topics,
            covered=covered,
            region_paths={path: slug for slug, _, path in region_rows},
        )

    @staticmethod
    def forget(**kwargs):
        cache.delete(VOCABULARY_CACHE_KEY)

    def resolve(self, name, raw):
        """The known slug for a filter value (country also by ISO code), or None."""
        value = clean_query(raw or "").lower()
        if name == "country":
            if value in self.countries:
                return value
            return next((slug for slug, c in self.countries.items() if c.iso_code.lower() == value), None)
        known = self.regions if name == "region" else self.topics
        return value if value in known else None

    def title(self, name, slug):
        if name == "country":
            country = self.countries.get(slug)
            return country.title if country else slug
        return (self.regions if name == "region" else self.topics).get(slug, slug)

    def place_of(self, page):
        """(region, country) of an analysis, as {"title", "slug"} and {"title", "slug", "iso_code"}."""
        steplen = page.steplen
        country = next((c for c in self.countries.values() if c.path == page.path[:-steplen]), None)
        region_slug = self.region_paths.get(page.path[: -2 * steplen], "")
        return (
            {"title": self.regions.get(region_slug, ""), "slug": region_slug},
            {
                "title": country.title if country else "",
                "slug": country.slug if country else "",
                "iso_code": country.iso_code if country else "",
            },
        )

    def names(self):
        """(lower-case name, country) for every title and alias, for matching typed words to countries."""
        for country in self.countries.values():
            yield country.title.lower(), country
            for alias in country.alias_list():
                yield alias.lower(), country
