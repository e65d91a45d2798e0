"""The project's own read endpoints on the v3 API: site settings and front-end preview."""

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from ninja import Router
from ninja.errors import HttpError
from wagtail.api.v3.errors import ProblemDetail
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import Page, Site

from core.preview import InvalidPreviewToken, read_token
from home.models import ContactChannels

from .schemas import ContactChannelsSchema

router = Router(tags=["headless"])


@router.get(
    "/settings/contact-channels/",
    response=ContactChannelsSchema,
    url_name="contact_channels",
    summary="Contact channels",
    description="How readers reach the organisation (the site setting shown in the footer).",
    operation_id="settings_contact_channels",
)
def contact_channels(request: HttpRequest):
    site = Site.find_for_request(request)
    if site is None:
        raise HttpError(HTTPStatus.NOT_FOUND, "No site is configured.")
    channels = ContactChannels.for_site(site)
    return {
        "email": channels.email,
        "phone": channels.phone,
        "phone_url": channels.phone_url,
        "whatsapp": channels.whatsapp,
        "whatsapp_url": channels.whatsapp_url,
        "website": channels.website,
        "response_promise": channels.response_promise,
        "social_links": [dict(link.value) for link in channels.social_links],
    }


@router.get(
    "/preview/{page_id}/",
    response={200: PageDetailSchema, 403: ProblemDetail},
    url_name="preview_page",
    summary="Preview a draft",
    description=(
        "The revision a preview token was issued for, in the same shape as page detail. "
        "Tokens come from the admin preview when HEADLESS_PREVIEW_URL is set; no account is needed."
    ),
    operation_id="pages_preview",
)
def preview_page(request: HttpRequest, response: HttpResponse, page_id: int, token: str):
    # A draft is never stored by a browser or shared cache, whoever asks.
    add_never_cache_headers(response)
    try:
        revision_id = read_token(token, page_id)
    except InvalidPreviewToken as e:
        raise HttpError(HTTPStatus.FORBIDDEN, str(e)) from e
    page = get_object_or_404(Page, pk=page_id)
    revision = get_object_or_404(page.revisions, pk=revision_id)
    return revision.as_object()
