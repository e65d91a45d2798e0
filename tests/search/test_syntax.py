"""The researchers' search syntax: parsing, normalisation, and what it compiles to for FTS5 and PostgreSQL.

The FTS5 tests run the compiled expressions against a real in-memory SQLite table, so they are proven
valid and to match as intended; the PostgreSQL test runs to_tsquery on a local server when one is there.
"""

import random
import re
import sqlite3

import pytest

from search.syntax import (
    MAX_WORD_LENGTH,
    MAX_WORDS,
    STOP_WORDS,
    And,
    Not,
    Or,
    Phrase,
    Word,
    describe,
    is_plain,
    loosened,
    parse,
    positive_words,
    to_fts5,
    to_tsquery,
)

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def w(text, prefix=False):
    return Word(text, prefix)


def phrase(*words):
    return Phrase(words)


def both(*nodes):
    return And(nodes)


def either(*nodes):
    return Or(nodes)


def without(node):
    return Not(node)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"elections free"', phrase("elections", "free")),
        ("surveillance -activists", both(w("surveillance"), without(w("activists")))),
        ("Eritrea OR Kazakhstan", either(w("eritrea"), w("kazakhstan"))),
        ("(torture OR detention) Iran", both(either(w("torture"), w("detention")), w("iran"))),
        ("monitor*", w("monitor", prefix=True)),
        ("al-Shabaab", phrase("al", "shabaab")),
        ("journalists Somalia", both(w("journalists"), w("somalia"))),
        ("journalists AND Somalia", both(w("journalists"), w("somalia"))),
        ("torture detention OR prison", either(both(w("torture"), w("detention")), w("prison"))),
        ('-"free elections" vote', both(w("vote"), without(phrase("free", "elections")))),
        ("-(Eritrea OR Kazakhstan) prison", both(w("prison"), without(either(w("eritrea"), w("kazakhstan"))))),
        ("prison NOT (Eritrea OR Kazakhstan)", both(w("prison"), without(either(w("eritrea"), w("kazakhstan"))))),
        ("torture AND NOT prison", both(w("torture"), without(w("prison")))),
        (
            "surveillance -(journalists activists)",
            both(w("surveillance"), without(both(w("journalists"), w("activists")))),
        ),
        ("(torture -prison) OR detention", either(both(w("torture"), without(w("prison"))), w("detention"))),
        # an exclusion typed first still follows the positive members: one meaning, one tree
        ("-activists surveillance", both(w("surveillance"), without(w("activists")))),
        ("(-prison) torture", both(w("torture"), without(w("prison")))),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("torture or prison", both(w("torture"), w("prison"))),  # lower-case "or" is a (stop) word
        ("Torture And Prison", both(w("torture"), w("prison"))),
        ("torture not prison", both(w("torture"), w("prison"))),
        ("NOTE ORAL ANDES", both(w("note"), w("oral"), w("andes"))),
        ("e-mail", phrase("e", "mail")),
        ("U.S. sanctions", both(phrase("u", "s"), w("sanctions"))),
        ("o'brien", phrase("o", "brien")),
        ("title:restrictions", phrase("title", "restrictions")),
        ("foo_bar", phrase("foo", "bar")),
        ("elections, 2024; fraud!", both(w("elections"), w("2024"), w("fraud"))),
        ("İstanbul", w("istanbul")),  # lower() adds a combining dot to İ; it must not split the word
        ("Cafe\u0301", w("café")),  # a decomposed accent is composed first
        ("Свобода слова", both(w("свобода"), w("слова"))),
        ("حرية الصحافة", both(w("حرية"), w("الصحافة"))),
        ("😀 torture 😀", w("torture")),
        # "*" counts only right after a word of at least 2 characters
        ("el*", w("el", prefix=True)),
        ("monitor** reports", both(w("monitor", prefix=True), w("reports"))),
        ("e*", w("e")),
        ("*tion", w("tion")),
        ("a*b", phrase("a", "b")),
        ("*", None),
        ("al-Shab*", phrase("al", "shab")),
        ('"monitor*"', w("monitor")),  # quotes mean the exact word
    ],
)
def test_tokens(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the", None),
        ("freedom of expression", both(w("freedom"), w("expression"))),
        ('"rule of law"', phrase("rule", "of", "law")),
        ('"the elections"', phrase("the", "elections")),
        ('"the"', None),  # a one-word phrase is a word, and a stop word
        ('"the" elections', w("elections")),
        ('""', None),
        ("the*", w("the", prefix=True)),  # a prefix is not the stop word itself
        ("a*", None),  # too short for a prefix: the stop word "a"
        ("to be or not to be", None),
        ('"to be or not to be"', phrase("to", "be", "or", "not", "to", "be")),
    ],
)
def test_stop_words(text, expected):
    assert parse(text) == expected


