from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Site

from core.content_cache import cached
from core.routing import ancestors_via_parents
from countries.models import CountryPage, RegionPage
from home.navigation import region_directory

register = template.Library()


@register.simple_tag
def breadcrumb_ancestors(page):
    """The pages above ``page`` below the tree root, from the parents routing already fetched."""
    return ancestors_via_parents(page)


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The region → country menu, rendered once per content generation (it is on every page and
    links 65 pages). Only a region or country page marks itself in it, so every other page shares
    one copy."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""
    page = context.get("page")
    # The menu lists the live regions and countries: only one of those can be marked in it.
    current = page.pk if isinstance(page, RegionPage | CountryPage) and page.live else None

    def render():
        # The context processor's copy is computed once per request and shared with the home page's directory.
        shared = context.get("region_directory")
        directory = shared() if callable(shared) else region_directory(site.root_page)
        return render_to_string(
            "components/site_nav.html", {"region_directory": directory, "page": page, "request": request}
        )

    return mark_safe(cached(f"site-nav:{site.pk}:{current}", render))  # noqa: S308 - our own rendered template
