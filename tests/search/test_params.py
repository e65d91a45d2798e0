"""How typed search input becomes SearchParams (search/params.py), for the HTML page and the JSON API.

The limits are pinned as numbers: a test that compared against the imported constant would pass
whatever the constant became.
"""

import pytest
from django.http import QueryDict

from search.params import InvalidSearch, SearchParams, clean_query, parse_params, plain_words, query_terms


class FakeVocabulary:
    """Resolves a value to its slug when the slug (any case) is known; like search.vocabulary.Vocabulary."""

    def __init__(self, **known):
        self.known = {name: set(slugs) for name, slugs in known.items()}
        self.asked = []

    def resolve(self, name, raw):
        self.asked.append((name, raw))
        slug = raw.strip().lower()
        return slug if slug in self.known.get(name, ()) else None


COUNTRIES = [f"country-{n}" for n in range(30)]
VOCABULARY = FakeVocabulary(region=["central-asia", "europe"], country=["kazakhstan", *COUNTRIES], topic=["elections"])


def parse(data, strict=False, vocabulary=VOCABULARY):
    return parse_params(data, strict=strict, vocabulary=vocabulary)


def lenient(query):
    return parse(QueryDict(query, mutable=True))


def strict(query):
    return parse(QueryDict(query, mutable=True), strict=True)


# --- clean_query and query_terms ----------------------------------------------------------------


def test_control_format_and_separator_characters_become_single_spaces():
    assert clean_query("a\x00b\tc\u200bd\u2028e\u00a0f\u202eg  h") == "a b c d e f g h"
    assert clean_query("  padded  ") == "padded"


def test_letters_marks_numbers_punctuation_and_symbols_are_kept():
    assert clean_query("Côte d’Ivoire: e\u0301 №5 + 100% 🙂") == "Côte d’Ivoire: e\u0301 №5 + 100% 🙂"


def test_a_query_is_capped_at_200_characters_without_a_trailing_space():
    assert clean_query("a" * 250) == "a" * 200
    assert clean_query("a" * 199 + " b") == "a" * 199
    assert clean_query("a" * 200 + " b") == "a" * 200


def test_only_the_first_800_characters_typed_are_read():
    assert clean_query(" " * 800 + "elections") == ""
    assert clean_query(" " * 799 + "elections") == "e"


def test_terms_are_words_of_at_most_60_characters_and_at_most_12_of_them():
    assert query_terms("human-rights, (Kazakhstan) 2024!") == ["human", "rights", "Kazakhstan", "2024"]
    assert query_terms("x" * 61 + " y") == ["x" * 60, "y"]
    assert query_terms("x" * 60) == ["x" * 60]
    words = [f"w{n}" for n in range(13)]
    assert query_terms(" ".join(words)) == words[:12]
    assert query_terms(" ".join(words[:12])) == words[:12]


def test_plain_words_are_the_cleaned_terms_joined_by_single_spaces():
    assert plain_words('title:"human-rights"\x00 AND (Kazakhstan)!') == "title human rights AND Kazakhstan"
    assert plain_words("!!! ...") == ""
    assert plain_words(" ".join(["w"] * 20)) == " ".join(["w"] * 12)


# --- q ------------------------------------------------------------------------------------------


def test_a_query_of_exactly_200_characters_is_used_as_typed():
    q = "k" * 200
    assert lenient(f"q={q}") == (SearchParams(q=q), [])
    assert strict(f"q={q}") == (SearchParams(q=q), [])


def test_a_longer_query_is_shortened_on_the_page_and_refused_by_the_api():
    q = "k" * 201
    assert lenient(f"q={q}") == (SearchParams(q="k" * 200), ["Your search was shortened to its first 200 characters."])
    with pytest.raises(InvalidSearch) as refused:
        strict(f"q={q}")
    assert str(refused.value) == "“q” is limited to 200 characters."


def test_the_length_limit_counts_collapsed_whitespace():
    q = "  " + "word " * 40  # 200 characters once the spaces collapse
    params, messages = parse({"q": [q + "   "]}, strict=True)
    assert params.q == ("word " * 40).strip()
    assert messages == []


def test_only_the_first_q_counts():
    assert lenient("q=first&q=second")[0].q == "first"


def test_no_query_is_the_empty_string():
    assert lenient("") == (SearchParams(), [])
    assert lenient("q=") == (SearchParams(), [])


# --- sort ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "sort"), [("newest", "newest"), (" NEWEST ", "newest"), ("Relevance", "relevance")])
def test_sort_is_read_without_case_or_spaces(raw, sort):
    assert lenient(f"sort={raw}") == (SearchParams(sort=sort), [])
    assert strict(f"sort={raw}") == (SearchParams(sort=sort), [])


def test_no_sort_is_relevance():
    assert lenient("sort=") == (SearchParams(sort="relevance"), [])
    assert strict("sort=") == (SearchParams(sort="relevance"), [])


