"""Writing the search documents (``search.models.SearchDocument``): what each analysis is searched by.

A document is written when an analysis a reader can see changes, and removed when it can no longer be
seen (unpublished, restricted, deleted). Changes arrive as one signal (``core.content_changed``): a
page published, unpublished, moved, deleted or restricted reindexes the analyses at or under it
(a country's new alias or a region's new name reach its analyses' documents that way); a topic or an
expert edited reindexes the analyses that carry it. An analysis saved in full outside
publishing (a script, a data migration, a factory) is reindexed too, as Wagtail's own index is on
``post_save``; revision saves name their ``update_fields`` and leave the live text alone.
"""

import re

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Prefetch
from taggit.models import Tag

from core.content_changed import DELETED
from countries.models import (
    AnalysisAuthor,
    AnalysisPage,
    AnalysisSource,
    AnalysisTopic,
    CountryPage,
    Expert,
    RegionPage,
)
from countries.models.country import split_aliases

from .engines import engine
from .models import SearchDocument
from .snippets import block_texts
from .spelling import remember as remember_words

BATCH = 500
# Control characters never reach a document: the engines mark matched words with two of them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def enabled():
    """Documents are the database backends' index; with Elasticsearch, Wagtail's index is searched."""
    return "elasticsearch" not in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]


def plain(*parts):
    return " ".join(CONTROL.sub(" ", " ".join(part for part in parts if part)).split())


def places_by_path(analyses):
    """{analysis path: (region, country)} as dicts of the fields documents copy, in two queries."""
    steplen = AnalysisPage.steplen
    country_paths = {page.path[:-steplen] for page in analyses}
    countries = {
        c["path"]: c
        for c in CountryPage.objects.filter(path__in=country_paths).values(
            "path", "slug", "title", "iso_code", "other_names"
        )
    }
    regions = {
        r["path"]: r
        for r in RegionPage.objects.filter(path__in={path[:-steplen] for path in country_paths}).values(
            "path", "slug", "title"
        )
    }
    empty_country = {"slug": "", "title": "", "iso_code": "", "other_names": ""}
    return {
        page.path: (
            regions.get(page.path[: -2 * steplen], {"slug": "", "title": ""}),
            countries.get(page.path[:-steplen], empty_country),
        )
        for page in analyses
    }


def build(analyses):
    """Unsaved documents for ``analyses`` (live, public AnalysisPage objects with their topics,
    sources and authors prefetched)."""
    places = places_by_path(analyses)
    documents = []
    for page in analyses:
        region, country = places[page.path]
        topics = list(page.topics.all())
        keywords = plain(
            *(topic.name for topic in topics),
            country["title"],
            country["iso_code"],
            *split_aliases(country["other_names"]),
            region["title"],
            *(source.title for source in page.sources.all()),
            *(author.expert.name for author in page.authors.all()),
        )
        documents.append(
            SearchDocument(
                page_id=page.pk,
                title=plain(page.title),
                keywords=keywords,
                body=plain(page.standfirst, *block_texts(list(page.body.raw_data))),
                region_slug=region["slug"],
                country_slug=country["slug"],
                country_iso=country["iso_code"],
                topic_keys=" ".join(sorted({topic.slug for topic in topics})),
                current_as_of=page.current_as_of,
            )
        )
    return documents


def visible(ids):
    """The analyses among ``ids`` a reader can see, with what their documents copy: topics, source titles
    and authors' names, each in one query for the batch. Sources and authors are joined to their source
    and expert rows (``select_related``) rather than prefetched a second level: Django 5.2 prefetches a
    foreign key with one ``id = … OR id = …`` term per row on SQLite, which refuses a batch of 500
    analyses' sources ("Expression tree is too large"), and only the title and the name are read."""
    return (
        AnalysisPage.objects.live()
        .public()
        .filter(pk__in=ids)
        .prefetch_related(
            "topics",
            Prefetch(
                "sources",
                queryset=AnalysisSource.objects.select_related("source")
                .only("page_id", "sort_order", "source__title")
                .order_by("sort_order", "pk"),
            ),
            Prefetch(
                "authors",
                queryset=AnalysisAuthor.objects.select_related("expert")
                .only("page_id", "sort_order", "expert__name")
                .order_by("sort_order", "pk"),
            ),
        )
        .order_by("pk")
    )


def reindex(ids):
    """Write the documents of the analyses among ``ids`` that a reader can see; remove the others'."""
    if not enabled():
        return
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        documents = build(list(visible(batch)))
        with transaction.atomic():
            engine(connection).remove(set(batch) - {document.page_id for document in documents})
            engine(connection).write(documents)
            remember_words(documents)


def rebuild():
    """Every document again, from the pages; returns how many there are."""
    engine(connection).remove(SearchDocument.objects.values_list("pk", flat=True))
    reindex(AnalysisPage.objects.values_list("pk", flat=True))
    return SearchDocument.objects.count()


def analyses_at_or_under(page):
    return AnalysisPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)


def on_content_changed(sender, change, **kwargs):
    if not enabled():
        return
    if change.page is not None:
        if change.kind == DELETED:
            # The page's document went with it (a foreign key); SQLite's text table has none.
            engine(connection).remove([change.page.pk])
        else:
            reindex(analyses_at_or_under(change.page))
    elif isinstance(change.instance, Tag):
        tagged = AnalysisTopic.objects.filter(tag_id=change.instance.pk).values_list("content_object_id", flat=True)
        # A deleted topic's taggings are gone: the documents that list its slug still know.
        listed = SearchDocument.objects.filter(topic_keys__regex=rf"(^| ){re.escape(change.instance.slug)}( |$)")
        reindex([*tagged, *listed.values_list("pk", flat=True)])
    elif isinstance(change.instance, Expert):
        authored = AnalysisAuthor.objects.filter(expert_id=change.instance.pk).values_list("page_id", flat=True)
        named = SearchDocument.objects.filter(keywords__contains=change.instance.name).values_list("pk", flat=True)
        reindex([*authored, *named])


def on_analysis_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or update_fields is not None or not enabled():
        return
    reindex([instance.pk])
