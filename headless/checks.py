from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def preview_url_is_absolute(app_configs, **kwargs):
    url = settings.HEADLESS_PREVIEW_URL
    if url and (urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc):
        return [
            Error(
                "HEADLESS_PREVIEW_URL must be an absolute http(s) URL of the front end's preview route.",
                hint="e.g. https://www.example.org/api/preview",
                id="headless.E001",
            )
        ]
    return []


@register()
def page_shapes_reach_the_pages_endpoints(app_configs, **kwargs):
    from .page_shapes import page_types_served_untyped

    untyped = page_types_served_untyped()
    if untyped:
        return [
            Error(
                f"The pages API serves {', '.join(untyped)} without their typed fields.",
                hint="List 'headless' in INSTALLED_APPS before 'wagtail.images', 'wagtail.contrib.redirects' "
                "and 'wagtail.locales': their ready() builds the pages API from the shapes registered so far.",
                id="headless.E002",
            )
        ]
    return []