def test_an_unknown_sort_is_corrected_on_the_page_and_refused_by_the_api():
    assert lenient("sort=oldest") == (SearchParams(), ["Unknown sort order; showing the most relevant first."])
    with pytest.raises(InvalidSearch) as refused:
        strict("sort=oldest")
    assert str(refused.value) == "“sort” must be “relevance” or “newest”."


# --- filters ------------------------------------------------------------------------------------


def test_filters_are_resolved_through_the_vocabulary():
    vocabulary = FakeVocabulary(region=["europe"], country=["kazakhstan"], topic=["elections"])
    params, messages = parse(
        QueryDict("region=Europe&country=kazakhstan&topic=elections&q=x"), strict=True, vocabulary=vocabulary
    )
    assert params == SearchParams(q="x", region=("europe",), country=("kazakhstan",), topic=("elections",))
    assert params.has_filters
    assert messages == []
    assert vocabulary.asked == [("region", "Europe"), ("country", "kazakhstan"), ("topic", "elections")]


def test_repeated_filter_values_count_once_and_keep_their_order():
    params, messages = strict("country=kazakhstan&country=country-3&country=KAZAKHSTAN&country=country-3")
    assert params.country == ("kazakhstan", "country-3")
    assert messages == []


def test_fifty_repeats_of_one_value_are_one_value():
    assert strict("&".join(["country=kazakhstan"] * 50))[0].country == ("kazakhstan",)


def test_twenty_values_of_a_filter_are_allowed():
    query = "&".join(f"country={slug}" for slug in COUNTRIES[:20])
    assert strict(query)[0].country == tuple(COUNTRIES[:20])
    assert lenient(query) == (SearchParams(country=tuple(COUNTRIES[:20])), [])


def test_more_than_twenty_values_are_cut_on_the_page_and_refused_by_the_api():
    query = "&".join(f"country={slug}" for slug in COUNTRIES[:21])
    assert lenient(query) == (SearchParams(country=tuple(COUNTRIES[:20])), [])
    with pytest.raises(InvalidSearch) as refused:
        strict(query)
    assert str(refused.value) == "At most 20 “country” values."


def test_the_value_limit_is_per_filter():
    query = "&".join(f"country={slug}" for slug in COUNTRIES[:20]) + "&region=europe&topic=elections"
    params, _ = strict(query)
    assert params.region == ("europe",)
    assert params.topic == ("elections",)


def test_one_unknown_filter_value_is_ignored_and_named_on_the_page():
    assert lenient("country=atlantis&country=kazakhstan") == (
        SearchParams(country=("kazakhstan",)),
        ["1 unknown country filter ignored."],
    )


def test_several_unknown_values_are_counted():
    assert lenient("topic=a&topic=b&topic=b&region=europe") == (
        SearchParams(region=("europe",)),
        ["3 unknown topic filters ignored."],
    )


def test_unknown_filter_values_are_ignored_and_named_by_the_api_too():
    # The same answer for a typo and for a value a reader may not see: nothing tells them apart.
    assert strict("region=nowhere&topic=a&topic=b") == (
        SearchParams(),
        ["1 unknown region filter ignored.", "2 unknown topic filters ignored."],
    )


@pytest.mark.parametrize(
    ("query", "countries"),
    [("topic=", ()), ("topic=%20%20", ()), ("country=&country=kazakhstan", ("kazakhstan",))],
)
def test_an_empty_filter_value_filters_nothing_and_is_not_unknown(query, countries):
    vocabulary = FakeVocabulary(country=["kazakhstan"])
    params, messages = parse(QueryDict(query), strict=True, vocabulary=vocabulary)
    assert params.topic == ()
    assert params.country == countries
    assert messages == []
    assert all(raw.strip() for _name, raw in vocabulary.asked)


def test_missing_filter_values_in_a_mapping_are_skipped():
    assert parse({"topic": [None, ""], "country": ["kazakhstan"]}, strict=True) == (
        SearchParams(country=("kazakhstan",)),
        [],
    )


def test_every_correction_is_explained_in_order():
    query = "q=" + "k" * 201 + "&sort=oldest&region=x&country=y&country=z&topic=w&limit=0&offset=-1"
    params, messages = lenient(query)
    assert params == SearchParams(q="k" * 200, limit=1, offset=0)
    assert messages == [
        "Your search was shortened to its first 200 characters.",
        "Unknown sort order; showing the most relevant first.",
        "1 unknown region filter ignored.",
        "2 unknown country filters ignored.",
        "1 unknown topic filter ignored.",
    ]


# --- limit and offset ---------------------------------------------------------------------------


def test_limit_and_offset_default_to_ten_from_the_start():
    params, _ = strict("q=x")
    assert (params.limit, params.offset) == (10, 0)
    params, _ = strict("limit=&offset=")
    assert (params.limit, params.offset) == (10, 0)


