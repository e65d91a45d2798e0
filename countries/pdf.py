"""The PDF of a version for court bundles, made with WeasyPrint from the version's stored content.

Tribunals want bundles that are paginated, bookmarked and searchable, and a lawyer must be able to
point to the same paragraph on paper as on the web. So the PDF is rendered from the same numbered
body as the permalink (``countries.paragraphs``), with the version stamp and permalink on every page,
the citation on the first, the sections as bookmarks and the document tagged (PDF/A-3a: archival and
tagged for assistive technology).

A version never changes, so its PDF is made once (``countries.tasks.make_version_pdf``) and stored on
the version. WeasyPrint needs Pango from the system (Debian: ``libpango-1.0-0`` and
``libpangoft2-1.0-0``); where it is missing, ``PdfUnavailable`` says so and the route repeats it.
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from .version_views import citation_of, organisation

# Archival (PDF/A-3) at the "accessible" level, which makes WeasyPrint tag the structure too.
PDF_VARIANT = "pdf/a-3a"
MISSING_LIBRARIES = (
    "WeasyPrint cannot load its system libraries ({error}). Install Pango: on Debian or Ubuntu "
    "`apt-get install libpango-1.0-0 libpangoft2-1.0-0`."
)


class PdfUnavailable(RuntimeError):
    """This server cannot make PDFs (the reason is the message, written for an operator)."""


def weasyprint():
    """The WeasyPrint module, or PdfUnavailable with what is missing."""
    try:
        import weasyprint as module
    except OSError as e:  # cffi cannot open libpango/libgobject
        raise PdfUnavailable(MISSING_LIBRARIES.format(error=e)) from e
    except ImportError as e:
        raise PdfUnavailable(f"WeasyPrint is not installed ({e}): pip install -r requirements.txt.") from e
    return module


def local_fetcher_class(module):
    class LocalFetcher(module.URLFetcher):
        """Images and styles come from this site's own media and static files, read from storage;
        nothing is fetched over the network while a PDF is made (and nothing an author wrote can
        make the server fetch a URL)."""

        def fetch(self, url, headers=None):
            path = unquote(urlsplit(url).path)
            body = None
            if path.startswith(settings.MEDIA_URL):
                name = path.removeprefix(settings.MEDIA_URL)
                if default_storage.exists(name):
                    with default_storage.open(name) as stored:
                        body = stored.read()
            elif path.startswith(settings.STATIC_URL):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if found:
                    with open(found, "rb") as stored:
                        body = stored.read()
            if body is None:
                raise ValueError(f"Not one of this site's files: {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return module.urls.URLFetcherResponse(url, body, {"Content-Type": content_type})

    return LocalFetcher


def pdf_context(version):
    """What the PDF template shows: the version as published, its sources and its citation."""
    page = version.page
    as_published = version.as_page()
    site = page.get_site()
    analysis_url = page.get_full_url() or ""
    authors = list(page.authors_with_experts())
    footnotes, cited, consulted = as_published.source_notes()
    made = timezone.now()
    citation = citation_of(
        page,
        version,
        organisation_name=organisation(site=site),
        analysis_url=analysis_url,
        accessed=timezone.localdate(made),
        authors=authors,
    )
    return {
        "page": as_published,
        "version": version,
        "country": as_published.country_page(),
        "authors": authors,
        "topics": [topic.name for topic in page.topics.all()],
        "citation": citation,
        "organisation": citation.organisation,
        "permalink": citation.url,
        "sections": as_published.numbered_sections(),
        "footnotes": footnotes,
        "cited": cited,
        "consulted": consulted,
        "made_at": made,
        "base_url": site.root_url if site else settings.WAGTAILADMIN_BASE_URL,
    }


def render_version_pdf(version):
    """The PDF of ``version`` (bytes); PdfUnavailable when this server cannot make one."""
    module = weasyprint()
    context = pdf_context(version)
    html = render_to_string("countries/version_pdf.html", context)
    document = module.HTML(string=html, base_url=context["base_url"], url_fetcher=local_fetcher_class(module)())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, custom_metadata=False)
