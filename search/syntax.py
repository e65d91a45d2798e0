"""The search syntax country-of-origin researchers type (as on ecoi.net), parsed into a small tree and
compiled to SQLite FTS5 ``MATCH`` expressions and to PostgreSQL ``to_tsquery('english', ...)`` text.

Words side by side must all match (``AND`` may be written); ``OR`` separates alternatives; ``-word``,
``-"a phrase"``, ``-(a OR b)`` and ``NOT x`` exclude; ``"..."`` is a phrase, ``(...)`` a group, ``word*`` a
prefix. Operators count only in upper case (``or`` is a word) and a ``-`` inside a token is not one.
A word is a run of Unicode letters and digits, lower-cased; other characters separate words, and a bare
token of several runs (``al-Shabaab``, ``U.S.``) is their phrase, as both databases split it. ``*`` counts
only right after a word of 2+ characters (``el*``; not ``*``, ``*tion``, ``a*b``). Only the first
``MAX_WORDS`` words are kept, so typed text cannot build an expensive query, and none over ``MAX_WORD_LENGTH``.

Typed text is hostile, so ``parse`` never raises, and its tree is normalised:

1. English stop words (PostgreSQL's ``english.stop``) are dropped from single words: PostgreSQL drops them
   anyway, and FTS5, which has no stop words, would otherwise demand them. They are kept inside phrases
   (``"rule of law"``) and on prefixed words (``the*``). A phrase of fewer than 2 words is a word (or nothing).
2. An exclusion counts only inside an AND that also has a positive member. Alone, or as an OR branch
   (``a OR -b``), it would match nearly everything, so it is dropped. If that leaves nothing positive in
   the whole query (``-activists``), the query degrades (rule 3) instead of meaning "everything".
3. Malformed syntax degrades to plain words: unbalanced quotes or brackets, an operator with nothing on
   one side (``OR elections``, ``elections AND``, ``NOT``, a ``-`` not attached to anything), empty
   brackets, brackets nested deeper than ``MAX_DEPTH``. The result is then the AND of the text's word
   tokens: operator words removed, quotes, brackets and minus ignored, rule 1 and ``*`` as usual.
4. AND in AND and OR in OR are flattened, duplicate members removed (the first kept), an AND/OR of one
   member is that member, and an AND's exclusions follow its positive members: one meaning, one tree.

``parse`` returns ``None`` only for text with no searchable word: the caller then finds nothing.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_WORDS = 12
MAX_WORD_LENGTH = 60
MAX_DEPTH = 8  # deeper brackets degrade; also bounds the parser's and compilers' recursion

# PostgreSQL's tsearch_data/english.stop (the snowball list), which to_tsquery('english', ...) drops.
_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now
"""
STOP_WORDS = frozenset(_ENGLISH_STOP.split())

OPERATORS = frozenset({"OR", "AND", "NOT"})

_WORD_RUN = re.compile(r"[^\W_]+")
# Every character falls in one group. "minus" is only tried where a token starts, so the "-" of
# "e-mail" stays inside its chunk; a "-" followed by nothing it could exclude is "dangling".
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<phrase>"[^"]*")|(?P<quote>")|(?P<open>\()|(?P<close>\))'
    r"|(?P<dangling>-(?=[\s)]|$))|(?P<minus>-)|(?P<chunk>[^\s()\"]+)"
)
_DEGRADED_SEPARATORS = re.compile(r'[\s()"]+')


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Not:
    node: "Node"


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


Node = Word | Phrase | Not | And | Or


class _Malformed(Exception):
    """Raised inside the parser; ``parse`` answers it by degrading to plain words (rule 3)."""


@dataclass
class _Term:
    node: Node | None  # None: the token's words were all dropped (stop words, the cap, punctuation)


@dataclass
class _Budget:
    left: int = MAX_WORDS  # the words a query may still use, spent in the order they were typed


def _clean_words(text):
    words = []
    for run in _WORD_RUN.findall(text):
        # lower() can add a combining mark ("İ" -> "i̇"): keep only its letters, so one run stays one word.
        word = "".join(_WORD_RUN.findall(run.lower()))
        if word and len(word) <= MAX_WORD_LENGTH:
            words.append(word)
    return words


