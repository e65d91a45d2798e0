from wagtail.models import Site

from .navigation import region_directory


def site_navigation(request):
    """The region → country menu for every page; evaluated only when a template uses it."""

    def directory():
        if not hasattr(request, "_region_directory"):
            site = Site.find_for_request(request)
            request._region_directory = region_directory(site.root_page) if site else []
        return request._region_directory

    return {"region_directory": directory}
