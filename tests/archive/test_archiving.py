"""Archiving a version's sources at publication: a WARC and a readable copy of each cited URL, within
bounds (time, size, redirects, public addresses only), never in the way of publishing."""

import io
import re
import time

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader
from warcio.archiveiterator import ArchiveIterator

from archive import archiver
from archive.models import Snapshot
from archive.tasks import archive_version_sources
from countries.models import AnalysisPage, AnalysisVersion
from countries.tasks import make_version_pdf
from tests.archive.conftest import PAGE, citing_analysis, source, stored_names, tiny_pdf
from tests.factories import publish

pytestmark = pytest.mark.django_db


def warc_records(snapshot):
    with snapshot.warc.open("rb") as stored:
        return [
            (record.rec_type, record.rec_headers, record.http_headers, record.content_stream().read())
            for record in ArchiveIterator(stored)
        ]


def test_a_cited_page_is_archived_as_a_warc_and_a_readable_copy(web, archiving, publish_citing):
    cited = source(web.url("/page"))
    page = publish_citing(cited)
    version = page.current_version()
    snapshot = Snapshot.objects.get(version=version, source=cited)

    assert snapshot.state == Snapshot.State.ARCHIVED
    assert snapshot.url == snapshot.final_url == web.url("/page")
    assert snapshot.status_code == 200
    assert snapshot.content_type == "text/html; charset=utf-8"
    body = PAGE.format(text=web.text).encode()
    assert snapshot.size == len(body)
    assert len(snapshot.sha256) == 64
    assert snapshot.fetched_at

    records = warc_records(snapshot)
    assert [record[0] for record in records] == ["warcinfo", "response", "request"]
    _type, response_headers, http, payload = records[1]
    assert response_headers.get_header("WARC-Target-URI") == web.url("/page")
    assert response_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert http.get_statuscode() == "200"
    assert payload == body  # the response exactly as received
    _type, request_headers, request_http, _payload = records[2]
    assert request_headers.get_header("WARC-Concurrent-To") == response_headers.get_header("WARC-Record-ID")
    assert request_http.protocol == "GET"
    assert request_http.get_header("Host") == f"sources.test:{web.port}"

    with snapshot.readable.open("rb") as stored:
        readable = stored.read().decode()
    assert web.text in readable
    assert "Item two" in readable
    assert "Second paragraph." in readable
    # Only the text: no script, style rule, handler or menu of the page survives.
    for left_out in ("<script", "alert(", "hijacked", "onclick", "color: red", "About us", "Cookie banner"):
        assert left_out not in readable


