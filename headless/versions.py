"""Versions, numbered paragraphs and citations in the API: the analysis detail's ``version``,
``versions`` and ``paragraphs`` fields, and ``/api/v3/pages/{id}/versions/`` with each version by number.

A version is public for good once published (countries.models.version), like its permalink: the
endpoints answer for an analysis that was unpublished since, 410 for a version an editor withdrew,
and 404 for anything never published or behind a view restriction.
"""

import datetime
from http import HTTPStatus
from urllib.parse import urljoin

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from wagtail.models import Page

from archive import copies as archived_copies
from countries.citations import FORMATS
from countries.models import AnalysisPage
from countries.version_views import citation_for

from .schemas import Schema

router = Router(tags=["versions"])


class CitationSchema(Schema):
    oscola: str
    plain: str
    downloads: dict[str, str]  # {"bibtex": url, "ris": url, "csl-json": url}


class VersionSummary(Schema):
    number: str
    title: str
    published_at: datetime.datetime
    current_as_of: datetime.date
    what_changed: str
    url: str  # the permalink
    changes_url: str | None  # the paragraph-level comparison with the previous version
    pdf_url: str  # the version's PDF for court bundles (A4, the same paragraph numbers)
    citation: CitationSchema


class Paragraph(Schema):
    number: str
    anchor: str
    key: str  # stable across versions: pairs a paragraph with itself in another version
    kind: str  # "paragraph", "list item" or "quotation"
    section: int
    section_title: str
    html: str


class ArchivedCopySchema(Schema):
    url: str  # the readable copy (the page's text, or the PDF), absolute
    date: datetime.date  # when it was fetched


class SourceSchema(Schema):
    id: int
    author: str
    title: str
    kind: str
    published_on: datetime.date | None
    url: str
    accessed_on: datetime.date | None
    note: str
    cited: bool  # cited in the text (a footnote points to it), or only consulted
    # The copy made when the version was published (archive app), or null (none, or not yet).
    archived_copy: ArchivedCopySchema | None


class FootnoteSchema(Schema):
    number: int
    anchor: str  # "fn-3"
    paragraph: str  # the number of the paragraph that cites
    source_id: int | None  # None if the cited source was deleted since
    pinpoint: str


def sources(page, version=None):
    """The sources ``page`` lists, each with its archived copy from ``version`` (default: the live
    page's current version; a draft has none)."""
    footnotes, cited, consulted = page.source_notes()
    listed = [(source, True) for source in cited] + [(source, False) for source in consulted]
    version = version if version is not None else page.current_version()
    found = archived_copies.for_version(version)
    base = (page.get_full_url() or "") if found else ""
    return [
        {
            "id": source.pk,
            "author": source.author,
            "title": source.title,
            "kind": source.kind,
            "published_on": source.published_on,
            "url": source.url,
            "accessed_on": source.accessed_on,
            "note": source.note,
            "cited": is_cited,
            "archived_copy": archived_copy(found.get(source.pk), base),
        }
        for source, is_cited in listed
    ]


def archived_copy(copy, base):
    return {"url": urljoin(base, copy.url), "date": copy.date} if copy else None


def footnotes(page):
    return [
        {
            "number": note.number,
            "anchor": note.anchor,
            "paragraph": note.paragraph,
            "source_id": source.pk if source else None,
            "pinpoint": note.pinpoint,
        }
        for note, source in page.source_notes()[0]
    ]


class VersionDetail(VersionSummary):
    standfirst: str
    paragraphs: list[Paragraph]
    footnotes: list[FootnoteSchema]
    sources: list[SourceSchema]


def paragraphs(page):
    return [
        {
            "number": item.number,
            "anchor": item.anchor,
            "key": item.key,
            "kind": item.kind,
            "section": section.number,
            "section_title": section.title,
            "html": item.html,
        }
        for section in page.numbered_sections()
        for item in section.items
    ]


def authors(page):
    # Read once per page object: the current version and every version in the list cite them.
    if "_cited_authors" not in page.__dict__:
        page.__dict__["_cited_authors"] = list(page.authors_with_experts())
    return page.__dict__["_cited_authors"]


def version_summary(page, version, request):
    analysis_url = page.get_full_url(request) or ""
    permalink = version.url_for(analysis_url)
    cited = citation_for(page, version, request, authors(page))
    first = version.major == 1 and version.minor == 0
    return {
        "number": version.number,
        "title": version.title,
        "published_at": version.published_at,
        "current_as_of": version.current_as_of,
        "what_changed": version.what_changed,
        "url": permalink,
        "changes_url": None if first else f"{permalink}changes/",
        "pdf_url": f"{permalink}pdf/",
        "citation": {
            "oscola": cited.oscola(),
            "plain": cited.plain(),
            "downloads": {fmt: f"{permalink}cite/?format={fmt}" for fmt in FORMATS},
        },
    }


def current_version(page, context):
    version = page.current_version()
    return version_summary(page, version, context["request"]) if version else None


def all_versions(page, context):
    return [version_summary(page, version, context["request"]) for version in page.published_versions()]


def published_analysis(page_id):
    page = Page.objects.public().filter(pk=page_id).specific().first()
    if not isinstance(page, AnalysisPage) or not page.versions.exists():
        raise HttpError(HTTPStatus.NOT_FOUND, "No published analysis has this id.")
    return page


@router.get(
    "/pages/{page_id}/versions/",
    response=list[VersionSummary],
    url_name="analysis_versions",
    summary="Versions of an analysis",
    description="Every published version not withdrawn, oldest first, with its permalink and citation.",
    operation_id="analysis_versions",
)
def versions(request: HttpRequest, page_id: int):
    page = published_analysis(page_id)
    return [version_summary(page, version, request) for version in page.published_versions()]


@router.get(
    "/pages/{page_id}/versions/{number}/",
    response=VersionDetail,
    url_name="analysis_version",
    summary="One version of an analysis",
    description=(
        "The version's text as numbered paragraphs (as on its permalink), with its citation. "
        "410 if the editors withdrew it."
    ),
    operation_id="analysis_version",
)
def version(request: HttpRequest, page_id: int, number: str):
    page = published_analysis(page_id)
    found = page.versions.numbered(number).first()
    if found is None:
        raise HttpError(HTTPStatus.NOT_FOUND, f"This analysis has no version {number[:20]}.")
    if found.withdrawn:
        when = timezone.localdate(found.withdrawn_at)
        raise HttpError(HTTPStatus.GONE, f"Version {found.number} was withdrawn on {when:%d %B %Y}.")
    as_published = found.as_page()
    return {
        **version_summary(page, found, request),
        "standfirst": as_published.standfirst,
        "paragraphs": paragraphs(as_published),
        "footnotes": footnotes(as_published),
        "sources": sources(as_published, found),
    }
