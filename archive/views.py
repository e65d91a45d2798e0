"""The archived copies, served to anyone, safely.

Only the copies a public version cites are served (not withdrawn, its analysis published at least once
and under no view restriction); anything else is a 404, as if it did not exist. A copy is someone
else's document on this site's origin, so it is served sandboxed (``Content-Security-Policy:
sandbox``: no script runs, no cookie or storage of this site is reachable), with its type fixed
(``nosniff``), and the readable copy holds no script or style from the page anyway. A copy never
changes, so browsers and CDNs may keep it for a year.
"""

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from wagtail.models import Page

from .models import Snapshot

CACHE_CONTROL = "public, max-age=31536000, immutable"
# The readable page needs only its own inline style; nothing else loads.
HTML_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
FILE_POLICY = "sandbox; default-src 'none'"


def public_snapshot(pk):
    snapshot = Snapshot.objects.select_related("version__page").filter(pk=pk, state=Snapshot.State.ARCHIVED).first()
    if snapshot is None:
        raise Http404("No archived copy has this number.")
    version = snapshot.version
    page = version.page
    if version.withdrawn or page.first_published_at is None:
        raise Http404("No archived copy has this number.")
    if not Page.objects.public().filter(pk=page.pk).exists():  # a view restriction on it or above
        raise Http404("No archived copy has this number.")
    return snapshot


def served(response, policy):
    response["Content-Security-Policy"] = policy
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Robots-Tag"] = "noindex"
    return response


def open_or_404(field):
    try:
        return field.open("rb")
    except (OSError, ValueError) as e:
        raise Http404("This archived copy is not in storage.") from e


def snapshot(request, pk):
    found = public_snapshot(pk)
    if not found.readable:
        # A type with no readable form (an image, a spreadsheet): the WARC is the copy.
        return redirect("archive_snapshot_warc", pk=found.pk)
    stored = open_or_404(found.readable)
    if found.readable_type == "application/pdf":
        # Chromium will not start its PDF viewer in a sandboxed document, so a PDF is offered as the
        # file it is (a lawyer wants it for the bundle anyway), still sandboxed should a browser show it.
        response = FileResponse(
            stored, content_type="application/pdf", as_attachment=True, filename=found.readable_filename()
        )
        return served(response, FILE_POLICY)
    response = FileResponse(stored, content_type="text/html; charset=utf-8", filename=found.readable_filename())
    return served(response, HTML_POLICY)


def snapshot_warc(request, pk):
    found = public_snapshot(pk)
    if not found.warc:
        raise Http404("This archived copy has no WARC file.")
    response = FileResponse(
        open_or_404(found.warc), content_type="application/warc", as_attachment=True, filename=found.warc_filename()
    )
    return served(response, FILE_POLICY)
