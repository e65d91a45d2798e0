""" "Did you mean" (issue 16, item 4) over the relevance corpus, on the page and in the JSON answer.

Two kinds of suggestion, only when the query finds nothing (or only analyses matching some of its words):

- countries whose name or alias is within a small edit distance of the query or of a run of its words
  (JSON ``did_you_mean``; on the page, links in the "Did you mean" sentence);
- the query with its misspelt words replaced by words of the documents (JSON ``corrected_query``), offered
  only when it finds analyses that match it whole.

The page and the JSON answer carry the same countries and the same suggestions. Run on SQLite and on
PostgreSQL: spelling reads the same word list on both, and the corrected query is searched by each engine.
"""

import html as html_lib
import re

import pytest

LIMIT = 50
DID_YOU_MEAN = re.compile(r'<p class="search__did-you-mean">(.*?)</p>', re.S)
LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
COUNTRIES = re.compile(r'<section class="search__countries".*?</section>', re.S)


def answers(api, html, q, **params):
    """(JSON answer, the page's "did you mean" links as [(href, text)], the page's country links' titles)."""
    response = api(q=q, limit=LIMIT, **params)
    assert response.status_code == 200, response.content[:300]
    page = html(q=q, **params)
    assert page.status_code == 200
    text = page.content.decode()
    sentence = DID_YOU_MEAN.search(text)
    links = []
    if sentence:
        links = [(html_lib.unescape(href), html_lib.unescape(title)) for href, title in LINK.findall(sentence.group(1))]
    section = COUNTRIES.search(text)
    countries = [html_lib.unescape(title) for _, title in LINK.findall(section.group(0))] if section else []
    return response.json(), links, countries


def offered(data):
    return [country["slug"] for country in data["did_you_mean"]]


def the_same_on_both(data, links, countries):
    """The page offers what the JSON answer carries: the corrected query and the suggested countries (a
    country spelt as the corrected query is linked once), and the same countries named by the query."""
    corrected = data["corrected_query"]
    expected = [corrected] if corrected else []
    expected += [c["title"] for c in data["did_you_mean"] if c["title"].lower() != (corrected or "").lower()]
    assert [title for _, title in links] == expected
    named = [c["title"] for c in data["countries"]]
    assert [title for title in countries if not title.startswith("Ask us")] == named


@pytest.mark.parametrize(
    ("q", "slug"),
    [
        ("Kazakstan", "kazakhstan"),  # a letter missing
        ("Eritria", "eritrea"),  # a vowel wrong
        ("Afganistan", "afghanistan"),
        ("Somalai", "somalia"),  # two letters swapped
        ("kazakhtsan", "kazakhstan"),
        ("Ethopia", "ethiopia"),  # a country with no analysis: offered with the consultation link
        ("Saudia Arabia", "saudi-arabia"),  # a name of two words
        ("Sri Lnka", "sri-lanka"),
        ("Bosnia and Herzegowina", "bosnia-herzegovina"),  # an alias of three words, stop word and all
    ],
)
def test_a_misspelt_country_is_suggested_on_the_page_and_in_the_json(corpus, api, html, q, slug):
    data, links, countries = answers(api, html, q)
    assert data["count"] == 0 or data["loosened"]
    assert slug in offered(data), data["did_you_mean"]
    the_same_on_both(data, links, countries)


@pytest.mark.parametrize(
    ("q", "slug"),
    [
        ("Qazakstan", "kazakhstan"),  # alias Qazaqstan
        ("Abysinia", "ethiopia"),  # alias Abyssinia
        ("Byelorusia", "belarus"),  # alias Byelorussia
        ("Druk Yull", "bhutan"),  # an alias of two words
        ("Shqiperiaa", "albania"),
    ],
)
def test_a_misspelt_alias_suggests_its_country(corpus, api, html, q, slug):
    data, links, countries = answers(api, html, q)
    assert slug in offered(data), data["did_you_mean"]
    the_same_on_both(data, links, countries)


def test_an_alias_typed_right_names_its_country_even_beside_a_typo(corpus, api, html):
    """ "Saudi" is an alias of Saudi Arabia: the country is named (offered with the countries), not suggested."""
    data, links, countries = answers(api, html, "Saudi Arabai")
    assert [c["slug"] for c in data["countries"]] == ["saudi-arabia"]
    assert "saudi-arabia" not in offered(data)
    the_same_on_both(data, links, countries)


def test_a_suggested_country_without_an_analysis_comes_with_the_consultation_link(corpus, api):
    (ethiopia,) = [c for c in api(q="Ethopia").json()["did_you_mean"] if c["slug"] == "ethiopia"]
    assert ethiopia["has_analyses"] is False
    assert ethiopia["consultation_url"] == "/consultation/?country=ET"
    (eritrea,) = [c for c in api(q="Eritria").json()["did_you_mean"] if c["slug"] == "eritrea"]
    assert eritrea["has_analyses"] is True
    assert eritrea["consultation_url"] is None


@pytest.mark.parametrize(
    ("q", "corrected"),
    [
        ("survelance", "surveillance"),
        ("Survelance", "Surveillance"),  # typed with a capital: corrected with one
        ("conscripton", "conscription"),
        ("desertors", "deserters"),
        ("journalits", "journalists"),
        ("Kazakstan", "Kazakhstan"),  # a country's name is a word of its analyses' documents
    ],
)
def test_a_misspelt_word_is_corrected_to_a_word_of_the_documents(corpus, api, html, q, corrected):
    data, links, countries = answers(api, html, q)
    assert data["count"] == 0
    assert data["corrected_query"] == corrected
    assert links[0] == (f"?q={corrected}", corrected)
    the_same_on_both(data, links, countries)
    fixed = api(q=corrected, limit=LIMIT).json()
    assert fixed["count"] > 0
    assert not fixed["loosened"]


