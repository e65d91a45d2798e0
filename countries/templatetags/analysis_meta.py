"""An analysis's citation metadata: Highwire Press tags and schema.org JSON-LD.

Lawyers cite analyses in asylum cases. Zotero and Google Scholar read the ``citation_*`` tags (Zotero
files a page with ``citation_technical_report_institution`` as a report), search engines and other
harvesters the JSON-LD; both give title, authors, publisher, dates and, once analyses have them, the
version and the PDF, so nobody retypes them. ``{% analysis_meta %}`` renders components/page_meta.html
with the page's description and Open Graph tags (core/templatetags/page_meta.py) and these on top.

No query is added: the authors and the country come from the page's context (AnalysisPage.get_context
loads them for the byline and the header), the publisher is the Site's name (the Site is already found
for the request) and the dates are the page's own fields.
"""

from django import template
from django.utils import timezone

from core.templatetags.page_meta import (
    absolute_url,
    json_for_script,
    language_tag,
    local_date,
    offered,
    page_meta_context,
    plain_text,
    request_site,
)

register = template.Library()


def highwire_date(value):
    """Highwire Press dates are written YYYY/MM/DD."""
    day = local_date(value)
    return day.strftime("%Y/%m/%d") if day else ""


def iso_datetime(value):
    """schema.org dates are ISO 8601; with the time and zone, as the page's own timestamps have them."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def citation_tags(page, meta, names, publisher, version, pdf_url):
    """(name, content) pairs of the Highwire Press tags, in the order Google Scholar documents them."""
    published = highwire_date(page.first_published_at)
    tags = [("citation_title", page.title)]
    tags += [("citation_author", name) for name in names]
    if published:  # a draft in preview has not been published
        tags += [("citation_publication_date", published), ("citation_online_date", published)]
    tags += [
        ("citation_publisher", publisher),
        ("citation_technical_report_institution", publisher),
        ("citation_language", language_tag()),
    ]
    if meta["canonical"]:
        tags += [("citation_public_url", meta["canonical"]), ("citation_abstract_html_url", meta["canonical"])]
    if version is not None and offered(version, "number"):
        tags.append(("citation_version", str(version.number)))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return [(name, content) for name, content in tags if content]


def report_json_ld(page, meta, request, authors, country, publisher, version, pdf_url):
    """The schema.org Report describing the analysis (a dict, serialised by json_for_script)."""
    site = request_site(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": page.title,
        "headline": page.title,
        # The whole standfirst: unlike the meta description, nothing shows it cut short.
        "description": plain_text(page.standfirst) or meta["description"],
        "url": meta["canonical"] or None,
        "inLanguage": language_tag(),
        "datePublished": iso_datetime(page.first_published_at),
        "dateModified": iso_datetime(page.last_published_at),
        "version": str(version.number) if version is not None and offered(version, "number") else None,
        "author": [
            {"@type": "Person", "name": author.expert.name, "jobTitle": author.expert.role or None}
            for author in authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": publisher,
            "url": (site.root_url + "/") if site is not None else None,
        },
        "about": {
            "@type": "Country",
            "name": country.title,
            "identifier": country.iso_code,
            "url": country.get_full_url(request=request),
        }
        if country is not None
        else None,
    }
    if pdf_url:
        data["encoding"] = {"@type": "MediaObject", "contentUrl": pdf_url, "encodingFormat": "application/pdf"}
    return _without_empty(data)


def _without_empty(value):
    """``value`` without keys that say nothing (None, no authors): schema.org reads a missing key as unknown."""
    if isinstance(value, dict):
        return {key: _without_empty(item) for key, item in value.items() if item is not None and item != []}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def analysis_meta(context):
    """The analysis page's description, Open Graph tags (an article), Highwire Press tags and JSON-LD."""
    page = context["page"]
    request = context.get("request")
    # On a version's permalink (…/v/1.0/) the tags name that version, and its address is the canonical one.
    citation = context.get("citation") if context.get("is_permalink") else None
    canonical = citation.url if citation is not None else None
    meta = page_meta_context(context, description=page.standfirst, og_type="article", canonical=canonical)
    # The context's copies, which the page shows anyway; the page's own methods for any other caller.
    authors = context.get("authors")
    if authors is None:
        authors = list(page.authors_with_experts())
    country = context.get("country") or page.country_page()
    publisher = meta["site_name"]
    version = context.get("version") or offered(page, "current_version")
    pdf_url = absolute_url(request, offered(page, "pdf_url"))
    names = [author.expert.name for author in authors]
    meta["citation"] = citation_tags(page, meta, names, publisher, version, pdf_url)
    meta["json_ld"] = json_for_script(
        report_json_ld(page, meta, request, authors, country, publisher, version, pdf_url)
    )
    return meta
