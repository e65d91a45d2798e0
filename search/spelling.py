""" "Did you mean": countries spelt like the query, and the query with its misspelt words corrected.

Both count edits: a letter added, dropped or changed, or two neighbours swapped (the optimal string
alignment distance). Text of 4 to 7 letters may be one edit away, longer text two; shorter text is
never corrected (too many words are one letter from a three-letter word).

- Countries: the query's runs of words are compared with every country name and alias of as many
  words (``Saudia Arabia``, ``Druk Yull``), so a misspelt country is found inside a longer query.
- Words: a word of the query that no document has ever had (``SearchWord``) and that finds nothing
  in any form is replaced by the closest word of the documents that starts with the same letter; ties
  go to the words of country names, then to the word of the same length. Words of country names and
  aliases are never corrected (``Somalia`` is not a typo where no analysis names it), nor prefixes
  (``survel*`` is short on purpose) or excluded words. The query keeps its syntax and the case of its
  first letters; the service offers it only when it finds analyses that match it whole.
"""

import re

from django.db.models import Q
from django.db.models.functions import Length

from .models import SearchWord
from .syntax import And, Not, Or, Phrase, Word

MIN_LENGTH = 4
MAX_LENGTH = 30  # SearchWord.word's length
# Words worth remembering: a whole run of 4 to 30 letters (a longer run is not a word).
WORD = re.compile(rf"(?<![^\W\d_])[^\W\d_]{{{MIN_LENGTH},{MAX_LENGTH}}}(?![^\W\d_])")
NAME_WORD = re.compile(r"\w+")
MAX_COUNTRIES = 5


def edits_allowed(text):
    """How many edits away a suggestion may be for ``text`` (its letters, spaces not counted)."""
    letters = len(text) - text.count(" ")
    if letters < MIN_LENGTH:
        return 0
    return 1 if letters <= 7 else 2


def distance(a, b, limit):
    """The optimal string alignment distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def name_words(text):
    return NAME_WORD.findall(text.lower())


# Countries ---------------------------------------------------------------------------------------------


def close_countries(q, names, named=(), limit=MAX_COUNTRIES):
    """Countries whose name or alias is a few edits from a run of the query's words, closest first;
    ``names`` are (lower-case name, country) pairs, countries in ``named`` are left out."""
    typed = name_words(q)
    best = {}
    for name, country in names:
        words = name_words(name)
        allowed = edits_allowed(" ".join(words))
        if not words or not allowed or country.slug in named:
            continue
        target = " ".join(words)
        for start in range(len(typed) - len(words) + 1):
            candidate = " ".join(typed[start : start + len(words)])
            if candidate == target:
                continue  # named exactly: matching_countries offers it
            edits = distance(candidate, target, allowed)
            if edits <= allowed and edits < best.get(country.slug, (allowed + 1,))[0]:
                best[country.slug] = (edits, country)
    ranked = sorted(best.values(), key=lambda item: (item[0], item[1].title))
    return [country for _, country in ranked[:limit]]


# Words ---------------------------------------------------------------------------------------------


def known_words(documents):
    """The words of ``documents`` worth remembering for suggestions."""
    words = set()
    for document in documents:
        for text in (document.title, document.keywords, document.body):
            words.update(word.lower() for word in WORD.findall(text))
    return words


def remember(documents):
    words = known_words(documents)
    if words:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=500
        )


def correctable_words(node):
    """The query's words that may be misspelt: not prefixes, not excluded, 4-30 letters, each once."""
    found = []

    def walk(node):
        if isinstance(node, Word):
            if not node.prefix:
                found.append(node.text)
        elif isinstance(node, Phrase):
            found.extend(node.words)
        elif isinstance(node, And | Or):
            for member in node.nodes:
                walk(member)
        # a Not: what the reader does not want is not corrected

    if node is not None and not isinstance(node, Not):
        walk(node)
    return [word for word in dict.fromkeys(found) if WORD.fullmatch(word)]


def closest_words(words, preferred=frozenset()):
    """{word: the closest known word} for the ``words`` no document has ever had; two queries."""
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    unknown = [word for word in words if word not in known and edits_allowed(word)]
    if not unknown:
        return {}
    wanted = Q()
    for word in unknown:
        allowed = edits_allowed(word)
        wanted |= Q(word__startswith=word[0], length__gte=len(word) - allowed, length__lte=len(word) + allowed)
    candidates = list(SearchWord.objects.annotate(length=Length("word")).filter(wanted).values_list("word", flat=True))
    closest = {}
    for word in unknown:
        allowed = edits_allowed(word)
        scored = [
            (edits, candidate not in preferred, abs(len(candidate) - len(word)), candidate)
            for candidate in candidates
            if candidate[0] == word[0] and (edits := distance(word, candidate, allowed)) <= allowed
        ]
        if scored:
            closest[word] = min(scored)[-1]
    return closest


def cased_like(typed, word):
    """``word`` with the case of the ``typed`` word: ``KAZAKSTAN`` → ``KAZAKHSTAN``, ``Kazakstan`` → ``Kazakhstan``."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def corrected_query(q, node, names=frozenset(), finds_nothing=lambda word: True):
    """``q`` (parsed as ``node``) with its misspelt words replaced by the closest words of the documents,
    or None when no word is replaced. ``names``: the words of country names and aliases (never
    corrected; preferred as corrections); ``finds_nothing(word)``: whether the word alone matches no
    document in any form (a word every document lacks as typed may still be an inflection of theirs)."""
    words = [word for word in correctable_words(node) if word not in names]
    replacements = {
        word: replacement for word, replacement in closest_words(words, preferred=names).items() if finds_nothing(word)
    }
    if not replacements:
        return None

    def replaced(match):
        typed = match.group()
        replacement = replacements.get(typed.lower())
        return cased_like(typed, replacement) if replacement else typed

    pattern = "|".join(re.escape(word) for word in sorted(replacements, key=len, reverse=True))
    corrected = re.sub(rf"(?<!\w)(?:{pattern})(?![\w*])", replaced, q, flags=re.IGNORECASE)
    return corrected if corrected != q else None
