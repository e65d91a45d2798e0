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