def test_the_stop_words_are_postgresqls_english_list():
    assert len(STOP_WORDS) == 127
    assert {"i", "the", "of", "s", "t", "don", "now", "ourselves"} <= STOP_WORDS
    assert not {"law", "rights", "state", "women"} & STOP_WORDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"free elections', both(w("free"), w("elections"))),
        ('"free elections" OR', both(w("free"), w("elections"))),  # quotes are ignored once degraded
        ("(torture detention", both(w("torture"), w("detention"))),
        ("torture detention)", both(w("torture"), w("detention"))),
        (")torture(", w("torture")),
        ("OR elections", w("elections")),
        ("elections OR", w("elections")),
        ("elections AND", w("elections")),
        ("AND elections", w("elections")),
        ("torture AND OR prison", both(w("torture"), w("prison"))),
        ("NOT NOT torture", w("torture")),
        ("--torture", w("torture")),
        ("torture -", w("torture")),
        ('elections - "vote buying"', both(w("elections"), w("vote"), w("buying"))),  # a detached minus
        ("(torture -) prison", both(w("torture"), w("prison"))),
        ("() torture", w("torture")),
        ("(el* OR", w("el", prefix=True)),
        ("al-Shabaab (", phrase("al", "shabaab")),  # a bare token keeps its meaning
        ("-(OR)", None),
        ("OR", None),  # degrades to the word "or": a stop word
        ("AND NOT OR", None),
        ("NOT", None),
        ("-", None),
        ("()", None),
        ("", None),
        ("   ", None),
        ("((()))", None),
    ],
)
def test_malformed_syntax_degrades_to_plain_words(text, expected):
    assert parse(text) == expected


def test_brackets_nested_too_deep_degrade():
    assert parse("(" * 8 + "torture OR prison" + ")" * 8) == either(w("torture"), w("prison"))
    assert parse("(" * 9 + "torture OR prison" + ")" * 9) == both(w("torture"), w("prison"))
    assert parse("(" * 200) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exclusions alone would mean "everything": the query degrades to their words instead
        ("-activists", w("activists")),
        ("NOT activists", w("activists")),
        ("-activists -journalists", both(w("activists"), w("journalists"))),
        ('-"free elections"', both(w("free"), w("elections"))),
        ("-(torture OR prison)", both(w("torture"), w("prison"))),
        ("-the -activists", w("activists")),
        # an exclusion as an OR branch is dropped
        ("torture OR -prison", w("torture")),
        ("torture OR NOT prison", w("torture")),
        ("NOT prison OR torture", w("torture")),
        ("(-prison OR -jail) torture", w("torture")),
        ("torture -(-prison)", w("torture")),  # a double negation is not an exclusion
        ("-(torture OR -prison) iran", both(w("iran"), without(w("torture")))),
        ("-the torture", w("torture")),
        ("-* torture", w("torture")),
    ],
)
def test_exclusions_need_a_positive_member(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("torture (prison detention)", both(w("torture"), w("prison"), w("detention"))),
        ("torture OR (prison OR detention)", either(w("torture"), w("prison"), w("detention"))),
        ("(((torture)))", w("torture")),
        ("torture Torture TORTURE", w("torture")),
        ("torture OR torture", w("torture")),
        ("torture -prison -prison", both(w("torture"), without(w("prison")))),
        ("monitor monitor*", both(w("monitor"), w("monitor", prefix=True))),
        ("(torture -prison) (iran -prison)", both(w("torture"), w("iran"), without(w("prison")))),
    ],
)
def test_nested_and_duplicate_members_are_flattened(text, expected):
    assert parse(text) == expected


