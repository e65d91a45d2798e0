"""The routes of an analysis's permanent versions: the permalink, its citation downloads and what changed.

A version's text never changes, so its responses are as cacheable as a static file; only withdrawal
(by an editor, explicitly) ends a permalink, with a 410 that points to the current version.
"""

import difflib
import re
from html import unescape

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from .citations import FORMATS, Citation
from .paragraphs import numbered_items, numbers_by_key

TAG = re.compile(r"<[^>]+>")


def route_unpublished(page, request, path_components):
    """Route ``v/…`` under an unpublished analysis (Wagtail routes only live pages' sub-paths)."""
    view, args, kwargs = page.resolve_subpage("/" + "/".join(path_components) + "/")
    return RouteResult(page, args=(view, args, kwargs))


def find_version(page, number):
    version = page.versions.numbered(number).first()
    if version is None:
        raise Http404("No such version of this analysis.")
    return version


def organisation(request=None, site=None):
    site = site or (Site.find_for_request(request) if request is not None else None)
    return (site.site_name if site and site.site_name else None) or "Country analyses"


def citation_of(page, version, *, organisation_name, analysis_url, accessed=None, authors=None):
    """The citation of ``version``; ``analysis_url`` is the analysis's absolute URL ("" if it has none)."""
    return Citation(
        organisation=organisation_name,
        title=version.title,
        version=version.number,
        published=timezone.localdate(version.published_at),
        current_as_of=version.current_as_of,
        url=version.url_for(analysis_url) if analysis_url else "",
        accessed=accessed or timezone.localdate(),
        authors=tuple(
            author.expert.name for author in (authors if authors is not None else page.authors_with_experts())
        ),
    )


def citation_for(page, version, request, authors=None):
    analysis_url = page.get_full_url(request)
    return citation_of(
        page,
        version,
        organisation_name=organisation(request),
        analysis_url=request.build_absolute_uri(analysis_url) if analysis_url else "",
        authors=authors,
    )


VERSION_CONTEXT_NAMES = ("version", "versions", "version_url", "citation", "citation_formats", "is_current_version")


def version_context(page, version, request, authors=None):
    """What the analysis template needs to show ``version`` (the live page's current one, or another)."""
    versions = page.published_versions()
    analysis_url = page.get_url(request)
    return {
        "version": version,
        "versions": [(v, v.url_for(analysis_url)) for v in versions],
        "version_url": version.url_for(analysis_url),
        "citation": citation_for(page, version, request, authors),
        "citation_formats": list(FORMATS),
        "is_current_version": bool(versions) and versions[-1].pk == version.pk and page.live,
    }


def withdrawn(request, page, version):
    current = page.current_version()
    context = {
        "page": page,
        "version": version,
        "current_url": page.get_url(request) if current else None,
        "current": current,
    }
    return render(request, "countries/version_withdrawn.html", context, status=410)


def serve_version(page, request, number):
    version = find_version(page, number)
    if version.withdrawn:
        return withdrawn(request, page, version)
    as_published = version.as_page()
    context = as_published.get_context(request)
    context.update(version_context(page, version, request))
    context["self"] = context["page"] = as_published
    context["live_page"] = page
    context["is_permalink"] = True
    current = page.current_version()
    if current is not None and current.pk != version.pk:
        # Where each paragraph of this version is now: its number in the current version, by key.
        context["current_numbers"] = numbers_by_key(current.as_page().body)
        context["current_url"] = page.get_url(request)
    return render(request, as_published.get_template(request), context)


def citation(page, request, number):
    version = find_version(page, number) if number else page.current_version()
    if version is None:
        raise Http404("This analysis has no published version to cite.")
    if version.withdrawn:
        return withdrawn(request, page, version)
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        return HttpResponse(
            f"Say which format: ?format= one of {choices}.", status=400, content_type="text/plain; charset=utf-8"
        )
    cited = citation_for(page, version, request)
    text, content_type, extension = cited.render(fmt)
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{cited.key}.{extension}"'
    return response


# A version's PDF is as permanent as its text: browsers and CDNs may keep it for a year.
PDF_CACHE_CONTROL = "public, max-age=31536000, immutable"


def version_pdf(page, request, number):
    version = find_version(page, number)
    if version.withdrawn:
        return withdrawn(request, page, version)
    if not version.pdf and not version.pdf_problem:
        # Made at publication; a version from before PDFs existed gets its own now (the task returns at
        # once if another request made it meanwhile; on a queued backend this request says "soon").
        from .tasks import make_version_pdf

        make_version_pdf.enqueue(version.pk)
        version.refresh_from_db(fields=["pdf", "pdf_problem", "pdf_made_at"])
    if version.pdf:
        try:
            stored = version.pdf.open("rb")
        except OSError:
            stored = None
        if stored is not None:
            response = FileResponse(stored, content_type="application/pdf", filename=version.pdf_filename)
            response["Cache-Control"] = PDF_CACHE_CONTROL
            return response
    context = {"page": page, "self": page, "version": version, "version_url": version.url_for(page.get_url(request))}
    response = render(request, "countries/version_pdf_missing.html", context, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def current_pdf(page, request):
    version = page.current_version()
    if version is None:
        raise Http404("This analysis has no published version.")
    response = redirect(version.url_for(page.get_url(request)) + "pdf/")
    # The current version changes with the next publication: a short cache for the pointer only.
    response["Cache-Control"] = "public, max-age=300"
    return response


def plain_text(html):
    return " ".join(unescape(TAG.sub(" ", html)).split())


def marked_diff(before, after):
    """``after`` with the words not in ``before`` in <ins> and the words gone in <del> (escaped HTML)."""
    old, new = plain_text(before).split(), plain_text(after).split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(new[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # noqa: S308 - every word escaped above


def paragraph_changes(before_body, after_body):
    """[(status, old number, new number, marked html)]: paragraphs paired by key (not by position),
    in reading order, removed ones where they stood."""
    old_items, new_items = numbered_items(before_body), numbered_items(after_body)
    matcher = difflib.SequenceMatcher(
        a=[item.key for item in old_items], b=[item.key for item in new_items], autojunk=False
    )
    rows = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for old, new in zip(old_items[i1:i2], new_items[j1:j2], strict=True):
                if plain_text(old.html) == plain_text(new.html):
                    rows.append(("unchanged", old.number, new.number, escape(plain_text(new.html))))
                else:
                    rows.append(("changed", old.number, new.number, marked_diff(old.html, new.html)))
            continue
        rows += [("removed", old.number, None, marked_diff(old.html, "")) for old in old_items[i1:i2]]
        rows += [("added", None, new.number, marked_diff("", new.html)) for new in new_items[j1:j2]]
    return rows


def changes(page, request, number):
    version = find_version(page, number)
    if version.withdrawn:
        return withdrawn(request, page, version)
    previous = version.previous()
    analysis_url = page.get_url(request)
    rows = paragraph_changes(previous.as_page().body, version.as_page().body) if previous else []
    context = {
        "page": page,
        "self": page,
        "version": version,
        "previous": previous,
        "version_url": version.url_for(analysis_url),
        "previous_url": previous.url_for(analysis_url) if previous else None,
        "rows": rows,
        "changed_count": sum(1 for row in rows if row[0] != "unchanged"),
    }
    return render(request, "countries/version_changes.html", context)
