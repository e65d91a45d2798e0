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
