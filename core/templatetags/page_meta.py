"""Every HTML page's description, canonical address and Open Graph tags (components/page_meta.html).

base.html calls ``{% page_meta %}`` in its ``page_meta`` block. A page template overrides the block
when it knows better, passing the page's own summary as ``description`` (search engines show it under
the title, link previews under the picture), and ``title``, ``og_type`` or ``canonical`` where the
defaults do not fit. Analyses add citation metadata on top (countries/templatetags/analysis_meta.py).

Nothing here queries the database: the page, the Site and its root paths are already loaded for the
request (routing, the canonical link, the menu and the footer need them), and rich text is reduced to
text without expanding its links (which would look the linked pages up).
"""

import datetime
import html
import json
import re

from django import template
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

register = template.Library()

# Search engines cut descriptions at about 160 characters; cutting them ourselves, at a word, reads better.
DESCRIPTION_LENGTH = 160
# The last resort, for a page that has neither a search description nor a summary of its own.
SITE_DESCRIPTION = "Country analyses for asylum cases, reviewed by our editors before publication."

_WHITESPACE = re.compile(r"\s+")
# A space before each block-level tag, so "<p>One.</p><p>Two.</p>" reads "One. Two.", not "One.Two.".
_BLOCK_TAG = re.compile(r"(?=<(?:/?(?:p|div|li|ul|ol|h[1-6]|blockquote|figure)\b|br\b))", re.IGNORECASE)
# Inside <script>, "</script>" or "<!--" in a title would end the element or open a comment: JSON allows
# these characters written as escapes, which no HTML parser reads as markup.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def plain_text(value):
    """``value`` (plain text, or rich text as stored) as one line of text without markup or entities."""
    if not value:
        return ""
    text = strip_tags(_BLOCK_TAG.sub(" ", str(value)))
    return _WHITESPACE.sub(" ", html.unescape(text)).strip()


def truncate(text, limit=DESCRIPTION_LENGTH):
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]  # room for the ellipsis
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # the last word did not fit whole
    return cut.rstrip(" ,;:.-–—") + "…"


def describe(*candidates):
    """The first of ``candidates`` with any text, as a description; the site's own as a last resort."""
    for candidate in candidates:
        text = plain_text(candidate)
        if text:
            return truncate(text)
    return SITE_DESCRIPTION


def offered(obj, name):
    """``obj.<name>`` when ``obj`` has it and it is set, else None: what a template lookup gives.

    For attributes some page types (or some versions of the code) do not have yet, e.g. an analysis's
    ``current_version`` or ``pdf_url``.
    """
    try:
        value = getattr(obj, name, None)
        if callable(value):
            value = value()
    except ObjectDoesNotExist:  # a one-to-one relation with nothing at the other end
        return None
    return value or None


def request_site(request):
    return Site.find_for_request(request) if request is not None else None


def site_name(request):
    """The organisation's name as the Site calls it (the seed sets it), else the admin's site name."""
    site = request_site(request)
    return (site.site_name if site is not None else "") or settings.WAGTAIL_SITE_NAME


def absolute_url(request, url):
    """``url`` made absolute against the request's Site, as Wagtail makes page URLs absolute."""
    if not url or "://" in url or url.startswith("//"):
        return url or ""
    site = request_site(request)
    if site is not None:
        return site.root_url + url
    return request.build_absolute_uri(url) if request is not None else url


def language_tag():
    """The site's language as a BCP 47 tag ("en-GB"), as citation and schema.org readers expect."""
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE).replace("_", "-")


def local_date(value):
    """The calendar day of ``value`` (a date or an aware datetime) in the site's time zone, or None."""
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def json_for_script(data):
    """``data`` as JSON that is safe inside a ``<script>`` element (schema.org JSON-LD)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - json.dumps output with every "<", ">" and "&" escaped


def page_meta_context(context, title=None, description=None, og_type="website", canonical=None, listing=None):
    """What components/page_meta.html shows, for the page in ``context`` (or a view with no page).

    ``description`` is the page's own summary, used when the editor left the search description empty;
    ``listing`` (the pages a listing page shows) describes a listing page that has no summary either.
    ``canonical``: None for the page's own address (or the view's path); "" for none, as on a 404.
    """
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    if canonical is None:
        if page is not None:
            canonical = page.get_full_url(request=request)
        elif request is not None:
            canonical = request.path  # the query string makes no page of its own (search results)
    own = page.search_description if page is not None else ""
    if listing is not None and page is not None and not (plain_text(own) or plain_text(description)):
        # The same queryset the page's body iterates: evaluated here first, it is not run twice.
        names = ", ".join(item.title for item in listing)
        description = f"{page.title}: {names}" if names else ""
    return {
        "title": title or (page and (page.seo_title or page.title)) or site_name(request),
        "description": describe(own, description),
        "og_type": og_type,
        "canonical": absolute_url(request, canonical),
        "site_name": site_name(request),
    }


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context, title=None, description=None, og_type="website", canonical=None, listing=None):
    """The page's description, canonical link and Open Graph tags (see page_meta_context)."""
    return page_meta_context(context, title, description, og_type, canonical, listing)
