"""Archived copies are served to anyone, sandboxed and for good, but only those a public version cites."""

import datetime
import io

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction
from warcio.archiveiterator import ArchiveIterator

from archive import archiver
from archive.models import Snapshot
from countries.models import AnalysisVersion
from tests.archive.conftest import citing_analysis, source

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived(web, archiving, publish_citing):
    page = publish_citing(source(web.url("/page")))
    return page, Snapshot.objects.get(version=page.current_version())


def body_of(response):
    return b"".join(response.streaming_content)


def test_the_readable_copy_is_served_sandboxed_and_for_good(client, archived, web):
    _page, snapshot = archived
    response = client.get(f"/archive/{snapshot.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    policy = response["Content-Security-Policy"]
    assert policy.split(";")[0] == "sandbox"  # no script runs, and the copy has no access to this origin
    assert "default-src 'none'" in policy
    assert "script-src" not in policy  # nothing to allow: default-src 'none' covers scripts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    html = body_of(response).decode()
    assert web.text in html
    assert "<script" not in html


def test_the_warc_downloads_as_a_warc(client, archived, web):
    _page, snapshot = archived
    response = client.get(f"/archive/{snapshot.pk}/warc/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/warc"
    assert response["Content-Disposition"] == f'attachment; filename="snapshot-{snapshot.pk}.warc.gz"'
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    records = list(ArchiveIterator(io.BytesIO(body_of(response))))
    assert [record.rec_type for record in records] == ["warcinfo", "response", "request"]


def test_a_pdf_copy_is_served_as_a_pdf_file(client, web, archiving, publish_citing):
    page = publish_citing(source(web.url("/report.pdf")))
    snapshot = Snapshot.objects.get(version=page.current_version())
    response = client.get(f"/archive/{snapshot.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="snapshot-{snapshot.pk}.pdf"'
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_withdrawn_versions_copies_are_not_served(client, archived):
    page, snapshot = archived
    AnalysisVersion.objects.filter(pk=snapshot.version_id).update(withdrawn_at=timezone.now())
    assert client.get(f"/archive/{snapshot.pk}/").status_code == 404
    assert client.get(f"/archive/{snapshot.pk}/warc/").status_code == 404


def test_copies_of_a_restricted_analysis_are_not_served(client, archived):
    page, snapshot = archived
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"/archive/{snapshot.pk}/").status_code == 404
    assert client.get(f"/archive/{snapshot.pk}/warc/").status_code == 404


def test_copies_outlive_unpublishing_as_the_permalinks_do(client, archived):
    page, snapshot = archived
    page.unpublish()
    assert client.get(f"/archive/{snapshot.pk}/").status_code == 200


def test_a_drafts_sources_are_not_archived_and_no_copy_of_a_draft_is_served(client, web, archiving, kazakhstan):
    cited = source(web.url("/page"))
    draft = citing_analysis(kazakhstan, cited)
    assert not draft.live
    assert not Snapshot.objects.exists()
    assert web.requests == []
    # Even a copy recorded for a version of an analysis that was never published (say, made by hand) is
    # not served.
    version = AnalysisVersion.objects.create(
        page=draft, major=1, minor=0, content=draft.serializable_data(), title=draft.title,
        current_as_of=datetime.date(2026, 1, 1),
    )  # fmt: skip
    archiver.archive_version(version)
    snapshot = Snapshot.objects.get(version=version)
    assert snapshot.state == Snapshot.State.ARCHIVED
    assert client.get(f"/archive/{snapshot.pk}/").status_code == 404
    assert client.get(f"/archive/{snapshot.pk}/warc/").status_code == 404


def test_failed_pending_and_unknown_copies_are_404(client, web, archiving, publish_citing):
    page = publish_citing(source(web.url("/gone")))
    failed = Snapshot.objects.get(version=page.current_version())
    assert client.get(f"/archive/{failed.pk}/").status_code == 404
    Snapshot.objects.filter(pk=failed.pk).update(state=Snapshot.State.PENDING)
    assert client.get(f"/archive/{failed.pk}/").status_code == 404
    assert client.get("/archive/999999/").status_code == 404


def test_withdrawing_a_version_purges_its_copies_from_the_cdn(archived, settings, django_capture_on_commit_callbacks):
    from tests.serving import recording_purge_backend

    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.serving.recording_purge_backend.RecordingBackend"}}
    recording_purge_backend.PURGED.clear()
    _page, snapshot = archived
    version = AnalysisVersion.objects.get(pk=snapshot.version_id)
    version.withdrawn_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        version.save()
    purged = set(recording_purge_backend.PURGED)
    recording_purge_backend.PURGED.clear()
    assert {f"http://localhost/archive/{snapshot.pk}/", f"http://localhost/archive/{snapshot.pk}/warc/"} <= purged
