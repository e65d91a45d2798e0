"""The link monitor: every URL a live analysis cites, checked politely, with a status history.

The Home Office says it does not keep the links in its notes working after publication; a tribunal
following ours should not find them dead. Each run (daily, from the scheduler) visits every distinct
URL once and records, for each source that has it, one ``LinkCheck``:

- ``broken``: 4xx or 5xx, a name that does not resolve, nothing answering, or redirects without end;
- ``moved``: it answers, but at another address (after redirects): the source's URL wants updating;
- ``changed``: it answers where it was, but its content is not what was archived (``readable``:
  compared by text for a page, by bytes otherwise);
- ``ok``; or ``error``: this server would not check it (an address refused, a body over the limit).

Politely: at most ``LINK_CHECK_MAX_RATE`` requests a second overall and ``LINK_CHECK_HOST_INTERVAL``
seconds between two requests to one host, redirects included; the URLs are taken host by host in
turn, so one site with many citations does not hold the others back. A HEAD first, and a GET only when
the server refuses HEAD or when the body is needed for the comparison. The connections are vetted as
the archiver's are (``core.outbound``).
"""

import datetime
import logging
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from . import citing, readable
from .fetch import FetchFailed, Limits, Pacer, fetch, normalised
from .models import LinkCheck, Snapshot

logger = logging.getLogger(__name__)

# Answers to HEAD that say "ask with GET" rather than "gone": not allowed, not implemented, and the
# refusals some servers give to any request they do not expect.
HEAD_REFUSED = {400, 403, 405, 501}
Outcome = LinkCheck.Outcome


def link_check_pacer(**kwargs):
    return Pacer(settings.LINK_CHECK_MAX_RATE, settings.LINK_CHECK_HOST_INTERVAL, **kwargs)


@dataclass
class Result:
    outcome: str
    status_code: int | None = None
    final_url: str = ""
    body_hash: str = ""
    problem: str = ""


def interleaved(urls):
    """``urls`` taken one host at a time in turn (each host's own in their order)."""
    queues = OrderedDict()
    for url in urls:
        queues.setdefault((urlsplit(url).hostname or "").lower(), deque()).append(url)
    ordered = []
    while queues:
        for host in list(queues):
            ordered.append(queues[host].popleft())
            if not queues[host]:
                del queues[host]
    return ordered


def check_url(url, archived_hash, pacer, limits=None):
    """Check one URL: a Result. ``archived_hash``: the content hash of its newest archived copy, if any."""
    limits = limits or Limits.from_settings()
    wants_body = bool(archived_hash)
    try:
        if wants_body:
            fetched = fetch(url, "GET", limits=limits, before_request=pacer.wait)
        else:
            fetched = fetch(url, "HEAD", limits=limits, before_request=pacer.wait)
            if fetched.final.status in HEAD_REFUSED:
                fetched.close()
                fetched = fetch(url, "GET", limits=limits, before_request=pacer.wait, read_body=False)
    except FetchFailed as e:
        return Result(Outcome.BROKEN if e.broken else Outcome.ERROR, problem=str(e))
    try:
        final = fetched.final
        result = Result(Outcome.OK, status_code=final.status, final_url=final.url[:2000])
        if final.status >= 400:
            result.outcome = Outcome.BROKEN
            result.problem = f"HTTP {final.status} {final.reason}".strip()
        elif final.url != normalised(url):
            result.outcome = Outcome.MOVED
            result.problem = f"Now at {final.url[:500]}"
        elif wants_body:
            found = readable.analyse(
                final.read_body(), final.content_type, final.header("Content-Encoding"), limits.max_bytes
            )
            result.body_hash = found.content_hash
            if found.content_hash != archived_hash:
                result.outcome = Outcome.CHANGED
                result.problem = "The content differs from the archived copy."
        return result
    finally:
        fetched.close()


def archived_hashes(urls):
    """{url: content hash of its newest archived copy}."""
    newest = {}
    snapshots = (
        Snapshot.objects.filter(url__in=list(urls), state=Snapshot.State.ARCHIVED)
        .exclude(content_hash="")
        .order_by("url", "-fetched_at", "-pk")
        .values_list("url", "content_hash")
    )
    for url, content_hash in snapshots:
        newest.setdefault(url, content_hash)
    return newest


def check_all(*, pacer=None, limits=None):
    """Check every URL cited by a live analysis once and record the outcome per source; {outcome: count}."""
    sources_by_url = OrderedDict()
    for _analysis, _version, sources in citing.live_citations():
        for source in sources:
            sources_by_url.setdefault(source.url, {})[source.pk] = source
    hashes = archived_hashes(sources_by_url)
    pacer = pacer or link_check_pacer()
    counts = Counter()
    for url in interleaved(sources_by_url):
        try:
            result = check_url(url, hashes.get(url), pacer, limits)
        except Exception:  # one odd answer must not stop the run
            logger.exception("Checking %s failed", url)
            result = Result(Outcome.ERROR, problem="The check failed; the error is in the server log.")
        checked_at = timezone.now()
        LinkCheck.objects.bulk_create(
            LinkCheck(
                source=source,
                url=url,
                checked_at=checked_at,
                outcome=result.outcome,
                status_code=result.status_code,
                final_url=result.final_url,
                body_hash=result.body_hash,
                problem=result.problem[:2000],
            )
            for source in sources_by_url[url].values()
        )
        counts[result.outcome] += 1
    prune()
    return dict(counts)


def prune(now=None):
    """Forget checks older than ``LINK_CHECK_HISTORY_DAYS``."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.LINK_CHECK_HISTORY_DAYS)
    return LinkCheck.objects.filter(checked_at__lt=cutoff).delete()[0]
