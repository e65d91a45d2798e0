"""Numbered paragraphs: an analysis body as the sections and numbered items courts cite (CPIN-style).

Every heading opens a section (1, 2, …); every paragraph, list item and quotation in it gets the next
number (3.1, 3.2, …) and the anchor ``p-3.2``. Text before the first heading is section 0. Images and
call-outs are not numbered: a tribunal cites statements, not furniture.

Each numbered item also has a *key* that does not depend on its position: the StreamField block id,
plus the Draftail block key (``data-block-key``) of the paragraph or list item inside a rich-text
block, or its index there when the text has none (text written outside the editor). Versions record
number → key, so the paragraph a number meant in any version can be found again in another (the
comparison between versions pairs items by key).
"""

import re
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import unquote

from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail.rich_text import expand_db_html

# A citation in rich text is a link to the anchor "#source-<id>", optionally with a pinpoint after a
# colon ("#source-12:p. 4"): Draftail's own anchor link, so citing needs nothing but the editor.
CITATION = re.compile(r'<a href="#source-(?P<id>\d{1,12})(?::(?P<pinpoint>[^"]*))?"[^>]*>(?P<text>.*?)</a>', re.S)

# Top-level rich-text elements that are numbered one by one, and lists whose items are.
NUMBERED = {"p", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre"}
LISTS = {"ul", "ol"}
VOID = {"br", "hr", "img", "wbr", "embed", "input", "meta", "link", "source"}


@dataclass
class Item:
    number: str  # "3.2"
    key: str  # stable across revisions: "<block id>:<Draftail key or index>"
    kind: str  # "paragraph", "list item", "quotation"
    html: str  # the item's inner HTML, links expanded
    list_tag: str = ""  # "ul" or "ol" for list items

    @property
    def anchor(self):
        return f"p-{self.number}"

    @property
    def block_id(self):
        return self.key.partition(":")[0]

    @property
    def safe_html(self):
        return mark_safe(self.html)  # noqa: S308 - expanded from the editor's rich text, as |richtext does


@dataclass
class Section:
    number: int
    title: str
    anchor: str
    parts: list = field(default_factory=list)  # Items, and (block) for unnumbered blocks

    @property
    def items(self):
        return [part for part in self.parts if isinstance(part, Item)]

    def grouped_parts(self):
        """The parts with consecutive items of one list gathered: ("item", Item), ("list", tag,
        [Item]) or ("block", block), for templates."""
        grouped = []
        for part in self.parts:
            if not isinstance(part, Item):
                grouped.append(("block", part))
            elif not part.list_tag:
                grouped.append(("item", part))
            elif (
                grouped
                and grouped[-1][0] == "list"
                and grouped[-1][1] == part.list_tag
                and grouped[-1][3] == part.block_id
            ):
                grouped[-1][2].append(part)
            else:
                grouped.append(("list", part.list_tag, [part], part.block_id))
        return grouped


class _TopLevel(HTMLParser):
    """Splits rich-text HTML into its top-level elements, and lists into their items."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.elements = []  # (tag, attrs, inner html, list tag)
        self._current = None
        self._list = None

    def _open(self, tag, attrs, list_tag=""):
        self._current = [tag, dict(attrs), [], list_tag]

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        if self.depth == 0 and tag in LISTS:
            self._list = tag
        elif self.depth == 0 or (self.depth == 1 and self._list and tag == "li"):
            self._open(tag, attrs, self._list or "")
            if tag not in VOID:
                self.depth += 1
            return
        elif self._current is not None:
            self._current[2].append(text)
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self._current is not None:
            self._current[2].append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth = max(self.depth - 1, 0)
        closes_item = self._current is not None and self.depth == (1 if self._current[3] else 0)
        if closes_item and tag == self._current[0]:
            self.elements.append(tuple(self._current))
            self._current = None
        elif self.depth == 0 and tag in LISTS:
            self._list = None
        elif self._current is not None:
            self._current[2].append(f"</{tag}>")

    def _text(self, text):
        if self._current is not None:
            self._current[2].append(text)
        elif text.strip():  # loose text at the top level: a paragraph of its own
            self.elements.append(("p", {}, [text], ""))

    def handle_data(self, data):
        self._text(data)

    def handle_entityref(self, name):
        self._text(f"&{name};")

    def handle_charref(self, name):
        self._text(f"&#{name};")


def rich_text_items(source):
    """[(tag, attrs, inner html, list tag)] of rich-text database HTML, links expanded."""
    parser = _TopLevel()
    parser.feed(expand_db_html(source))
    parser.close()
    return [(tag, attrs, "".join(inner), list_tag) for tag, attrs, inner, list_tag in parser.elements]


@dataclass
class Footnote:
    number: int
    source_id: int
    pinpoint: str
    paragraph: str  # the number of the paragraph that cites

    @property
    def anchor(self):
        return f"fn-{self.number}"


@dataclass
class NumberedBody:
    sections: list
    footnotes: list

    def cited_source_ids(self):
        """The sources cited, each once, in the order they are first cited."""
        return list(dict.fromkeys(footnote.source_id for footnote in self.footnotes))


def _footnoted(html, number, footnotes):
    """``html`` with each citation replaced by its text and a footnote mark (collected in ``footnotes``)."""

    def mark(match):
        n = len(footnotes) + 1
        pinpoint = " ".join(unescape(unquote(match["pinpoint"] or "")).split())[:100]
        footnotes.append(Footnote(n, int(match["id"]), pinpoint, number))
        return (
            f'{match["text"]}<sup class="footnote-ref" id="fnref-{n}">'
            f'<a href="#fn-{n}" aria-label="Footnote {n}">{n}</a></sup>'
        )

    return CITATION.sub(mark, html)


def numbered_sections(body):
    """The body as Sections of numbered Items (and unnumbered blocks), in order."""
    return number_body(body).sections


def number_body(body):
    """The body's numbered sections and its footnotes, numbered in reading order."""
    sections = [Section(0, "", "")]
    seen_anchors = set()
    footnotes = []

    def add(block_id, local, kind, html, list_tag=""):
        section = sections[-1]
        number = f"{section.number}.{len(section.items) + 1}"
        html = _footnoted(html, number, footnotes)
        section.parts.append(Item(number, f"{block_id}:{local}", kind, html, list_tag))

    for block in body:
        kind = block.block_type
        if kind == "heading":
            base = slugify(block.value) or "section"
            anchor, n = base, 2
            while anchor in seen_anchors:
                anchor, n = f"{base}-{n}", n + 1
            seen_anchors.add(anchor)
            sections.append(Section(len(sections), str(block.value), anchor))
        elif kind == "paragraph":
            for index, (_tag, attrs, html, list_tag) in enumerate(rich_text_items(block.value.source)):
                add(
                    block.id,
                    attrs.get("data-block-key") or index,
                    "list item" if list_tag else "paragraph",
                    html,
                    list_tag,
                )
        elif kind == "quotation":
            add(block.id, 0, "quotation", escape(block.value["quote"]).replace("\n", "<br>"))
        else:
            sections[-1].parts.append(block)
    if not sections[0].parts:
        sections.pop(0)
    return NumberedBody(sections, footnotes)


def numbered_items(body):
    """Every numbered Item of the body, in order."""
    return [item for section in numbered_sections(body) for item in section.items]


def numbers_by_key(body):
    """{key: number}: what a version records so that its numbers can be found in another."""
    return {item.key: item.number for item in numbered_items(body)}
