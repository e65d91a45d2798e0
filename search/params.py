"""Search parameters: the query and filters as typed, turned into one ``SearchParams``.

The HTML page and the JSON API parse their input here, by the same rules; only the way a bad value
is answered differs (corrected with a message, or refused with ``InvalidSearch``).

Typed input never reaches a search backend's query parser unfiltered: ``clean_query`` turns
control, format and separator characters into spaces and caps the length, because every database
backend has had parser crashes on them (see tests/search/test_odd_input.py).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
PAGE_SIZE = 10
MAX_LIMIT = 50
# Elasticsearch refuses to page past 10,000 hits by default; no backend is asked to.
MAX_OFFSET = 10_000 - MAX_LIMIT
MAX_FILTER_VALUES = 20
SORTS = ("relevance", "newest")
FILTERS = ("region", "country", "topic")

WORD = re.compile(r"\w+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InvalidSearch(ValueError):
    """A parameter that cannot be used as given; the message is safe to show (it never echoes input)."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    region: tuple = ()
    country: tuple = ()
    topic: tuple = ()
    sort: str = "relevance"
    offset: int = 0
    limit: int = PAGE_SIZE
    # "Information current as of" from and to, inclusive (either may be None).
    current_from: datetime.date | None = None
    current_to: datetime.date | None = None

    @property
    def filters(self):
        return {"region": self.region, "country": self.country, "topic": self.topic}

    @property
    def has_filters(self):
        return any(self.filters.values()) or self.has_dates

    @property
    def has_dates(self):
        return self.current_from is not None or self.current_to is not None


def clean_query(value):
    """Control, format and private-use characters become spaces; whitespace collapses; length is capped."""
    value = value[: MAX_QUERY_LENGTH * 4]
    value = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in value)
    return " ".join(value.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(q):
    return [term[:MAX_TERM_LENGTH] for term in WORD.findall(q)][:MAX_TERMS]


def _integer(raw, name, default, low, high, strict):
    if raw in (None, ""):
        return default
    try:
        value = int(raw.strip()) if len(raw) <= 12 else None
    except ValueError:
        value = None
    if value is None:
        if strict:
            raise InvalidSearch(f"“{name}” must be a whole number from {low} to {high}.")
        return default
    if not low <= value <= high:
        if strict:
            raise InvalidSearch(f"“{name}” must be a whole number from {low} to {high}.")
        return min(max(value, low), high)
    return value


def parse_params(data, *, strict, vocabulary):
    """Turn request parameters (a QueryDict or a mapping of name → list of strings) into SearchParams.

    With ``strict`` (the JSON API) anything unusable raises InvalidSearch; otherwise (the HTML page)
    it is corrected and explained in the returned messages. ``vocabulary`` (``search.vocabulary.Vocabulary``)
    resolves filter values to known slugs. Returns (params, messages).
    """
    messages = []

    def values(name):
        getter = getattr(data, "getlist", None)
        raw = getter(name) if getter else data.get(name) or []
        return [raw] if isinstance(raw, str) else list(raw)

    def first(name):
        found = values(name)
        return found[0] if found else None

    raw_q = first("q") or ""
    q = clean_query(raw_q)
    if len(" ".join(raw_q.split())) > MAX_QUERY_LENGTH:
        if strict:
            raise InvalidSearch(f"“q” is limited to {MAX_QUERY_LENGTH} characters.")
        messages.append(f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters.")

    sort = (first("sort") or "relevance").strip().lower()
    if sort not in SORTS:
        if strict:
            raise InvalidSearch("“sort” must be “relevance” or “newest”.")
        messages.append("Unknown sort order; showing the most relevant first.")
        sort = "relevance"

    filters = {}
    for name in FILTERS:
        chosen, unknown = [], 0
        for raw in values(name):
            if not (raw or "").strip():
                continue  # an empty filter (an unselected <select>, ``?topic=``) filters nothing
            slug = vocabulary.resolve(name, raw)
            if slug is None:
                unknown += 1
            elif slug not in chosen:
                chosen.append(slug)
        if unknown:
            # Ignored with a message on the page and in the API alike: a value that names nothing a reader
            # can see (a typo, a withdrawn country, a topic only a draft has) is answered the same way, so
            # the answer never tells which of them it was.
            plural = "s" if unknown > 1 else ""
            messages.append(f"{unknown} unknown {name} filter{plural} ignored.")
        if len(chosen) > MAX_FILTER_VALUES:
            if strict:
                raise InvalidSearch(f"At most {MAX_FILTER_VALUES} “{name}” values.")
            chosen = chosen[:MAX_FILTER_VALUES]
        filters[name] = tuple(chosen)

    limit = _integer(first("limit"), "limit", PAGE_SIZE, 1, MAX_LIMIT, strict)
    offset = _integer(first("offset"), "offset", 0, 0, MAX_OFFSET, strict)
    current_from = _date(first("from"), "from", strict, messages)
    current_to = _date(first("to"), "to", strict, messages)
    if current_from and current_to and current_from > current_to:
        # Said the other way round: both the page and the API take the range the reader meant.
        current_from, current_to = current_to, current_from
        messages.append("“from” was after “to”: the dates were swapped.")
    dates = {"current_from": current_from, "current_to": current_to}
    return SearchParams(q=q, sort=sort, offset=offset, limit=limit, **filters, **dates), messages


def _date(raw, name, strict, messages):
    """A date written YYYY-MM-DD, or None; anything else is refused (strict) or ignored with a message."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if ISO_DATE.fullmatch(raw):  # fromisoformat() alone also reads 20260101 and 2026-W01-1
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            pass
    if strict:
        raise InvalidSearch(f"“{name}” must be a date written YYYY-MM-DD.")
    messages.append(f"“{name}” is not a date (YYYY-MM-DD); it was ignored.")
    return None


def plain_words(text):
    """``text`` as the plain words a search backend is asked for: what ``/api/v3/search/`` searches.

    Every typed query goes through here before a backend's parser sees it (``search.typed_queries``),
    so Wagtail's own ``?search=`` on the pages, images and documents API and the admin's search box
    get the same treatment as the project's search page. An empty result means "nothing to search for".
    """
    return " ".join(query_terms(clean_query(text)))
