"""The excerpt shown under each result: text around the first matched word, matched words marked."""

import html
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 240


def highlight_pattern(terms):
    """Matches words starting with any term's stem, so 'elections' also marks 'election'."""
    stems = sorted({term[: max(4, len(term) - 3)] if len(term) > 4 else term for term in terms}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)


TAG = re.compile(r"<[^>]*>")
# Values in a body block that are not prose: links, and image and page references.
NOT_PROSE = {"source_url", "link_page", "image"}


def block_texts(value):
    """The prose in a body block's stored (JSON) value, tags removed."""
    if isinstance(value, str):
        yield html.unescape(TAG.sub(" ", value))
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a child block, in a stream or a list
            yield from block_texts(value["value"])
        else:
            for key, item in value.items():
                if key not in NOT_PROSE:
                    yield from block_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from block_texts(item)


def page_text(page):
    # From the stored JSON rather than through the blocks' get_searchable_content(), which builds
    # every block and parses its rich text with HTMLParser: a third of a search's time.
    return " ".join([page.standfirst, *block_texts(list(page.body.raw_data))])


def make_snippet(text, pattern):
    """An HTML excerpt around the first matched word: each piece of text is escaped, then the matched
    words (escaped too) are wrapped in <mark>, so nothing in the text or the query can inject markup."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern else None
    if match is None:
        excerpt = text[:SNIPPET_LENGTH]
        start, end = 0, len(excerpt)
    else:
        start = max(0, match.start() - SNIPPET_LENGTH // 3)
        if start:
            start = text.find(" ", start) + 1 or start
        end = min(len(text), start + SNIPPET_LENGTH)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > match.end() else end
    excerpt = text[start:end]
    pieces, last = [], 0
    for found in pattern.finditer(excerpt) if pattern else ():
        pieces.append(escape(excerpt[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(excerpt[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped above