def _words_node(words, budget, prefix=False):
    """One token's words as a Word, a Phrase of 2+ words, or None (rule 1 and the cap)."""
    words = words[: budget.left]
    if len(words) >= 2:
        budget.left -= len(words)
        return Phrase(tuple(words))
    if not words:
        return None
    prefix = prefix and len(words[0]) >= 2
    if words[0] in STOP_WORDS and not prefix:
        return None  # a dropped stop word costs nothing from the budget
    budget.left -= 1
    return Word(words[0], prefix)


def _chunk_node(chunk, budget):
    """A bare token (no spaces, quotes or brackets) as a node; ``*`` counts only after a single run."""
    runs = list(_WORD_RUN.finditer(chunk))
    prefix = len(runs) == 1 and chunk.startswith("*", runs[0].end())
    return _words_node(_clean_words(chunk), budget, prefix)


def _combine(kind, members):
    """An And or Or of members, normalised by rule 4; None members are left out, no members give None."""
    flat = []
    for member in members:
        for part in member.nodes if isinstance(member, kind) else (member,):
            if part is not None and part not in flat:
                flat.append(part)
    if kind is And:
        flat.sort(key=lambda part: isinstance(part, Not))  # stable: exclusions last, order otherwise kept
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _tokens(text, budget):
    tokens = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "quote":
            raise _Malformed  # a quote with no closing quote
        if kind == "phrase":
            tokens.append(_Term(_words_node(_clean_words(value), budget)))  # no prefix inside quotes
        elif kind == "chunk":
            tokens.append(value if value in OPERATORS else _Term(_chunk_node(value, budget)))
        elif kind != "space":
            tokens.append(kind)  # "open", "close", "minus", "dangling"
    return tokens


class _Parser:
    """Recursive descent over the tokens, one method per grammar rule; raises _Malformed."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self):
        symbol = self.peek()
        if symbol is None:
            raise _Malformed  # an operator or "(" with nothing after it, or no text at all
        self.position += 1
        return symbol

    def query(self):
        members = [self.and_expr()]
        while self.peek() == "OR":
            self.position += 1
            members.append(self.and_expr())
        return _combine(Or, members)

    def and_expr(self):
        members = [self.unary()]
        while self.peek() not in (None, "OR", "close"):
            if self.peek() == "AND":
                self.position += 1
            members.append(self.unary())
        return _combine(And, members)

    def unary(self):
        if self.peek() in ("minus", "NOT"):
            self.position += 1
            excluded = self.primary()
            return None if excluded is None else Not(excluded)
        return self.primary()

    def primary(self):
        symbol = self.take()
        if isinstance(symbol, _Term):
            return symbol.node
        if symbol != "open" or self.peek() == "close" or self.depth >= MAX_DEPTH:
            raise _Malformed  # an operator where a word belongs, "()", or brackets nested too deep
        self.depth += 1
        node = self.query()
        if self.take() != "close":
            raise _Malformed
        self.depth -= 1
        return node


def _settle(node):
    """Rule 2: keep a Not only as a member of an And that has a positive member."""
    if isinstance(node, Or):
        return _combine(Or, [_settle(member) for member in node.nodes])
    if isinstance(node, And):
        positives = [_settle(member) for member in node.nodes if not isinstance(member, Not)]
        if all(positive is None for positive in positives):
            return None
        excluded = [_settle(member.node) for member in node.nodes if isinstance(member, Not)]
        return _combine(And, positives + [Not(each) for each in excluded if each is not None])
    return None if isinstance(node, Not) else node


def _degrade(text):
    """Rule 3: the And of the text's word tokens, every operator, quote, bracket and minus ignored."""
    budget = _Budget()
    chunks = _DEGRADED_SEPARATORS.split(text)
    return _combine(And, [_chunk_node(chunk, budget) for chunk in chunks if chunk not in OPERATORS])


def parse(text: str) -> Node | None:
    """The tree for typed search text, or None when it has no searchable word. Never raises."""
    text = unicodedata.normalize("NFC", text)  # a typed "é" may be "e" + a combining accent
    try:
        parser = _Parser(_tokens(text, _Budget()))
        node = parser.query()
        if parser.peek() is not None:
            raise _Malformed  # a ")" with no "("
    except _Malformed:
        return _degrade(text)
    node = _settle(node)
    return _degrade(text) if node is None else node


def _split(node):
    """An And's positive members and the nodes it excludes; a tree without a positive can't be compiled."""
    positives = [member for member in node.nodes if not isinstance(member, Not)]
    if not positives:
        raise ValueError(f"an And needs a positive member: {node!r}")
    return positives, [member.node for member in node.nodes if isinstance(member, Not)]