def test_at_most_max_words_are_kept():
    words = [f"word{n}" for n in range(MAX_WORDS + 3)]
    assert parse(" ".join(words)) == And(tuple(Word(word) for word in words[:MAX_WORDS]))
    assert len(positive_words(parse(" OR ".join(words)))) == MAX_WORDS


def test_the_word_cap_counts_phrase_and_excluded_words_but_not_dropped_stop_words():
    eleven = " ".join(f"word{n}" for n in range(11))
    assert parse(eleven + ' "free fair elections"').nodes[-1] == w("free")
    assert parse(eleven + " -activists torture") == both(*(w(f"word{n}") for n in range(11)), without(w("activists")))
    assert parse("the " * 20 + "torture") == w("torture")
    # twelve excluded words leave no room for the positive one: degraded, never "everything"
    excluded = " ".join(f"-word{n}" for n in range(12))
    assert parse(excluded + " torture") == And(tuple(Word(f"word{n}") for n in range(12)))


def test_over_long_words_are_dropped():
    assert parse("x" * MAX_WORD_LENGTH) == w("x" * MAX_WORD_LENGTH)
    assert parse("x" * (MAX_WORD_LENGTH + 1) + " torture") == w("torture")
    assert parse("x" * 200) is None


@pytest.mark.parametrize(
    ("text", "fts5", "tsquery"),
    [
        ("journalists Somalia", '"journalists" AND "somalia"', "(journalists & somalia)"),
        ('"free elections" -activists', '("free elections") NOT ("activists")', "((free <-> elections) & !activists)"),
        ("Eritrea OR Kazakhstan", '"eritrea" OR "kazakhstan"', "(eritrea | kazakhstan)"),
        ("monitor*", '"monitor"*', "monitor:*"),
        ("al-Shabaab Somalia", '"al shabaab" AND "somalia"', "((al <-> shabaab) & somalia)"),
        ('"rule of law"', '"rule of law"', "(rule <-> of <-> law)"),
        ("torture detention OR prison", '("torture" AND "detention") OR "prison"', "((torture & detention) | prison)"),
        (
            '(torture OR detention) Iran -"death penalty" -executions',
            '(("torture" OR "detention") AND "iran") NOT ("death penalty") NOT ("executions")',
            "((torture | detention) & iran & !(death <-> penalty) & !executions)",
        ),
        (
            "(Eritrea OR Kazakhstan) -(prison OR detention)",
            '("eritrea" OR "kazakhstan") NOT ("prison" OR "detention")',
            "((eritrea | kazakhstan) & !(prison | detention))",
        ),
        (
            "surveillance -(journalists activists)",
            '("surveillance") NOT ("journalists" AND "activists")',
            "(surveillance & !(journalists & activists))",
        ),
        ("NEAR(journalists somalia)", '"near" AND "journalists" AND "somalia"', "(near & journalists & somalia)"),
        # PostgreSQL drops "the:*" and would then keep "!activists" alone: the exclusion goes instead
        ("the* -activists", '("the"*) NOT ("activists")', "(the:*)"),
        ('"to be" -activists', '("to be") NOT ("activists")', "((to <-> be))"),
    ],
)
def test_compiled_queries(text, fts5, tsquery):
    node = parse(text)
    assert to_fts5(node) == fts5
    assert to_tsquery(node) == tsquery


@pytest.mark.parametrize("compile_", [to_fts5, to_tsquery])
def test_an_exclusion_on_its_own_is_not_compiled(compile_):
    with pytest.raises(ValueError, match="positive member"):
        compile_(And((Not(w("a")), Not(w("b")))))
    with pytest.raises(ValueError, match="on its own"):
        compile_(Not(w("a")))


def test_positive_words():
    assert positive_words(parse('(torture OR detention) "death penalty" Iran -executions -iran')) == [
        "torture",
        "detention",
        "death",
        "penalty",
        "iran",
    ]
    assert positive_words(parse("monitor* al-Shabaab")) == ["monitor", "al", "shabaab"]
    assert positive_words(None) == []


