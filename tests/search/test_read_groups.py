"""Reading the grouping sets of PostgreSQL's summary statement (search.backends.read_groups).

Pure functions, so they run on every database."""

from search.backends import SeparatedValues, read_groups

FACETS = {"region": "region_slug", "country": "country_slug", "topic": SeparatedValues("topic_keys")}


def test_each_row_counts_for_the_facet_it_is_grouped_by_and_the_empty_set_is_the_count():
    groups = [
        # GROUPING() sets a bit, first facet highest, for each facet a row is not grouped by.
        [0b011, "east-africa", None, None, 5],
        [0b011, "south-central-asia", None, None, 2],
        [0b101, None, "eritrea", None, 4],
        [0b101, None, "afghanistan", None, 2],
        [0b101, None, "somalia", None, 1],
        [0b110, None, None, "detention elections", 3],
        [0b110, None, None, "elections", 2],
        [0b110, None, None, "", 2],
        [0b111, None, None, None, 7],
    ]
    count, facets = read_groups(groups, FACETS)
    assert count == 7
    assert facets == {
        "region": {"east-africa": 5, "south-central-asia": 2},
        "country": {"eritrea": 4, "afghanistan": 2, "somalia": 1},
        "topic": {"detention": 3, "elections": 5},
    }


def test_an_analysis_without_a_place_is_not_a_facet_value():
    count, facets = read_groups([[0b011, None, None, None, 1], [0b111, None, None, None, 1]], FACETS)
    assert count == 1
    assert facets["region"] == {}


def test_no_matches_read_as_nothing():
    for groups in (None, [], [[0b111, None, None, None, 0]]):
        assert read_groups(groups, FACETS) == (0, {"region": {}, "country": {}, "topic": {}})