def to_fts5(node: Node) -> str:
    """An FTS5 MATCH expression: every word a quoted string, so no input can reach NEAR or a column filter."""
    if isinstance(node, Word):
        return f'"{node.text}"' + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Or):
        return " OR ".join(map(_fts5_member, node.nodes))
    if isinstance(node, And):
        positives, excluded = _split(node)
        if not excluded:
            return " AND ".join(map(_fts5_member, positives))
        # FTS5's NOT is binary: (P1 AND P2) NOT (N1) NOT (N2), bracketed so precedence is explicit.
        required = to_fts5(positives[0]) if len(positives) == 1 else " AND ".join(map(_fts5_member, positives))
        return f"({required})" + "".join(f" NOT ({to_fts5(each)})" for each in excluded)
    raise ValueError(f"not a node FTS5 can match on its own: {node!r}")


def _fts5_member(node):
    return f"({to_fts5(node)})" if isinstance(node, And | Or) else to_fts5(node)


def _vanishes_in_postgres(node):
    """True when to_tsquery('english', ...) keeps no lexeme of a positive node: it drops stop words even in
    phrases or with ``:*``, and words without a letter or decimal digit ("²"), and then ``the:* & !x`` is ``!x``."""
    if isinstance(node, Word | Phrase):
        words = [node.text] if isinstance(node, Word) else node.words
        return all(word in STOP_WORDS or not any(c.isalpha() or c.isdecimal() for c in word) for word in words)
    members = node.nodes if isinstance(node, Or) else [m for m in node.nodes if not isinstance(m, Not)]
    return all(map(_vanishes_in_postgres, members))


def to_tsquery(node: Node) -> str:
    """Text for to_tsquery('english', ...): only letters, digits, spaces and ``&|!()<->:*``."""
    if isinstance(node, Word):
        return node.text + (":*" if node.prefix else "")
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(node.words) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(map(to_tsquery, node.nodes)) + ")"
    if isinstance(node, And):
        positives, excluded = _split(node)
        if all(map(_vanishes_in_postgres, positives)):
            excluded = []  # the positives leave nothing in PostgreSQL: match nothing, not "all but these"
        return "(" + " & ".join([*map(to_tsquery, positives), *(f"!{to_tsquery(n)}" for n in excluded)]) + ")"
    raise ValueError(f"not a node PostgreSQL can match on its own: {node!r}")


def _positive(node):
    if isinstance(node, Word):
        yield node.text
    elif isinstance(node, Phrase):
        yield from node.words
    elif isinstance(node, And | Or):
        for member in node.nodes:
            yield from _positive(member)
    # a Not's words are what the reader does not want: not highlighted, not suggested


def positive_words(node: Node | None) -> list[str]:
    """The words (and phrase words) not under a Not, in order, each once; [] for None."""
    return list(dict.fromkeys(_positive(node)))


def positive_terms(node: Node | None) -> list:
    """The Words and Phrases not under a Not, in order, each once; [] for None."""

    def walk(node):
        if isinstance(node, Word | Phrase):
            yield node
        elif isinstance(node, And | Or):
            for member in node.nodes:
                yield from walk(member)

    return list(dict.fromkeys(walk(node))) if node is not None else []


def is_plain(node: Node | None) -> bool:
    """A Word or an And of Words only (no phrase, exclusion or OR): the only queries that may be loosened."""
    return isinstance(node, Word) or (isinstance(node, And) and all(isinstance(m, Word) for m in node.nodes))


def loosened(node: Node | None) -> Or | None:
    """For "some of the words": the Or of a plain And's Words (at least 2); None for anything else."""
    if isinstance(node, And) and len(node.nodes) >= 2 and is_plain(node):
        return Or(node.nodes)
    return None


def describe(node: Node) -> str:
    """A canonical human-readable form, in the syntax: parsing it gives the node back (unless nested near MAX_DEPTH)."""
    if isinstance(node, Word):
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Not):
        inner = describe(node.node)
        return "-" + (f"({inner})" if isinstance(node.node, And) else inner)
    if isinstance(node, And):
        return " ".join(map(describe, node.nodes))
    if isinstance(node, Or):
        return "(" + " OR ".join(map(describe, node.nodes)) + ")"
    raise ValueError(f"not a search node: {node!r}")