def test_is_plain_and_loosened():
    assert is_plain(parse("torture"))
    assert is_plain(parse("journalists somalia monitor*"))
    for text in ['"free elections"', "torture -prison", "torture OR prison", "al-Shabaab somalia"]:
        assert not is_plain(parse(text))
        assert loosened(parse(text)) is None
    assert not is_plain(None)
    assert loosened(parse("journalists somalia monitor*")) == either(w("journalists"), w("somalia"), w("monitor", True))
    assert loosened(parse("torture")) is None
    assert loosened(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Journalists  Somalia", "journalists somalia"),
        ('-activists "free elections"', '"free elections" -activists'),
        ("Eritrea OR Kazakhstan", "(eritrea OR kazakhstan)"),
        ("torture AND NOT (prison OR detention)", "torture -(prison OR detention)"),
        ("surveillance NOT (journalists AND activists)", "surveillance -(journalists activists)"),
        ("(torture OR detention) Iran", "(torture OR detention) iran"),
        ("torture detention OR prison", "(torture detention OR prison)"),
        ("monitor* U.S.", 'monitor* "u s"'),
        ("(torture -prison) OR detention", "(torture -prison OR detention)"),
    ],
)
def test_describe_is_canonical_and_reads_back(text, expected):
    assert describe(parse(text)) == expected
    assert parse(expected) == parse(text)


# -- hostile input -------------------------------------------------------------------------------------

HOSTILE_PIECES = [
    '"', "(", ")", "-", "*", "OR", "AND", "NOT", "or", "not", " ", "  ", "\\", '\\"', "NEAR(", "NEAR/3",
    "title:", "body:", "^", "{", "}", ":", "+", "&", "|", "!", "<->", "<2>", "'", ".", ",", "_", "%",
    "the", "of", "elections", "free", "el*", "*tion", "a*b", "e-mail", "-activists", "U.S.", "x" * 70,
    "😀", "👍🏽", "حرية", "свобода", "Ω", "İ", "e\u0301", "²", "½", "Ⅻ", "ǅ", "ß", "１２", "٣", "\u200b",
    "\u00ad", "\u202e", "\ufeff", "\uffff", "\U0010ffff", "日本語", "עִבְרִית", "हिन्दी",
]  # fmt: skip


def hostile_texts():
    chooser = random.Random(20240611)  # fixed: a failure is reproducible
    texts = [
        "",
        '"',
        '""""',
        "\\",
        'NEAR("a" "b")',
        "title:secret",
        "body:x OR body:y",
        "^start",
        "{a b}: c",
        "a:*",
        "x <-> y",
        "!torture & prison | jail",
        "-" * 200,
        "(" * 100 + ")" * 100,
        ")" * 200,
        "x" * 200,
        "😀" * 200,
        "OR " * 66,
        '"' * 199,
        "torture " + "-" * 50 + "prison",
    ]
    for _ in range(1500):
        pieces = chooser.choices(HOSTILE_PIECES, k=chooser.randint(1, 30))
        joiner = chooser.choice(["", " "])
        texts.append(joiner.join(pieces)[:200])
    # well-formed more often: operators, exclusions and prefixes between words, so fewer texts degrade
    words = ["torture", "prison", "the", "of", "al-Shabaab", "el*", "the*", '"free elections"', '"to be"', "²"]
    for _ in range(500):
        pieces = [chooser.choice(["", "-", "NOT "]) + chooser.choice(words) for _ in range(chooser.randint(1, 8))]
        texts.append(" ".join(piece + chooser.choice(["", "", " OR", " AND"]) for piece in pieces).removesuffix(" OR"))
    return texts


HOSTILE_TEXTS = hostile_texts()
QUOTED = re.compile(r'"([^"]*)"')


def test_hostile_input_never_raises_and_compiles_to_safe_text():
    for text in HOSTILE_TEXTS:
        node = parse(text)
        if node is None:
            continue
        words = positive_words(node)
        assert words, f"{text!r} would match everything"  # something positive is always required
        fts5, tsquery = to_fts5(node), to_tsquery(node)
        for quoted in QUOTED.findall(fts5):
            assert re.fullmatch(r"[^\W_]+( [^\W_]+)*", quoted), (text, fts5)
        outside_quotes = QUOTED.sub("", fts5)
        assert re.fullmatch(r"( |\(|\)|\*|AND|OR|NOT)*", outside_quotes), (text, fts5)
        assert re.fullmatch(r"([^\W_]|[ &|!()<\->:*])+", tsquery), (text, tsquery)
        assert parse(describe(node)) == node, (text, describe(node))


