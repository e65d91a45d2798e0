"""One bounded HTTP fetch of a cited URL, for the archiver and the link monitor.

Every connection goes through ``core.outbound`` (public addresses only, vetted after DNS resolution),
redirects included: each hop is a new, vetted connection, at most ``ARCHIVE_MAX_REDIRECTS`` of them.
A fetch is bounded in time (to connect, for each read, and in all) and in size (the body is read in
chunks into a temporary file and given up on past ``ARCHIVE_MAX_BYTES``), so no cited page, however
slow, large or hostile, can hold a worker or fill its disk.

The standard library's client, not a richer one: it follows no redirect and reads no proxy setting
by itself, so nothing here can reach an address that was not vetted.
"""

import hashlib
import http.client
import ssl
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone

from core.outbound import ForbiddenAddress, UnresolvableHost, VettedHTTPConnection, VettedHTTPSConnection

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
# Bodies up to this size stay in memory; larger ones spill to a temporary file.
IN_MEMORY = 1024 * 1024
USER_AGENT = "country-analyses-cms-archiver/1 (keeps copies of the sources its analyses cite)"
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"


@dataclass(frozen=True)
class Limits:
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_bytes: int
    max_redirects: int

    @classmethod
    def from_settings(cls):
        return cls(
            connect_timeout=settings.ARCHIVE_CONNECT_TIMEOUT,
            read_timeout=settings.ARCHIVE_READ_TIMEOUT,
            total_timeout=settings.ARCHIVE_TOTAL_TIMEOUT,
            max_bytes=settings.ARCHIVE_MAX_BYTES,
            max_redirects=settings.ARCHIVE_MAX_REDIRECTS,
        )


class FetchFailed(Exception):
    """No usable response; the message says why, for editors. ``broken``: the link itself does not
    work (its name does not resolve, nothing answers, too many redirects); otherwise this server would
    not or could not fetch it (an address refused, a body over the size limit)."""

    broken = True


class Refused(FetchFailed):
    broken = False


class TooLarge(FetchFailed):
    broken = False


class Pacer:
    """Spaces requests: ``rate`` a second at most overall (0: no limit), ``host_interval`` seconds between
    two to one host; its ``wait`` is a fetch's ``before_request``. ``clock`` and ``sleep`` are injected
    (tests pass a fake pair; nobody waits for real)."""

    def __init__(self, rate, host_interval, clock=time.monotonic, sleep=time.sleep):
        self.gap = 1 / rate if rate > 0 else 0.0
        self.host_interval = host_interval
        self.clock, self.sleep = clock, sleep
        self.last = None
        self.last_by_host = {}

    def wait(self, host):
        host = (host or "").lower()
        now = self.clock()
        due = now
        if self.last is not None:
            due = max(due, self.last + self.gap)
        if host in self.last_by_host:
            due = max(due, self.last_by_host[host] + self.host_interval)
        if due > now:
            self.sleep(due - now)
        sent = max(self.clock(), due)
        self.last = self.last_by_host[host] = sent


@dataclass
class Exchange:
    """One request and the response to it, as sent and received."""

    method: str
    url: str
    target: str  # the request line's path and query
    request_headers: list
    started_at: object  # an aware datetime
    address: str = ""
    protocol: str = "HTTP/1.1"
    status: int = 0
    reason: str = ""
    headers: list = field(default_factory=list)
    body: object = None  # a file positioned anywhere; None for HEAD
    size: int = 0
    sha256: str = ""

    def header(self, name):
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)

    @property
    def content_type(self):
        return (self.header("Content-Type") or "").strip()

    def read_body(self):
        if self.body is None:
            return b""
        self.body.seek(0)
        return self.body.read()

    def close(self):
        if self.body is not None:
            self.body.close()


@dataclass
class Fetched:
    exchanges: list  # every hop, the redirects first

    @property
    def final(self):
        return self.exchanges[-1]

    @property
    def final_url(self):
        return self.final.url

    def close(self):
        for exchange in self.exchanges:
            exchange.close()