@pytest.mark.parametrize(
    ("q", "corrected"),
    [
        ("survelance Kazakstan", "surveillance Kazakhstan"),
        ("journalists survelance", "journalists surveillance"),  # one word right: loosened, then corrected
        ("desertors Eritria", "deserters Eritrea"),
        ('"natonal service"', '"national service"'),  # a phrase stays a phrase
        ("survelance -activists", "surveillance -activists"),  # the syntax is kept
        ("(torure OR beatings) Iran", "(torture OR beatings) Iran"),
    ],
)
def test_several_words_are_corrected_together_and_keep_the_syntax(corpus, api, html, q, corrected):
    data, links, countries = answers(api, html, q)
    assert data["count"] == 0 or data["loosened"]
    assert data["corrected_query"] == corrected
    the_same_on_both(data, links, countries)
    fixed = api(q=corrected, limit=LIMIT).json()
    assert fixed["count"] > 0
    assert not fixed["loosened"]


def test_a_multi_word_query_with_a_misspelt_country_suggests_the_country(corpus, api, html):
    data, links, countries = answers(api, html, "deserters Eritria")
    assert data["loosened"]
    assert "eritrea" in offered(data)
    assert data["corrected_query"] == "deserters Eritrea"
    the_same_on_both(data, links, countries)


@pytest.mark.parametrize(
    "q",
    [
        "Kazakhstan",
        "Qazaqstan",
        "surveillance",
        "conscription Eritrea",
        '"national service"',
        "surveillance -activists",
        "Eritrea OR Kazakhstan",
        "deserter*",
    ],
)
def test_nothing_is_suggested_when_the_query_already_matches(corpus, api, html, q):
    data, links, countries = answers(api, html, q)
    assert data["count"] > 0
    assert not data["loosened"]
    assert data["did_you_mean"] == []
    assert data["corrected_query"] is None
    assert links == []
    the_same_on_both(data, links, countries)


def test_a_country_named_correctly_is_not_corrected_into_another_word(corpus, api, html):
    """Somalia has analyses but none about journalists: the query is loosened, and neither word is a typo."""
    data, links, countries = answers(api, html, "journalists Somalia")
    assert data["loosened"]
    assert [c["slug"] for c in data["countries"]] == ["somalia"]
    assert data["corrected_query"] is None
    assert "somalia" not in offered(data)
    the_same_on_both(data, links, countries)


def test_a_country_without_analyses_named_correctly_is_not_corrected(corpus, api, html):
    data, links, countries = answers(api, html, "Ethiopia")
    assert data["count"] == 0
    assert [c["slug"] for c in data["countries"]] == ["ethiopia"]
    assert data["corrected_query"] is None
    assert data["did_you_mean"] == []
    the_same_on_both(data, links, countries)


def test_a_prefix_is_not_corrected(corpus, api):
    data = api(q="survelx*").json()
    assert data["count"] == 0
    assert data["corrected_query"] is None


def test_a_correction_that_finds_nothing_is_not_offered(corpus, api):
    # "torure" would become "torture", but no analysis has torture and FGM together.
    data = api(q='"torure fgm"').json()
    assert data["count"] == 0
    assert data["corrected_query"] is None


def test_the_corrected_query_keeps_the_filters_on_the_page(corpus, api, html):
    data, links, _ = answers(api, html, "survelance", country="kazakhstan")
    assert data["corrected_query"] == "surveillance"
    assert links[0] == ("?q=surveillance&country=kazakhstan", "surveillance")
    # Under a filter that the corrected query does not match, it is not offered.
    assert api(q="survelance", country="eritrea").json()["corrected_query"] is None


def test_a_misspelt_country_and_its_corrected_query_are_linked_once_on_the_page(corpus, api, html):
    data, links, _ = answers(api, html, "Kazakstan")
    assert data["corrected_query"] == "Kazakhstan"
    assert "kazakhstan" in offered(data)
    assert [title for _, title in links].count("Kazakhstan") == 1


ODD = [
    '"',
    "Kazakstan OR",
    "((((Kazakstan",
    "NOT survelance",
    "-Kazakstan",
    "Kazak*",
    "x" * 60,
    "kazakstan" * 6,
    "Ka-zak-stan",
    "Kazakstán",
    "Қазақстан",
    "İstanbul",
    "ßtraße",
    "🙂 Kazakstan 🇰🇿",
    "a b c d e f g h",
    " ".join(["survelance"] * 12),
    " ".join(f"zzq{n}wordy" for n in range(12)),
    "Kazakstan\x00\x1b",
    "OR AND NOT",
    "'; DROP TABLE search_searchword; --",
]


@pytest.mark.parametrize("q", ODD)
def test_odd_input_on_the_way_to_a_suggestion_never_fails(corpus, api, html, q):
    response = api(q=q)
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    assert isinstance(data["did_you_mean"], list)
    assert data["corrected_query"] is None or isinstance(data["corrected_query"], str)
    assert html(q=q).status_code == 200