def test_parsed_words_are_lower_case_letters_and_digits_within_the_caps():
    for text in HOSTILE_TEXTS:
        node = parse(text)
        words = []
        stack = [node] if node else []
        while stack:
            each = stack.pop()
            if isinstance(each, Word):
                words.append(each.text)
            elif isinstance(each, Phrase):
                assert len(each.words) >= 2
                words.extend(each.words)
            else:
                stack.extend([each.node] if isinstance(each, Not) else each.nodes)
        assert len(words) <= MAX_WORDS, text
        for word in words:
            assert re.fullmatch(r"[^\W_]+", word), (text, word)
            assert len(word) <= MAX_WORD_LENGTH, (text, word)


# -- against real databases ------------------------------------------------------------------------------

ROWS = {
    1: "Restrictions on journalists in Somalia",
    2: "Free elections were held; activists detained",
    3: "Elections were not free",
    4: "Monitoring of al-Shabaab",
    5: "Kazakhstan: surveillance of activists",
    6: "Surveillance technology in Eritrea",
}


@pytest.fixture(scope="module")
def fts5_table():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')")
    connection.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", ROWS.items())
    yield connection
    connection.close()


def fts5_matches(connection, text):
    return {rowid for (rowid,) in connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (to_fts5(parse(text)),))}


@pytest.mark.parametrize(
    ("text", "rowids"),
    [
        ("restriction", {1}),  # porter stemming: "restriction" finds "Restrictions"
        ("journalists Somalia", {1}),
        ("surveillance -activists", {6}),
        ("free elections", {2, 3}),
        ('"free elections"', {2}),  # a phrase needs the words side by side
        ('elections -"free elections"', {3}),
        ("monitor*", {4}),
        ("al-Shabaab", {4}),
        ("Eritrea OR Kazakhstan", {5, 6}),
        ("(Eritrea OR Kazakhstan) -activists", {6}),
        ("surveillance -(activists OR kazakhstan)", {6}),
        ("activists -(elections free)", {5}),
        ("title:restrictions", set()),  # never a column filter
        ("body:restrictions", set()),
        ("NEAR(journalists somalia)", set()),  # never NEAR: "near" is a word here
    ],
)
def test_fts5_matches_as_intended(fts5_table, text, rowids):
    assert fts5_matches(fts5_table, text) == rowids


def test_fts5_accepts_every_hostile_query(fts5_table):
    for text in HOSTILE_TEXTS:
        node = parse(text)
        if node is not None:
            fts5_table.execute("SELECT rowid FROM t WHERE t MATCH ?", (to_fts5(node),)).fetchall()


@pytest.fixture(scope="module")
def postgres():
    psycopg = pytest.importorskip("psycopg")
    try:
        connection = psycopg.connect(POSTGRES_URL, connect_timeout=2, autocommit=True)
    except psycopg.OperationalError:
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL}")
    yield connection
    connection.close()


def test_postgresql_accepts_the_compiled_queries_and_none_means_everything(postgres):
    # querytree() is 'T' for a query PostgreSQL can only answer by scanning: one of exclusions alone.
    sql = "SELECT q::text, querytree(q) FROM (SELECT to_tsquery('english', %s) AS q) AS compiled"
    assert postgres.execute(sql, (to_tsquery(parse('"rule of law" -torture')),)).fetchone() == (
        "'rule' <2> 'law' & !'tortur'",
        "'rule' <2> 'law'",
    )
    assert postgres.execute(sql, (to_tsquery(parse("monitor* al-Shabaab")),)).fetchone()[0] == (
        "'monitor':* & 'al' <-> 'shabaab'"
    )
    vanishing = ["the* -activists", '"to be" -x', "² -activists", "(² OR the*) -x"]  # nothing left in PostgreSQL
    for text in [*HOSTILE_TEXTS[:300], *HOSTILE_TEXTS[-500:], *vanishing]:
        node = parse(text)
        if node is not None:
            compiled, tree = postgres.execute(sql, (to_tsquery(node),)).fetchone()
            assert tree != "T", (text, to_tsquery(node), compiled)
