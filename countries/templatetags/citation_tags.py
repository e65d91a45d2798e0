"""Template filters for citing an analysis version and its paragraphs."""

from django import template

register = template.Library()


@register.filter
def oscola_at(citation, number):
    """The OSCOLA citation of paragraph ``number`` of the cited version."""
    return citation.oscola(number) if citation else ""


@register.filter
def paragraph_url(citation, number):
    """The permanent URL of paragraph ``number``: the version's permalink with the paragraph's anchor."""
    return f"{citation.url}#p-{number}" if citation else f"#p-{number}"


@register.simple_tag
def now_numbered(current_numbers, item):
    """In an older version: the number ``item`` has in the current version ("" if unchanged; None if
    the paragraph is no longer there). ``current_numbers`` is None on the current version."""
    if current_numbers is None:
        return ""
    number = current_numbers.get(item.key)
    return None if number is None else ("" if number == item.number else number)
