"""Search across published country analyses: ``run_search()`` and ``suggest()``.

``run_search()`` is the one function that turns parameters into results, facets, snippets and
suggestions; the HTML page (``search.views``) and the JSON API (``search.api``) only parse their
input with ``search.params.parse_params()`` and present what it returns. Its parts: the vocabulary
(``search.vocabulary``), the matches and their facets (``search.matches``), the excerpts
(``search.snippets``).

Typed input never reaches a search backend's query parser: the query is cut down to plain words
(Unicode letters and digits) first, because every database backend has had parser crashes on
punctuation, quotes, backslashes and leading hyphens (see tests/search/test_odd_input.py).
"""

import re
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from django.db.models.functions import Left
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from contact.links import consultation_url
from countries.models import AnalysisPage, AnalysisTopic

from . import documents as search_documents
from .matches import Matches, find, finds_any, ordered_counts
from .models import SearchDocument
from .params import WORD, SearchParams, clean_query, query_terms
from .snippets import SNIPPET_LENGTH, make_snippet, page_text
from .spelling import close_countries, corrected_query, name_words
from .syntax import describe, parse
from .vocabulary import Vocabulary

SUGGEST_LIMIT = 10

# Queries that look like an e-mail address or a phone/case number are not recorded for the report.
PERSONAL = re.compile(r"@|\d{5,}")


@dataclass
class SearchResult:
    page: AnalysisPage
    title: str
    url: str
    country: dict
    region: dict
    topics: list
    current_as_of: object
    snippet: str


@dataclass
class SearchOutcome:
    params: SearchParams
    count: int
    results: list
    facets: dict
    promoted: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    # True when no analysis matched every word and the results match some of them.
    loosened: bool = False
    # The query with misspelt words corrected, when that finds analyses.
    corrected_query: str | None = None


def topics_of(pages):
    """{page id: [{"name", "slug"}, ...]} for the pages, in one query."""
    topics = {page.pk: [] for page in pages}
    rows = (
        AnalysisTopic.objects.filter(content_object_id__in=list(topics))
        .order_by("pk")
        .values_list("content_object_id", "tag__name", "tag__slug")
    )
    for page_id, name, slug in rows if topics else ():
        topics[page_id].append({"name": name, "slug": slug})
    return topics


# What a result reads of its analysis: the title, the address, the place (by path) and the date; not
# the body, whose JSON would be read and parsed for every result.
RESULT_FIELDS = ("title", "url_path", "path", "depth", "locale_id", "current_as_of")


def document_details(ids, excerpts, vocabulary):
    """{page id: (topics, snippet)} of the results, from their search documents in one query: the
    topics by the document's topic slugs (named by the vocabulary), the snippet an engine's excerpt or
    the opening of the document's text (its standfirst and prose, as ``page_text`` reads them)."""
    documents = SearchDocument.objects.filter(pk__in=list(ids))
    fields = ["pk", "topic_keys"]
    if any(pk not in excerpts for pk in ids):
        documents = documents.annotate(opening=Left("body", SNIPPET_LENGTH + 1))
        fields.append("opening")
    details, unnamed = {}, False
    for pk, topic_keys, *opening in documents.values_list(*fields):
        topics = [{"name": vocabulary.topics.get(slug), "slug": slug} for slug in topic_keys.split()]
        unnamed = unnamed or any(topic["name"] is None for topic in topics)
        snippet = excerpts.get(pk) or make_snippet(opening[0], None)
        details[pk] = (sorted(topics, key=lambda topic: (str(topic["name"]).lower(), topic["slug"])), snippet)
    if unnamed:  # a topic newer than this process's vocabulary: named from the topics' own table
        named = topics_of([SimpleNamespace(pk=pk) for pk in details])
        details = {pk: (named[pk], snippet) for pk, (_, snippet) in details.items()}
    return details


def build_results(ids, excerpts, vocabulary, request):
    """The analyses ``ids``, in that order, as results with their place, topics and excerpt."""
    if search_documents.enabled():
        found = AnalysisPage.objects.only(*RESULT_FIELDS).in_bulk(ids)
        details = document_details([pk for pk in ids if pk in found], excerpts, vocabulary)
    else:  # Elasticsearch: the snippet is made from the page itself
        found = AnalysisPage.objects.in_bulk(ids)
        topics = topics_of(found.values())
        details = {
            pk: (topics[pk], excerpts.get(pk) or make_snippet(page_text(page), None)) for pk, page in found.items()
        }
    results = []
    for pk in ids:
        page = found.get(pk)
        if page is None or pk not in details:
            continue
        region, country = vocabulary.place_of(page)
        topics, snippet = details[pk]
        results.append(
            SearchResult(
                page=page,
                title=page.title,
                url=page.get_url(request=request),
                country=country,
                region=region,
                topics=topics,
                current_as_of=page.current_as_of,
                snippet=snippet,
            )
        )
    return results