@pytest.mark.parametrize(
    ("query", "limit", "offset"),
    [
        ("limit=1&offset=0", 1, 0),
        ("limit=50&offset=9950", 50, 9950),
        ("limit= 7 &offset=+20", 7, 20),
        ("limit=000000000005", 5, 0),
    ],
)
def test_limit_and_offset_in_range_are_used(query, limit, offset):
    for parse_query in (lenient, strict):
        params, messages = parse_query(query)
        assert (params.limit, params.offset) == (limit, offset)
        assert messages == []


@pytest.mark.parametrize(
    ("query", "limit", "offset"),
    [
        ("limit=0", 1, 0),
        ("limit=-3", 1, 0),
        ("limit=51", 50, 0),
        ("limit=999999999999", 50, 0),
        ("offset=-1", 10, 0),
        ("offset=9951", 10, 9950),
        ("offset=999999999999", 10, 9950),
    ],
)
def test_out_of_range_limit_and_offset_are_brought_into_range_on_the_page(query, limit, offset):
    params, messages = lenient(query)
    assert (params.limit, params.offset) == (limit, offset)
    assert messages == []


@pytest.mark.parametrize(
    "query",
    ["limit=abc", "limit=1.5", "limit=\x00", "limit=0000000000005", "limit=99999999999999999999999", "offset=ten"],
)
def test_unreadable_limit_and_offset_fall_back_to_the_defaults_on_the_page(query):
    params, messages = lenient(query)
    assert (params.limit, params.offset) == (10, 0)
    assert messages == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=0", "“limit” must be a whole number from 1 to 50."),
        ("limit=51", "“limit” must be a whole number from 1 to 50."),
        ("limit=abc", "“limit” must be a whole number from 1 to 50."),
        ("limit=0000000000005", "“limit” must be a whole number from 1 to 50."),
        ("offset=-1", "“offset” must be a whole number from 0 to 9950."),
        ("offset=9951", "“offset” must be a whole number from 0 to 9950."),
        ("offset=99999999999999999999999", "“offset” must be a whole number from 0 to 9950."),
    ],
)
def test_the_api_refuses_limit_and_offset_it_cannot_use(query, message):
    with pytest.raises(InvalidSearch) as refused:
        strict(query)
    assert str(refused.value) == message


# --- the forms of input -------------------------------------------------------------------------


def test_a_plain_mapping_of_lists_or_strings_is_read_like_a_querydict():
    data = {"q": ["elections"], "country": "kazakhstan", "region": [], "sort": ["newest", "relevance"], "limit": "5"}
    assert parse(data, strict=True) == (
        SearchParams(q="elections", country=("kazakhstan",), sort="newest", limit=5),
        [],
    )


def test_missing_or_empty_values_in_a_mapping_are_no_values():
    assert parse({"q": None, "topic": None, "limit": []}, strict=True) == (SearchParams(), [])


# --- the "information current as of" range ------------------------------------------------------


def test_dates_are_read_as_written_and_default_to_no_bound():
    import datetime

    params, messages = parse({"from": "2022-01-31", "to": " 2025-12-01 "})
    assert (params.current_from, params.current_to) == (datetime.date(2022, 1, 31), datetime.date(2025, 12, 1))
    assert messages == []
    assert params.has_dates
    assert params.has_filters
    empty, _ = parse({"from": "", "to": "   "})
    assert (empty.current_from, empty.current_to, empty.has_dates, empty.has_filters) == (None, None, False, False)
    assert parse({"to": "2025-12-01"})[0].has_dates


@pytest.mark.parametrize("raw", ["2026-13-01", "2026-02-30", "20260101", "2026-W01-1", "2026-1-01", "x2026-01-01"])
def test_a_date_not_written_yyyy_mm_dd_is_ignored_on_the_page_and_refused_by_the_api(raw):
    for name in ("from", "to"):
        params, messages = parse({name: raw})
        assert (params.current_from, params.current_to) == (None, None)
        assert messages == [f"“{name}” is not a date (YYYY-MM-DD); it was ignored."]
        with pytest.raises(InvalidSearch, match=f"“{name}” must be a date written YYYY-MM-DD."):
            parse({name: raw}, strict=True)


def test_a_backwards_range_is_swapped_with_a_message_in_both_modes():
    import datetime

    for strict in (False, True):
        params, messages = parse({"from": "2025-01-01", "to": "2020-01-01"}, strict=strict)
        assert (params.current_from, params.current_to) == (datetime.date(2020, 1, 1), datetime.date(2025, 1, 1))
        assert messages == ["“from” was after “to”: the dates were swapped."]
    same, messages = parse({"from": "2025-01-01", "to": "2025-01-01"})
    assert same.current_from == same.current_to
    assert messages == []
