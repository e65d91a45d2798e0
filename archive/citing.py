"""Which URLs a version of an analysis lists, and which live analyses cite which sources.

A version's bibliography is its sources cited (in the order first cited) and consulted
(``AnalysisPage.source_notes`` on the version as published); every one with a URL is archived and
monitored. A version never changes, so neither does the list of its sources' ids: it is cached for
good under a key that names the version exactly (a database may reuse an id after a rollback).
"""

from django.core.cache import cache

from countries.models import AnalysisPage, AnalysisVersion, Source


def _key(version):
    return f"archive:version-sources:{version.pk}:{version.page_id}:{version.published_at.timestamp():.6f}"


def bibliography(version):
    """The sources ``version`` lists that have a URL, cited first."""
    _footnotes, cited, consulted = version.as_page().source_notes()
    return [source for source in [*cited, *consulted] if source.url]


def source_ids(version):
    """The ids of the sources ``version`` lists (with or without a URL), cited first; cached for good."""
    key = _key(version)
    ids = cache.get(key)
    if ids is None:
        _footnotes, cited, consulted = version.as_page().source_notes()
        ids = [source.pk for source in [*cited, *consulted]]
        cache.set(key, ids, timeout=None)
    return ids


def live_citations():
    """[(analysis, its current version, [its sources with a URL])] for every live analysis, by title.

    Two queries and one cache look-up per analysis, whatever the number of sources.
    """
    analyses = list(AnalysisPage.objects.live().order_by("title", "pk"))
    versions = {}
    # Without their content, which only a version not yet in the cache needs (and then loads).
    listed = AnalysisVersion.objects.public().filter(page__in=analyses).defer("content", "numbers")
    for version in listed.order_by("major", "minor"):
        versions[version.page_id] = version  # the newest wins
    wanted = {}
    for analysis in analyses:
        version = versions.get(analysis.pk)
        if version is not None:
            version.page = analysis
            wanted[analysis.pk] = source_ids(version)
    found = Source.objects.exclude(url="").in_bulk({pk for ids in wanted.values() for pk in ids})
    return [
        (analysis, versions[analysis.pk], [found[pk] for pk in wanted[analysis.pk] if pk in found])
        for analysis in analyses
        if analysis.pk in wanted
    ]
