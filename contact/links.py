"""Links to the consultation form from other pages and from the search API, with a country chosen."""

from urllib.parse import urlencode

from wagtail.models import Site

from core.content_cache import cached


def _form_url(site, request):
    from .models import ConsultationFormPage

    # Live is enough: the link names the form's address only, and a restricted form asks for its
    # password or a login itself (public() would cost one more query on every page without Redis).
    form = ConsultationFormPage.objects.live()
    if site is not None:
        form = form.descendant_of(site.root_page)
    form = form.order_by("path").first()
    # With the request, Wagtail reuses the site root paths routing has already read.
    return form.get_url(request=request) if form is not None else ""


def consultation_url(request, country=None):
    """The live consultation form's URL (empty when there is none), with ``?country=<ISO code>``."""
    site = Site.find_for_request(request) if request is not None else None
    url = cached(f"consultation-url:{site.pk if site else ''}", lambda: _form_url(site, request))
    if url and country is not None and country.iso_code:
        url += "?" + urlencode({"country": country.iso_code})
    return url