def test_a_pdf_source_is_kept_as_the_pdf(web, archiving, publish_citing, client):
    report = source(web.url("/report.pdf"), title="Annual report")
    page = publish_citing(report)
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.ARCHIVED
    assert snapshot.readable_type == "application/pdf"
    with snapshot.readable.open("rb") as stored:
        assert stored.read() == tiny_pdf()
    response = client.get(f"/archive/{snapshot.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == tiny_pdf()


def test_consulted_sources_are_archived_too_and_sources_without_a_url_are_not(web, archiving, publish_citing):
    cited, consulted = source(web.url("/page")), source(web.url("/report.pdf"), title="Consulted report")
    oral = source("", title="Interview with a lawyer in Almaty")
    oral.note = "A lawyer in Almaty, interviewed in October 2026."
    oral.save()
    page = publish_citing(cited, oral, consulted=[consulted])
    archived = Snapshot.objects.filter(version=page.current_version())
    assert {snapshot.source_id for snapshot in archived} == {cited.pk, consulted.pk}
    assert all(snapshot.archived for snapshot in archived)


def test_the_bibliography_the_api_and_the_pdf_show_the_archived_copy(web, archiving, publish_citing, client):
    archiving.VERSION_PDFS_AT_PUBLICATION = True
    cited = source(web.url("/page"))
    page = publish_citing(cited)
    version = page.current_version()
    snapshot = Snapshot.objects.get(version=version)
    day = snapshot.fetched_at.date()
    copy_path = f"/archive/{snapshot.pk}/"

    for url in (page.url, f"{page.url}v/{version.number}/"):
        html = client.get(url).content.decode()
        entry = re.search(rf'<li id="source-{cited.pk}" class="source">.*?</li>', html, re.S).group(0)
        assert f'<a class="archived-copy" href="{copy_path}"' in entry
        assert f'archived copy, <time datetime="{day:%Y-%m-%d}">{day.day} {day:%B %Y}</time></a>' in entry

    listed = client.get(f"/api/v3/pages/{page.pk}/").json()["sources"]
    assert listed[0]["archived_copy"] == {"url": f"http://localhost{copy_path}", "date": f"{day:%Y-%m-%d}"}
    detail = client.get(f"/api/v3/pages/{page.pk}/versions/{version.number}/").json()
    assert detail["sources"][0]["archived_copy"]["url"] == f"http://localhost{copy_path}"

    # The PDF was made by the archiving task once the copy existed, and cites it with its URL.
    version.refresh_from_db()
    assert version.pdf, "made after archiving"
    reader = PdfReader(io.BytesIO(client_pdf(client, page, version)))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert f"archived copy, {day.day} {day:%B %Y}" in text
    assert f"http://localhost{copy_path}" in text.replace(" ", "")


def client_pdf(client, page, version):
    response = client.get(f"{page.url}v/{version.number}/pdf/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_an_analysis_without_archived_copies_says_nothing_of_them(client, kazakhstan):
    page = citing_analysis(kazakhstan, source("https://example.org/report"), live=True)
    html = client.get(page.url).content.decode()
    assert "archived-copy" not in html
    assert client.get(f"/api/v3/pages/{page.pk}/").json()["sources"][0]["archived_copy"] is None
    assert not Snapshot.objects.exists()  # archiving is off in the tests' settings


def test_a_404_is_recorded_for_editors_and_publishing_succeeds(web, archiving, publish_citing):
    gone = source(web.url("/gone"))
    page = publish_citing(gone)
    assert page.live
    version = AnalysisVersion.objects.get(page=page)
    snapshot = Snapshot.objects.get(version=version)
    assert snapshot.state == Snapshot.State.FAILED
    assert snapshot.status_code == 404
    assert snapshot.problem == "The address answered HTTP 404 Not Found."
    assert not snapshot.warc
    assert not snapshot.readable
    assert stored_names() == []


def test_a_redirect_loop_stops_at_the_bound(web, archiving, publish_citing):
    archiving.ARCHIVE_MAX_REDIRECTS = 3
    looping = source(web.url("/loop-a"))
    page = publish_citing(looping)
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.FAILED
    assert snapshot.problem.startswith("More than 3 redirects")
    assert len(web.hits("/loop-a")) + len(web.hits("/loop-b")) == 4  # the first request and 3 redirects


def test_a_redirect_is_followed_and_recorded_in_the_warc(web, archiving, publish_citing):
    page = publish_citing(source(web.url("/old-address")))
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.ARCHIVED
    assert snapshot.final_url == web.url("/page")
    responses = [record for record in warc_records(snapshot) if record[0] == "response"]
    assert [record[2].get_statuscode() for record in responses] == ["301", "200"]


def test_a_slow_server_times_out(web, archiving, publish_citing):
    started = time.monotonic()
    page = publish_citing(source(web.url("/slow")))
    assert time.monotonic() - started < 1.4  # the server answers after 1.5 s; the limit is 0.5 s
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.FAILED
    assert snapshot.problem == "No answer within 0.5 s."


def test_a_trickling_server_is_given_up_on_at_the_total_limit(web, archiving, publish_citing):
    archiving.ARCHIVE_TOTAL_TIMEOUT = 1.0

    @web.route("/trickle")
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(40):  # each byte well within the read timeout, the whole far beyond the total
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    started = time.monotonic()
    page = publish_citing(source(web.url("/trickle")))
    assert time.monotonic() - started < 2.5
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.problem == "No complete answer within 1 s."


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_a_huge_body_stops_at_the_size_limit_and_nothing_is_kept(web, archiving, publish_citing, path):
    page = publish_citing(source(web.url(path)))
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.FAILED
    assert snapshot.problem.startswith("Larger than the 262,144 bytes kept")
    assert not snapshot.warc
    assert not snapshot.readable
    assert not snapshot.sha256
    assert stored_names() == []


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1/internal", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8000/", "LOCAL"],
)
def test_a_private_address_is_refused_without_connecting(web, archiving, publish_citing, connections, url):
    archiving.OUTBOUND_ALLOWED_NETWORKS = []  # the loopback, where the test server is, counts as private too
    url = web.url("/page") if url == "LOCAL" else url
    page = publish_citing(source(url))
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.FAILED
    assert snapshot.problem.startswith("Refused: ")
    assert "non-public address" in snapshot.problem
    assert connections == []
    assert web.requests == []


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(web, archiving, publish_citing, connections):
    page = publish_citing(source(web.url("/to-metadata")))
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.FAILED
    assert snapshot.problem.startswith("Refused: 169.254.169.254 resolves to a non-public address")
    assert connections == ["127.0.0.1"]  # the first hop only