def editors_picks(q):
    """Live, public pages an editor promoted for exactly this query, in the editor's order."""
    if not q:
        return []
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(q), page__isnull=False)
        .order_by("sort_order")
        .values_list("page_id", "description")
    )
    if not promotions:  # the usual case: one query, no page lookups
        return []
    visible = Page.objects.live().public().in_bulk([page_id for page_id, _ in promotions])
    picks = []
    for page_id, description in promotions:
        page = visible.get(page_id)
        if page is not None:
            picks.append({"title": page.title, "url": page.url, "description": description, "page": page})
    return picks


def matching_countries(q, vocabulary):
    """Countries whose name or alias appears, as whole words, in the query."""
    text = " " + " ".join(WORD.findall(q.lower())) + " "
    found = []
    for name, country in vocabulary.names():
        words = " ".join(WORD.findall(name))
        if words and f" {words} " in text and country not in found:
            found.append(country)
    return found


def country_offer(country, vocabulary, request):
    """A country the query names or nearly names, as the page and the JSON answer both offer it: with
    its summary and, while no analysis of it is published, where to ask for an expert report."""
    covered = country.slug in vocabulary.covered
    return {
        "title": country.title,
        "slug": country.slug,
        "iso_code": country.iso_code,
        "url": country.get_url(request=request),
        "summary": country.summary,
        "has_analyses": covered,
        "consultation_url": None if covered else (consultation_url(request, country) or None),
    }


def did_you_mean(outcome, node, vocabulary, request):
    """Countries spelt like the query (not those it names) and the query with its misspelt words
    corrected, offered only when it finds analyses matching it whole under the same filters."""
    params = outcome.params
    names = list(vocabulary.names())
    named = {country["slug"] for country in outcome.countries}
    outcome.suggestions = [country_offer(c, vocabulary, request) for c in close_countries(params.q, names, named)]
    if node is None:
        return
    name_vocabulary = frozenset(word for name, _ in names for word in name_words(name))
    corrected = corrected_query(
        params.q,
        node,
        names=name_vocabulary,
        finds_nothing=lambda word: not finds_any(replace(params, q=word), parse(word), filters=False),
    )
    if corrected and finds_any(replace(params, q=corrected), parse(corrected)):
        outcome.corrected_query = corrected


def record_query(q):
    """Count the query for the admin's popular-searches report; nothing about who searched is kept."""
    if q and not PERSONAL.search(q):
        Query.get(q).add_hit()


def run_search(params, *, request=None, vocabulary=None, record=True):
    vocabulary = vocabulary or Vocabulary.load()
    node = parse(params.q) if params.q else None
    # A query with no word to search for (punctuation, stop words) finds nothing; an empty one browses.
    matches = find(params, node) if node is not None or not params.q else Matches()
    facets = {"region": {}, "country": {}, "topic": {}}
    if matches.count:
        known = {"region": vocabulary.regions, "country": vocabulary.countries, "topic": vocabulary.topics}
        # Only values a visitor can filter by (Elasticsearch also reports a bucket for "missing").
        facets = {
            name: ordered_counts({slug: n for slug, n in counts.items() if slug in known[name]})
            for name, counts in matches.facets.items()
        }
    outcome = SearchOutcome(
        params=params,
        count=matches.count,
        results=build_results(matches.ids, matches.excerpts, vocabulary, request),
        facets=facets,
        loosened=matches.loosened,
        promoted=editors_picks(params.q) if params.offset == 0 else [],
        countries=[country_offer(c, vocabulary, request) for c in matching_countries(params.q, vocabulary)]
        if params.q
        else [],
    )
    if matches.loosened:
        outcome.messages.append(
            f"No analysis matches all of {describe(node)}; showing analyses that match some of the words."
        )
    if params.q and (matches.count == 0 or matches.loosened):
        did_you_mean(outcome, node, vocabulary, request)
    if record and params.offset == 0:
        record_query(params.q)
    return outcome


def suggest(q, limit=SUGGEST_LIMIT):
    """Up to ``limit`` completions for a search box: countries (by name or alias prefix), then analysis titles."""
    q = clean_query(q).lower()
    if not WORD.search(q):
        return []
    vocabulary = Vocabulary.load()
    suggestions, seen = [], set()
    for name, country in sorted(vocabulary.names(), key=lambda item: item[1].title):
        if country.slug not in seen and any(word.startswith(q) for word in [name, *name.split()]):
            seen.add(country.slug)
            suggestions.append({"kind": "country", "title": country.title, "url": country.url, "slug": country.slug})
    terms = query_terms(q)
    if len(suggestions) < limit and terms:
        analyses = AnalysisPage.objects.live().public().autocomplete(" ".join(terms), operator="and")
        for page in analyses[: limit - len(suggestions)]:
            suggestions.append({"kind": "analysis", "title": page.title, "url": page.url, "slug": page.slug})
    return suggestions[:limit]
