""" "Did you mean": the query with its misspelt words replaced by close words of the documents.

A word of the query that no document has ever had (``SearchWord``) is compared with the known words
that start with the same letter; the closest one within a small edit distance replaces it. The
corrected query is offered only when it finds something.
"""

import difflib
import re

from .models import SearchWord
from .syntax import parse, positive_words

WORD = re.compile(r"[^\W\d_]{4,30}")
CUTOFF = 0.8


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


def closest(word):
    if SearchWord.objects.filter(word=word).exists():
        return None
    first = word[0]
    candidates = SearchWord.objects.filter(word__gte=first, word__lt=chr(ord(first) + 1)).values_list("word", flat=True)
    close = difflib.get_close_matches(word, [c for c in candidates if abs(len(c) - len(word)) <= 2], n=1, cutoff=CUTOFF)
    return close[0] if close else None


def corrected_query(q):
    """``q`` with each unknown word replaced by the closest known one, or None when nothing changes."""
    node = parse(q)
    if node is None:
        return None
    corrected = q
    for word in positive_words(node):
        if not WORD.fullmatch(word):
            continue
        replacement = closest(word)
        if replacement:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, corrected, flags=re.IGNORECASE)
    return corrected if corrected != q else None