def test_archiving_again_fetches_nothing_twice(web, archiving, publish_citing):
    cited = source(web.url("/page"))
    page = publish_citing(cited, source(web.url("/gone")))
    version = page.current_version()
    before = list(Snapshot.objects.filter(version=version).values_list("pk", "state", "warc"))
    requests = len(web.requests)

    archive_version_sources.call(version.pk)  # a duplicate from the queue
    assert list(Snapshot.objects.filter(version=version).values_list("pk", "state", "warc")) == before
    assert len(web.requests) == requests

    # Publishing the live revision again is the same version: no second copy either.
    AnalysisPage.objects.get(pk=page.pk).live_revision.publish()
    assert Snapshot.objects.filter(source=cited).count() == 1

    # Failed copies are tried again only when asked.
    web.routes["/gone"] = web.routes["/page"]
    archive_version_sources.call(version.pk, retry_failed=True)
    assert set(Snapshot.objects.filter(version=version).values_list("state", flat=True)) == {"archived"}
    assert len(stored_names()) == 4


def test_a_snapshot_claimed_by_another_worker_is_left_to_it(web, archiving, kazakhstan):
    page = citing_analysis(kazakhstan, source(web.url("/page")), live=True)
    version = page.current_version()
    archiver.prepare(version)
    snapshot = Snapshot.objects.get(version=version)
    assert archiver.claim(snapshot, [Snapshot.State.PENDING])  # another worker has it
    archive_version_sources.call(version.pk)
    assert Snapshot.objects.get(pk=snapshot.pk).state == Snapshot.State.PENDING
    assert web.requests == []


def test_a_storage_failure_is_recorded_and_leaves_no_half_copy(web, archiving, publish_citing, monkeypatch):
    real_save = default_storage.save

    def save(name, content, **kwargs):
        if name.endswith(".html"):
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", save)
    page = publish_citing(source(web.url("/page")))
    assert page.live
    snapshot = Snapshot.objects.get(version=page.current_version())
    assert snapshot.state == Snapshot.State.FAILED
    assert snapshot.problem == "The copy could not be stored; the error is in the server log."
    assert stored_names() == []  # the WARC written first was removed again


def test_the_pdf_waits_for_the_archiving_and_not_for_ever(web, archiving, kazakhstan, client, settings):
    page = citing_analysis(kazakhstan, source(web.url("/page")), live=True)
    version = page.current_version()
    archiver.prepare(version)  # as the publication does: the copies are due

    make_version_pdf.call(version.pk)
    version.refresh_from_db()
    assert not version.pdf
    assert not version.pdf_problem
    response = client.get(f"{page.url}v/{version.number}/pdf/")
    assert response.status_code == 503
    assert "It is being made" in response.content.decode()

    settings.ARCHIVE_PDF_MAX_WAIT = 0  # an archiver that never finishes does not hold the PDF back
    make_version_pdf.call(version.pk)
    version.refresh_from_db()
    assert version.pdf


def test_with_archiving_on_the_publication_leaves_the_pdf_to_the_archiver(
    archiving, kazakhstan, django_capture_on_commit_callbacks, monkeypatch
):
    archiving.VERSION_PDFS_AT_PUBLICATION = True
    queued = []

    class Queue:
        @staticmethod
        def enqueue(version_id):
            queued.append(version_id)

    monkeypatch.setattr("archive.tasks.archive_version_sources", Queue)
    page = citing_analysis(kazakhstan, source("https://example.org/report"))
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    version = AnalysisVersion.objects.get(page=page)
    assert queued == [version.pk]
    assert not version.pdf  # the archiver makes it when the copies exist
    assert Snapshot.objects.get(version=version).state == Snapshot.State.PENDING


def test_deleting_an_analysis_deletes_its_copies_files(
    web, archiving, publish_citing, django_capture_on_commit_callbacks
):
    page = publish_citing(source(web.url("/page")))
    assert len(stored_names()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert not Snapshot.objects.exists()
    assert stored_names() == []


def test_sources_on_one_host_are_fetched_a_little_apart(web, archiving, publish_citing, monkeypatch):
    archiving.ARCHIVE_HOST_INTERVAL = 0.3
    waits, real_pacer = [], archiver.Pacer

    def pacer(rate, host_interval):
        def sleep(seconds):
            waits.append(seconds)
            time.sleep(seconds)

        return real_pacer(rate=rate, host_interval=host_interval, sleep=sleep)

    monkeypatch.setattr(archiver, "Pacer", pacer)
    publish_citing(source(web.url("/page")), source(web.url("/report.pdf")), source(web.url("/page", "ngo.test")))
    assert [(host.split(":")[0], path) for _method, host, path, _moment in web.requests] == [
        ("sources.test", "/page"),
        ("sources.test", "/report.pdf"),
        ("ngo.test", "/page"),
    ]
    first, second, _third = (moment for *_request, moment in web.requests)
    # The same host: spaced (less the first request's own travel time, which the pacer counts in).
    assert second - first >= 0.25
    # Another host at once: the one wait is the second fetch from sources.test (a clock, not the
    # machine's speed, decides this).
    assert len(waits) == 1
    assert 0 < waits[0] <= 0.3
