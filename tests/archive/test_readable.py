"""The readable copy's text, and the content hash the link monitor compares."""

import gzip

import pytest

from archive import readable
from archive.fetch import Refused, normalised


def test_the_main_content_is_kept_and_everything_that_could_run_is_not():
    html = """<html><head><title>A  title</title><script>var x = "<p>not text</p>";</script></head><body>
    <nav><p>Menu</p></nav><div>Banner</div><article><h2>Heading</h2><p>First &amp; <b>bold</b> words.</p>
    <blockquote>Quoted.</blockquote><pre>line one
line two</pre><iframe src="x">framed</iframe><p>Last.</p></article><aside>Related</aside></body></html>"""
    extract = readable.extract_html(html)
    assert extract.title == "A title"
    assert extract.blocks == [
        ("h2", "Heading"),
        ("p", "First & bold words."),
        ("quote", "Quoted."),
        ("pre", "line one\nline two"),
        ("p", "Last."),
    ]


def test_a_page_without_main_content_keeps_its_whole_body():
    extract = readable.extract_html("<body><h1>Title</h1><p>One.</p><ul><li>Two</li></ul>Three</body>")
    assert extract.blocks == [("h2", "Title"), ("p", "One."), ("li", "Two"), ("p", "Three")]


def test_a_page_wrapped_in_a_form_keeps_its_text():
    extract = readable.extract_html("<body><form action='/'><p>All of the page.</p></form></body>")
    assert extract.blocks == [("p", "All of the page.")]


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=ISO-8859-1", "Almaty – café".encode("cp1252"), "Almaty – café"),
        ("text/html", '<meta charset="windows-1251">Алматы'.encode("cp1251"), '<meta charset="windows-1251">Алматы'),
        ("text/html", "Астана".encode(), "Астана"),
        ("text/html; charset=nonsense", b"plain", "plain"),
    ],
)
def test_the_charset_comes_from_the_header_then_the_page(content_type, body, expected):
    assert readable.decode(body, content_type) == expected


def test_compressed_bodies_are_read_within_the_limit():
    page = b"<p>" + b"a" * 5000 + b"</p>"
    found = readable.analyse(gzip.compress(page), "text/html", "gzip", limit=10_000)
    assert found.kind == "html"
    assert found.extract.blocks == [("p", "a" * 5000)]
    bomb = readable.analyse(gzip.compress(b"0" * 100_000), "text/html", "gzip", limit=10_000)
    assert bomb.extract is None
    assert "more than 10,000 bytes once uncompressed" in bomb.why_unreadable


def test_a_pdf_is_known_by_its_type_or_its_first_bytes():
    assert readable.kind_of("application/pdf") == "pdf"
    assert readable.kind_of("application/octet-stream", b"%PDF-1.7\n") == "pdf"
    assert readable.kind_of("image/png", b"\x89PNG") == ""
    assert readable.kind_of("text/plain; charset=utf-8") == "text"


def test_the_content_hash_follows_the_text_not_the_markup():
    one = readable.analyse(b"<p>Same  words.</p><script>1</script>", "text/html", None, 1000)
    two = readable.analyse(b"<div><p>Same words.</p></div><script>2</script>", "text/html", None, 1000)
    three = readable.analyse(b"<p>Other words.</p>", "text/html", None, 1000)
    assert one.content_hash == two.content_hash != three.content_hash


@pytest.mark.parametrize("url", ["ftp://example.org/file", "javascript:alert(1)", "file:///etc/passwd", "http:///x"])
def test_only_http_and_https_urls_with_a_host_are_fetched(url):
    with pytest.raises(Refused):
        normalised(url)


def test_urls_are_sent_percent_encoded_without_their_fragment():
    assert normalised("https://example.org/a path/ü?q=a b#part") == "https://example.org/a%20path/%C3%BC?q=a%20b"
