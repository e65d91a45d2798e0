"""A page's metadata as a browser, a crawler or Zotero reads it: parsed with html.parser, not matched."""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Head:
    metas: list = field(default_factory=list)  # each meta element's attributes, as a dict
    links: list = field(default_factory=list)  # each link element's attributes
    json_ld: list = field(default_factory=list)  # the text of each application/ld+json script
    meta_outside_head: int = 0

    def named(self, name):
        """The content of every <meta name=…> (or property=…) called ``name``, in document order."""
        return [m.get("content") for m in self.metas if name in (m.get("name"), m.get("property"))]

    def one(self, name):
        values = self.named(name)
        assert len(values) == 1, f"{name}: {values}"
        return values[0]

    def link(self, rel):
        return [attrs.get("href") for attrs in self.links if rel in (attrs.get("rel") or "").split()]

    def report(self):
        """The one JSON-LD document, parsed (fails if there is not exactly one or it is not JSON)."""
        assert len(self.json_ld) == 1, self.json_ld
        return json.loads(self.json_ld[0])


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self.in_head = False
        self.script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta":
            self.head.metas.append(attrs)
            self.head.meta_outside_head += not self.in_head
        elif tag == "link":
            self.head.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self.script = []

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "script" and self.script is not None:
            self.head.json_ld.append("".join(self.script))
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)


def parse_head(response_or_html):
    text = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    parser = _HeadParser()
    parser.feed(text)
    parser.close()
    return parser.head
