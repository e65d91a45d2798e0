"""JSON search on the project's API object: /api/v3/search/ and /api/v3/search/suggest/.

Parameters are typed in the schema (ninja answers 422 for a value outside its documented type or
range) and then read by ``search.params.parse_params``, by the same rules as the HTML page: unknown
filter values are ignored and named in ``messages``. Never a 5xx.
"""

import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, WithJsonSchema, field_validator
from wagtail.api.v3.errors import ProblemDetail

from .params import (
    ISO_DATE,
    MAX_FILTER_VALUES,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    InvalidSearch,
    parse_params,
)
from .service import run_search, suggest
from .vocabulary import Vocabulary

router = Router(tags=["search"])

# A date as query text, documented as ``format: date``.
IsoDate = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]


class SearchCountry(Schema):
    title: str
    slug: str
    iso_code: str


class SearchCountryOffer(SearchCountry):
    url: str | None
    summary: str
    has_analyses: bool = Field(description="Whether an analysis of this country is published.")
    consultation_url: str | None = Field(
        description="Where to ask for an expert report, with the country chosen; only while no analysis is published."
    )


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
    countries: list[SearchCountryOffer] = Field(description="Countries the query names, by name or alias.")
    did_you_mean: list[SearchCountryOffer] = Field(description="With no results: countries spelt like the query.")
    loosened: bool = Field(
        description="True when no analysis matches all the words of `q` and these results match some of them, "
        "those matching more words first (a phrase, an exclusion or `OR` is never loosened)."
    )
    corrected_query: str | None = Field(
        description="With no results, or only loosened ones: the query with misspelt words replaced by words "
        "the analyses use, when that finds analyses (e.g. `torure` → `torture`)."
    )
    messages: list[str]


class SearchFilters(Schema):
    q: str = Query(
        "",
        max_length=MAX_QUERY_LENGTH,
        description="What to find, at most "
        f"{MAX_QUERY_LENGTH} characters. Words must all match, in any of their forms (English stemming; "
        'stop words ignored); `"exact phrase"`; `-word` or `NOT word` excludes; `OR` widens; brackets '
        "group, e.g. `(torture OR detention) Iran`; `word*` matches the start of words. Malformed syntax "
        "(an unbalanced quote or bracket, a lone operator) is read as plain words. When no analysis has all "
        "the plain words, those with some of them are returned and `loosened` is true.",
    )
    region: list[str] = Query([], max_length=MAX_FILTER_VALUES, description="Region slug; repeat for any of several.")
    country: list[str] = Query(
        [], max_length=MAX_FILTER_VALUES, description="Country slug or ISO code; repeat for any of several."
    )
    topic: list[str] = Query([], max_length=MAX_FILTER_VALUES, description="Topic slug; repeat to require all of them.")
    # Text in the YYYY-MM-DD form, checked below: pydantic's own date type would also take a number of
    # seconds (``to=0``), which the document's ``format: date`` does not allow.
    current_from: IsoDate | None = Query(
        None,
        alias="from",
        description="Only analyses whose information is current as of this date (YYYY-MM-DD) or later.",
    )
    current_to: IsoDate | None = Query(
        None,
        alias="to",
        description="Only analyses whose information is current as of this date (YYYY-MM-DD) or earlier.",
    )
    sort: Literal["relevance", "newest"] = Query("relevance", description="`relevance` (default) or `newest`.")
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_LIMIT, description=f"Results per response, 1–{MAX_LIMIT}.")
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description=f"Results to skip, 0–{MAX_OFFSET}.")

    @field_validator("current_from", "current_to")
    @classmethod
    def a_calendar_date(cls, value):
        if value is not None and not (ISO_DATE.fullmatch(value) and _is_date(value)):
            raise ValueError("must be a date written YYYY-MM-DD")
        return value

    def as_params(self):
        """The filters as ``parse_params`` reads request parameters (text), already checked by type."""
        params = {}
        for name, value in self.dict(by_alias=True).items():
            if value is None:
                continue
            params[name] = [str(value)] if isinstance(value, int | str) else value
        return params


def _is_date(text):
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class SearchSuggestion(Schema):
    kind: str
    title: str
    url: str | None
    slug: str


@router.get(
    "/",
    response={200: SearchResponse, 400: ProblemDetail, 422: ProblemDetail},
    summary="Search published analyses",
    description="Full-text search over live, public analyses with region, country and topic filters and facets. "
    "An empty `q` with filters lists the newest analyses. Unknown filter values are ignored and named in "
    "`messages`; a parameter outside its documented type or range gives 422.",
)
def search(request, filters: Query[SearchFilters]):
    vocabulary = Vocabulary.load()
    try:
        params, messages = parse_params(filters.as_params(), strict=True, vocabulary=vocabulary)
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
        "countries": outcome.countries,
        "did_you_mean": outcome.suggestions,
        "loosened": outcome.loosened,
        "corrected_query": outcome.corrected_query,
        "messages": messages + outcome.messages,
    }


@router.get(
    "/suggest/",
    response=list[SearchSuggestion],
    summary="Suggestions for a search box",
    description="Up to 10 completions of `q`: countries (by name or alias) first, then analysis titles.",
)
def search_suggest(request, q: str = Query("", description="The start of a word, e.g. `kaza`.")):
    return suggest(q)
