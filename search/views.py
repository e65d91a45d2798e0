from dataclasses import replace

from django.http import QueryDict
from django.template.response import TemplateResponse

from .params import FILTERS, MAX_OFFSET, PAGE_SIZE, SearchParams, parse_params
from .service import run_search
from .vocabulary import Vocabulary

FACET_HEADINGS = {"region": "Region", "country": "Country", "topic": "Topic"}
# The "information current as of" range, as query parameters and as the page names it.
DATES = {"from": "Current as of from", "to": "Current as of until"}
LAST_PAGE = MAX_OFFSET // PAGE_SIZE + 1


def page_number(raw):
    """The requested page, clamped to 1…LAST_PAGE; anything that is not a number means page 1."""
    try:
        number = int(raw) if raw and len(raw) <= 12 else 1
    except ValueError:
        number = 1
    return min(max(number, 1), LAST_PAGE)


def querystring(params, **changes):
    """A query string for ``params`` with ``changes`` applied (built from the cleaned parameters only,
    so nothing typed is carried over that the search did not understand)."""
    data = QueryDict(mutable=True)
    dates = {"from": params.current_from, "to": params.current_to}
    values = {"q": params.q, "sort": params.sort, **params.filters, **dates, **changes}
    if values["q"]:
        data["q"] = values["q"]
    for name in FILTERS:
        data.setlist(name, list(values[name]))
    for name in DATES:
        if values[name]:
            data[name] = values[name].isoformat()
    if values["sort"] != "relevance":
        data["sort"] = values["sort"]
    if changes.get("page", 1) > 1:
        data["page"] = changes["page"]
    return "?" + data.urlencode()


def toggled(values, slug):
    return tuple(v for v in values if v != slug) if slug in values else (*values, slug)


def facet_groups(outcome, vocabulary):
    params = outcome.params
    groups = []
    for name in FILTERS:
        selected = params.filters[name]
        counts = dict(outcome.facets[name])
        for slug in selected:  # a chosen filter stays visible (and removable) even with no matches
            counts.setdefault(slug, 0)
        items = [
            {
                "slug": slug,
                "title": vocabulary.title(name, slug),
                "count": count,
                "selected": slug in selected,
                "url": querystring(params, **{name: toggled(selected, slug)}),
            }
            for slug, count in counts.items()
        ]
        items.sort(key=lambda item: (not item["selected"], -item["count"], item["title"]))
        groups.append({"name": name, "heading": FACET_HEADINGS[name], "items": items})
    return groups


def did_you_mean_links(outcome):
    """The "did you mean" links, as the JSON answer's ``corrected_query`` and ``did_you_mean`` carry them:
    the corrected query with the filters kept (it was checked under them), then the countries spelt like
    the query, searched without filters (a country spelt as the corrected query is not linked twice)."""
    links = []
    corrected = outcome.corrected_query
    if corrected:
        links.append({"text": corrected, "url": querystring(replace(outcome.params, q=corrected))})
    for country in outcome.suggestions:
        if country["title"].lower() != (corrected or "").lower():
            links.append({"text": country["title"], "url": querystring(SearchParams(q=country["title"]))})
    return links


def search(request):
    vocabulary = Vocabulary.load()
    params, messages = parse_params(request.GET, strict=False, vocabulary=vocabulary)
    number = page_number(request.GET.get("page"))
    params = replace(params, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    browsing = bool(params.q or params.has_filters)
    outcome = run_search(params, request=request, vocabulary=vocabulary) if browsing else None
    if outcome and outcome.count and not outcome.results:
        # Past the last page: show the last page instead.
        number = min((outcome.count - 1) // PAGE_SIZE + 1, LAST_PAGE)
        params = replace(params, offset=(number - 1) * PAGE_SIZE)
        outcome = run_search(params, request=request, vocabulary=vocabulary, record=False)

    notices = messages + (outcome.messages if outcome else [])
    context = {"search_query": params.q, "params": params, "outcome": outcome, "notices": notices}
    if outcome:
        num_pages = min((outcome.count - 1) // PAGE_SIZE + 1, LAST_PAGE) if outcome.count else 1
        context.update(
            facet_groups=facet_groups(outcome, vocabulary),
            active_filters=[
                {
                    "heading": FACET_HEADINGS[name],
                    "title": vocabulary.title(name, slug),
                    "url": querystring(params, **{name: toggled(params.filters[name], slug)}),
                }
                for name in FILTERS
                for slug in params.filters[name]
            ]
            + [
                {"heading": heading, "title": date.strftime("%-d %B %Y"), "url": querystring(params, **{name: None})}
                for (name, heading), date in zip(DATES.items(), (params.current_from, params.current_to), strict=True)
                if date is not None
            ],
            clear_filters_url=querystring(params, region=(), country=(), topic=(), **dict.fromkeys(DATES)),
            first_shown=params.offset + 1,
            last_shown=params.offset + len(outcome.results),
            page_number=number,
            num_pages=num_pages,
            previous_url=querystring(params, page=number - 1) if number > 1 else None,
            next_url=querystring(params, page=number + 1) if number < num_pages else None,
            sort_urls={sort: querystring(params, sort=sort) for sort in ("relevance", "newest")},
            did_you_mean=did_you_mean_links(outcome),
        )
    return TemplateResponse(request, "search/search.html", context)
