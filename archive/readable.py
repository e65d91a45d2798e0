"""The readable copy of a fetched page: its text as a plain, clean HTML page (or a PDF as it is).

A cited page is someone else's HTML: its scripts, styles, forms and trackers are dropped, and only the
text is kept, in its headings, paragraphs, list items and quotations, so a lawyer can read what the
analysis relied on and nothing from the page can run on this site. The WARC keeps the response as it
was received, for anyone who needs the original.

``content_hash`` is what the link monitor compares: the text's for a page (a new advert or a
different timestamp in the markup is not a change of content), the bytes' for anything else.
"""

import codecs
import hashlib
import re
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
PDF_TYPE = "application/pdf"

# Elements whose content is never text for a reader (not <form>: some sites wrap whole pages in one;
# not <head>, whose end tag is optional).
SKIPPED = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "select", "button", "nav", "aside",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
BLOCKS = {
    "p": "p", "div": "p", "section": "p", "article": "p", "main": "p", "header": "p", "footer": "p",
    "li": "li", "dt": "p", "dd": "p", "blockquote": "quote", "pre": "pre", "tr": "p", "td": "p", "th": "p",
    "table": "p", "ul": "p", "ol": "p", "dl": "p", "figcaption": "p", "caption": "p", "address": "p",
    **HEADINGS,
}  # fmt: skip
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def media_type(content_type):
    return content_type.split(";")[0].strip().lower()


def kind_of(content_type, body_start=b""):
    """ "html", "text", "pdf" or "" (kept in the WARC only) for a response's type and first bytes."""
    if body_start.lstrip()[:5] == b"%PDF-":
        return "pdf"  # servers often call a PDF application/octet-stream
    media = media_type(content_type)
    if media == PDF_TYPE:
        return "pdf"
    if media in HTML_TYPES or (not media and body_start.lstrip()[:1] == b"<"):
        return "html"
    if media in TEXT_TYPES:
        return "text"
    return ""


def decoded_body(body, content_encoding, limit):
    """The body without gzip or deflate (servers send them even when asked not to), at most ``limit``
    bytes of it: a small compressed body must not unpack into gigabytes."""
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ValueError(f"an unknown content encoding ({encoding[:40]})")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        data = zlib.decompressobj(wbits).decompress(body, limit + 1)
    except zlib.error as e:
        raise ValueError(f"a body that does not decompress ({e})") from e
    if len(data) > limit:
        raise ValueError(f"more than {limit:,} bytes once uncompressed")
    return data


def charset_of(content_type, body):
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type or "", re.IGNORECASE)
    found = match.group(1) if match else None
    if not found:
        if body.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        meta = META_CHARSET.search(body[:4096])
        found = meta.group(1).decode("ascii") if meta else "utf-8"
    try:
        name = codecs.lookup(found).name
    except LookupError:
        return "utf-8"
    # As browsers do (the WHATWG Encoding standard): pages labelled Latin-1 or ASCII are windows-1252,
    # whose extra characters (dashes, quotation marks) such pages use all the time.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode(body, content_type):
    return body.decode(charset_of(content_type, body), errors="replace")


@dataclass
class Extract:
    title: str = ""
    blocks: list = field(default_factory=list)  # [(kind, text)]: h2, h3, h4, p, li, quote, pre

    @property
    def text(self):
        return "\n\n".join(text for _kind, text in self.blocks)


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = []  # open skipped elements
        self.in_title = False
        self.title = []
        self.stack = []  # open block kinds
        self.current = []
        self.blocks = []
        self.main_depth = 0
        self.main_blocks = []

    def flush(self):
        kind = next((k for k in reversed(self.stack) if k != "p"), "p") if self.stack else "p"
        raw = "".join(self.current)
        text = raw.strip("\n") if kind == "pre" else " ".join(raw.split())
        self.current = []
        if text.strip():
            self.blocks.append((kind, text))
            if self.main_depth:
                self.main_blocks.append((kind, text))

    def handle_starttag(self, tag, attrs):
        if tag == "title" and not self.skipping:
            self.in_title = True
            return
        if tag in SKIPPED:
            if tag not in VOID:
                self.skipping.append(tag)
            return
        if self.skipping:
            return
        if tag == "br":
            self.current.append("\n" if "pre" in self.stack else " ")
        elif tag in BLOCKS:
            self.flush()
            self.stack.append(BLOCKS[tag])
            if tag in ("main", "article"):
                self.main_depth += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            return
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in BLOCKS and self.stack:
            self.flush()
            self.stack.pop()
            if tag in ("main", "article") and self.main_depth:
                self.main_depth -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.current.append(data)


def extract_html(text):
    """The title and text blocks of an HTML document: the main content's when it marks one
    (``<main>``, ``<article>``), the whole body's otherwise."""
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    blocks = parser.main_blocks or parser.blocks
    return Extract(title=" ".join("".join(parser.title).split()), blocks=blocks)


def extract_text(text):
    return Extract(blocks=[("pre", text.strip("\n"))] if text.strip() else [])


def content_hash(kind, extract=None, body=b""):
    """What the link monitor compares (see the module's docstring)."""
    if kind in ("html", "text") and extract is not None:
        normalised = "\n".join(" ".join(text.split()) for _kind, text in extract.blocks)
        return hashlib.sha256(normalised.encode()).hexdigest()
    return hashlib.sha256(body).hexdigest()


@dataclass
class Analysis:
    kind: str  # "html", "text", "pdf", or "" when there is no readable copy
    data: bytes  # the body without its content encoding (the PDF itself, for a PDF)
    extract: Extract | None
    content_hash: str
    why_unreadable: str = ""


def analyse(body, content_type, content_encoding, limit):
    """What a response body is and says: one function for the archiver and the link monitor, so the
    two compute a content hash the same way."""
    kind = kind_of(content_type, body[:1024])
    try:
        data = decoded_body(body, content_encoding, limit)
    except ValueError as e:  # compressed in a way that cannot be read: the WARC still has it
        return Analysis("", body, None, content_hash("", body=body), why_unreadable=str(e))
    if data is not body:  # the first bytes that tell a PDF are those once uncompressed
        kind = kind_of(content_type, data[:1024])
    if kind in ("html", "text"):
        text = decode(data, content_type)
        extract = extract_html(text) if kind == "html" else extract_text(text)
        return Analysis(kind, data, extract, content_hash(kind, extract=extract))
    return Analysis(kind, data, None, content_hash(kind, body=data))
