"""Which Wagtail Site a request is for, remembered until the content changes.

Wagtail looks the Site up on every page request (one query, ordered by how well each site matches
the host) and then fetches the site's root page twice more while routing (as a ``Page``, then as its
specific type). Sites and root pages change only through the admin, and every such change bumps the
content generation (serving/signals.py), so the Site and its specific root page are kept per host and
port for the content generation, in each process's memory (``content_cache.kept``: unpickled, it is
read on every request).
"""

from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from core import content_cache


def site_with_specific_root(request):
    site = Site._find_for_request(request)
    if site is not None:
        # Routing asks for root_page.localized.specific; a specific page answers both without a query.
        site.root_page = site.root_page.specific
    return site


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if content_cache.enabled() and not hasattr(request, "_wagtail_site"):
            try:
                # Only hosts ALLOWED_HOSTS accepts name a cache entry, so the keys are bounded.
                host = request.get_host()
            except DisallowedHost:
                host = None
            if host is not None:
                request._wagtail_site = content_cache.kept(
                    f"site:{host}:{request.get_port()}", lambda: site_with_specific_root(request)
                )
        return self.get_response(request)