def normalised(url):
    """``url`` as it can be requested (http or https, a host, no fragment, the path %-encoded), or Refused."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise Refused(f"Only http and https addresses are fetched, not “{parts.scheme or url[:40]}”.")
    if not parts.hostname:
        raise Refused(f"The address {url[:200]} names no host.")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as e:
        raise Refused(f"The address {url[:200]} has an invalid port.") from e
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def fetch(url, method="GET", *, limits=None, before_request=None, read_body=True):
    """Fetch ``url``, following redirects; the Fetched (close it) or FetchFailed.

    ``before_request(host)`` is called before every request, redirects included (the link monitor's
    politeness: it may sleep there). Without ``read_body`` the final body is not read (a link check
    that needs only the status).
    """
    limits = limits or Limits.from_settings()
    deadline = time.monotonic() + limits.total_timeout
    exchanges = []
    current = normalised(url)
    try:
        while True:
            if before_request is not None:
                before_request(urlsplit(current).hostname)
            exchange = _exchange(method, current, limits, deadline, read_body)
            exchanges.append(exchange)
            location = exchange.header("Location") if exchange.status in REDIRECT_STATUSES else None
            if not location:
                return Fetched(exchanges)
            if len(exchanges) > limits.max_redirects:
                raise FetchFailed(
                    f"More than {limits.max_redirects} redirects (the last one to {location[:200]}): "
                    "the address leads nowhere."
                )
            current = normalised(urljoin(current, location))
    except BaseException:
        for exchange in exchanges:
            exchange.close()
        raise


def _host_header(parts):
    host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
    if ":" in host:
        host = f"[{host}]"
    default = 443 if parts.scheme == "https" else 80
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def _exchange(method, url, limits, deadline, read_body=True):
    parts = urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchFailed(f"No complete answer within {limits.total_timeout:g} s.")
    connection_class = VettedHTTPSConnection if parts.scheme == "https" else VettedHTTPConnection
    connection = connection_class(
        parts.hostname,
        parts.port,
        timeout=min(limits.connect_timeout, remaining),
        read_timeout=min(limits.read_timeout, remaining),
    )
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    # Every header named here, so the WARC's request record is what was sent (http.client adds none).
    headers = [
        ("Host", _host_header(parts)),
        ("User-Agent", USER_AGENT),
        ("Accept", ACCEPT),
        ("Accept-Encoding", "identity"),
        ("Connection", "close"),
    ]
    exchange = Exchange(method, url, target, headers, started_at=timezone.now())
    try:
        connection.request(method, target, headers=dict(headers))
        exchange.address = connection.peer_address or ""
        response = connection.getresponse()
        exchange.protocol = "HTTP/1.0" if response.version == 10 else "HTTP/1.1"
        exchange.status, exchange.reason = response.status, response.reason
        exchange.headers = response.getheaders()
        redirect = exchange.status in REDIRECT_STATUSES and exchange.header("Location")
        if method != "HEAD" and (read_body or redirect):
            _read_body(response, exchange, limits, deadline)
    except FetchFailed:
        exchange.close()
        raise
    except UnresolvableHost as e:
        exchange.close()
        raise FetchFailed(f"{e}.") from e
    except ForbiddenAddress as e:
        exchange.close()
        raise Refused(f"Refused: {e}; only public addresses are fetched.") from e
    except TimeoutError as e:  # socket.timeout is an alias of it
        exchange.close()
        raise FetchFailed(f"No answer within {limits.read_timeout:g} s.") from e
    except ssl.SSLError as e:
        exchange.close()
        raise FetchFailed(f"The secure connection failed ({e.reason or e}).") from e
    except (OSError, http.client.HTTPException, ValueError) as e:
        exchange.close()
        raise FetchFailed(f"The connection failed ({type(e).__name__}: {e}).") from e
    finally:
        connection.close()
    return exchange


def _read_body(response, exchange, limits, deadline):
    declared = (exchange.header("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise TooLarge(f"Larger than the {limits.max_bytes:,} bytes kept ({int(declared):,} declared).")
    body = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - the Exchange closes it
    exchange.body = body
    digest = hashlib.sha256()
    while True:
        if time.monotonic() > deadline:
            raise FetchFailed(f"No complete answer within {limits.total_timeout:g} s.")
        # read1: at most one read from the socket, so a server that trickles is checked against the
        # deadline between its bytes rather than once per full chunk.
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        exchange.size += len(chunk)
        if exchange.size > limits.max_bytes:
            raise TooLarge(f"Larger than the {limits.max_bytes:,} bytes kept.")
        digest.update(chunk)
        body.write(chunk)
    exchange.sha256 = digest.hexdigest()
