"""JSON search on the project's API object: /api/v3/search/ and /api/v3/search/suggest/.

Parameters are read as text and checked by ``search.search.parse_params`` (the same rules as the HTML
page, but strict): anything unusable is a 400 problem document naming the parameter, never a 5xx.
"""

import datetime

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.errors import ProblemDetail

from .search import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    InvalidSearch,
    Vocabulary,
    parse_params,
    run_search,
    suggest,
)

router = Router(tags=["search"])


class SearchCountry(Schema):
    title: str
    slug: str
    iso_code: str


class SearchRegion(Schema):
    title: str
    slug: str


class SearchTopic(Schema):
    name: str
    slug: str


class SearchResult(Schema):
    id: int
    title: str
    url: str | None
    api_url: str
    country: SearchCountry
    region: SearchRegion
    topics: list[SearchTopic]
    current_as_of: datetime.date
    snippet: str


class SearchPromoted(Schema):
    title: str
    url: str | None
    description: str


class SearchFacets(Schema):
    region: dict[str, int]
    country: dict[str, int]
    topic: dict[str, int]


class SearchResponse(Schema):
    count: int
    results: list[SearchResult]
    facets: SearchFacets
    promoted: list[SearchPromoted]
    did_you_mean: list[SearchCountry]


class SearchFilters(Schema):
    q: str = Query("", description=f"Words to find; punctuation is ignored; at most {MAX_QUERY_LENGTH} characters.")
    region: list[str] = Query([], description="Region slug; repeat for any of several.")
    country: list[str] = Query([], description="Country slug or ISO code; repeat for any of several.")
    topic: list[str] = Query([], description="SearchTopic slug; repeat to require all of them.")
    sort: str = Query("relevance", description="`relevance` (default) or `newest`.")
    limit: str = Query(str(PAGE_SIZE), description=f"Results per response, 1–{MAX_LIMIT}.")
    offset: str = Query("0", description=f"Results to skip, 0–{MAX_OFFSET}.")


class SearchSuggestion(Schema):
    kind: str
    title: str
    url: str | None
    slug: str


@router.get(
    "/",
    response={200: SearchResponse, 400: ProblemDetail},
    summary="Search published analyses",
    description="Full-text search over live, public analyses with region, country and topic filters and facets. "
    "An empty `q` with filters lists the newest analyses. Unknown filter values and out-of-range paging give 400.",
)
def search(request, filters: Query[SearchFilters]):
    vocabulary = Vocabulary.load()
    try:
        params, _ = parse_params(filters.dict(), strict=True, vocabulary=vocabulary)
    except InvalidSearch as error:
        raise HttpError(400, str(error)) from None
    outcome = run_search(params, request=request, vocabulary=vocabulary)
    return {
        "count": outcome.count,
        "results": [
            {
                "id": result.page.pk,
                "title": result.title,
                "url": result.url,
                "api_url": reverse("wagtailapi_v3:detail_page", args=[result.page.pk]),
                "country": result.country,
                "region": result.region,
                "topics": result.topics,
                "current_as_of": result.current_as_of,
                "snippet": str(result.snippet),
            }
            for result in outcome.results
        ],
        "facets": outcome.facets,
        "promoted": [{"title": p["title"], "url": p["url"], "description": p["description"]} for p in outcome.promoted],
        "did_you_mean": [{"title": c.title, "slug": c.slug, "iso_code": c.iso_code} for c in outcome.suggestions],
    }


@router.get(
    "/suggest/",
    response=list[SearchSuggestion],
    summary="Suggestions for a search box",
    description="Up to 10 completions of `q`: countries (by name or alias) first, then analysis titles.",
)
def search_suggest(request, q: str = Query("", description="The start of a word, e.g. `kaza`.")):
    return suggest(q)
