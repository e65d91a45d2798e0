"""A local web of cited sources: one real HTTP server on 127.0.0.1 (in a thread) with scripted routes,
reached under made-up host names that a fake DNS resolves to it. No test here reaches any other
address: the fake DNS refuses every name it does not know, and an address outside the loopback is
refused by the vetting (which is what the tests of it check).
"""

import datetime
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfWriter

from countries.models import AnalysisPage, AnalysisSource, Source
from tests.factories import make_analysis, publish

HOSTS = ("sources.test", "ngo.test", "news.test")


def tiny_pdf(text="A report"):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PAGE = """<!DOCTYPE html><html><head><title>Kazakhstan: protests &amp; arrests</title>
<style>body {{ color: red }}</style><script>document.title = "hijacked"</script></head>
<body><nav><a href="/">Home</a> · <a href="/about">About us</a></nav>
<main><h1>Protests in Almaty</h1><p>{text}</p><ul><li>Item one</li><li>Item two</li></ul>
<script>alert("x")</script><p onclick="steal()">Second paragraph.</p></main>
<footer>Cookie banner</footer></body></html>"""


class Web:
    """Routes: path -> function(handler) that writes the whole response. ``requests`` records
    (method, host header, path, monotonic time) of every request received."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.text = "Police detained forty protesters on Republic Square."
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def handle_any(self):
                web.requests.append((self.command, self.headers.get("Host", ""), self.path, time.monotonic()))
                route = web.routes.get(self.path.split("?")[0])
                if route is None:
                    self.answer(404, b"<p>Not here.</p>")
                else:
                    route(self)

            do_GET = do_HEAD = handle_any

            def answer(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in headers:
                        self.send_header(name, value)
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False  # a slow route's thread must not hold the teardown

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.add_defaults()

    def url(self, path, host=HOSTS[0]):
        return f"http://{host}:{self.port}{path}"

    def route(self, path):
        def register(function):
            self.routes[path] = function
            return function

        return register

    def add_defaults(self):
        web = self
        self.routes["/page"] = lambda h: h.answer(200, PAGE.format(text=web.text).encode())
        self.routes["/report.pdf"] = lambda h: h.answer(200, tiny_pdf(), "application/pdf")
        self.routes["/gone"] = lambda h: h.answer(404, b"<p>Gone.</p>")
        self.routes["/broken"] = lambda h: h.answer(500, b"<p>Oops.</p>")
        self.routes["/old-address"] = lambda h: h.answer(301, headers=[("Location", "/page")])
        self.routes["/loop-a"] = lambda h: h.answer(302, headers=[("Location", "/loop-b")])
        self.routes["/loop-b"] = lambda h: h.answer(302, headers=[("Location", "/loop-a")])
        self.routes["/to-metadata"] = lambda h: h.answer(
            302, headers=[("Location", "http://169.254.169.254/latest/meta-data/")]
        )

        def slow(handler):
            time.sleep(1.5)  # longer than the tests' ARCHIVE_READ_TIMEOUT (0.5 s)
            handler.answer(200, b"<p>Late.</p>")

        def huge_streamed(handler):
            # No Content-Length: the client learns the size only by reading.
            try:
                handler.send_response(200)
                handler.send_header("Content-Type", "text/html")
                handler.end_headers()
                for _ in range(64):
                    handler.wfile.write(b"<p>" + b"x" * 16_000 + b"</p>")
            except OSError:
                pass

        def huge_declared(handler):
            try:
                handler.send_response(200)
                handler.send_header("Content-Type", "application/pdf")
                handler.send_header("Content-Length", str(50 * 1024 * 1024))
                handler.end_headers()
                handler.wfile.write(b"%PDF-1.4\n")
            except OSError:
                pass

        def head_refused(handler):
            if handler.command == "HEAD":
                handler.answer(405, headers=[("Allow", "GET")])
            else:
                handler.answer(200, b"<p>Only GET here.</p>")

        self.routes.update(
            {"/slow": slow, "/huge": huge_streamed, "/huge-declared": huge_declared, "/head-refused": head_refused}
        )

    def hits(self, path):
        return [request for request in self.requests if request[2].split("?")[0] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def stored_names(prefix="archive"):
    """Every file under ``prefix`` in storage (the tests' in-memory storage)."""
    if not default_storage.exists(prefix):
        return []
    directories, files = default_storage.listdir(prefix)
    names = [f"{prefix}/{name}" for name in files]
    for directory in directories:
        names += stored_names(f"{prefix}/{directory}")
    return names


@pytest.fixture(autouse=True)
def empty_archive_storage():
    """The in-memory storage outlives a test, and a database may reuse ids after a rollback."""
    for name in stored_names():
        default_storage.delete(name)
    yield
    for name in stored_names():
        default_storage.delete(name)


@pytest.fixture
def web(monkeypatch):
    server = Web()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in HOSTS:
            host = "127.0.0.1"
        else:
            try:
                socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
            except OSError:
                raise socket.gaierror(f"[test DNS] unknown host {host}") from None
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield server
    server.close()


@pytest.fixture
def no_seed_analyses(db):
    """The seed's live analyses cite sources on the internet: out of the monitor's and report's sight."""
    AnalysisPage.objects.live().update(live=False)


@pytest.fixture
def connections(monkeypatch):
    """Every address the code connects to (and still connects)."""
    made = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        made.append(address[0])
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return made


@pytest.fixture
def archiving(settings):
    settings.ARCHIVE_SOURCES_AT_PUBLICATION = True
    settings.VERSION_PDFS_AFTER_ARCHIVING = True
    return settings


def source(url, title="Protests in Almaty", author="Kazakhstan Bureau for Human Rights"):
    return Source.objects.create(author=author, title=title, url=url, accessed_on=datetime.date(2026, 11, 20))


def citing_analysis(country, *cited, consulted=(), title="Freedom of assembly", live=False):
    """An analysis (a draft unless ``live``) that cites ``cited`` sources in its text and lists ``consulted``."""
    page = make_analysis(country, title, text="Filler.", live=False)
    page = AnalysisPage.objects.get(pk=page.pk)
    text = " ".join(f'Claim {n} <a href="#source-{s.pk}">as reported</a>.' for n, s in enumerate(cited))
    page.body = [
        {"type": "heading", "value": "Findings", "id": "h"},
        {"type": "paragraph", "value": f"<p>{text or 'No citation.'}</p>", "id": "p"},
    ]
    for item in consulted:
        page.sources.add(AnalysisSource(source=item))
    page.save_revision()
    return publish(page) if live else page


@pytest.fixture
def publish_citing(kazakhstan, django_capture_on_commit_callbacks):
    """Publish an analysis citing the given sources, running what the publication's commit starts."""

    def make(*cited, consulted=(), title="Freedom of assembly"):
        page = citing_analysis(kazakhstan, *cited, consulted=consulted, title=title)
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
        return AnalysisPage.objects.get(pk=page.pk)

    return make
