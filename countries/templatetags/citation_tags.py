"""Template filters for citing an analysis version and its paragraphs."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


def _item_html(item, citation, current_numbers, current_url):
    """One numbered item's inside: its number, its text and its Link/Cite tools (and, in an older
    version, where it is now). Built in Python: an include per paragraph cost a third of the page."""
    tools = [
        format_html(
            '<button type="button" class="para__tool" data-copy="{}" aria-label="Copy the link to paragraph {}">'
            "Link</button>",
            paragraph_url(citation, item.number),
            item.number,
        )
    ]
    if current_numbers:
        now = now_numbered(current_numbers, item)
        if now is None:
            tools.append(mark_safe('<span class="para__now">not in the current version</span>'))
        elif now:
            tools.append(format_html('<a class="para__now" href="{}#p-{}">now ¶ {}</a>', current_url, now, now))
    if citation:
        tools.append(
            format_html(
                '<button type="button" class="para__tool" data-copy="{}" '
                'aria-label="Copy a citation of paragraph {}">Cite</button>',
                oscola_at(citation, item.number),
                item.number,
            )
        )
    return format_html(
        '<span class="para__number"><a href="#{}" aria-label="Paragraph {}">{}</a></span>\n'
        '<span class="para__text">{}</span>\n<span class="para__tools">{}</span>',
        item.anchor,
        item.number,
        item.number,
        item.safe_html,
        mark_safe("".join(tools)),  # noqa: S308 - each piece built with format_html above
    )


@register.simple_tag(takes_context=True)
def numbered_items_html(context, part):
    """The HTML of one grouped part of a section that is numbered: ("item", Item) or ("list", tag, items)."""
    args = (context.get("citation"), context.get("current_numbers"), context.get("current_url"))
    if part[0] == "item":
        item = part[1]
        tag, extra = ("blockquote", " para--quotation") if item.kind == "quotation" else ("p", "")
        return format_html(
            '<{} class="para{}" id="{}" data-paragraph-key="{}">{}</{}>',
            tag,
            extra,
            item.anchor,
            item.key,
            _item_html(item, *args),
            tag,
        )
    items = format_html_join(
        "",
        '<li class="para" id="{}" data-paragraph-key="{}">{}</li>',
        ((item.anchor, item.key, _item_html(item, *args)) for item in part[2]),
    )
    return format_html('<{} class="para-list">{}</{}>', part[1], items, part[1])
