"""Preview for a decoupled front end.

With ``HEADLESS_PREVIEW_URL`` set, the admin preview of a page redirects to the
front end with a short-lived signed token bound to the page and its latest
revision; the front end exchanges it at ``/api/v3/preview/{page_id}/`` for that
revision's JSON, without an account. Without the setting, Wagtail's own template
preview is used unchanged.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect

# The salt keeps its first name so that preview links issued before the move still open.
SALT = "headless.preview"


class InvalidPreviewToken(Exception):
    pass


def make_token(page_id, revision_id):
    return signing.TimestampSigner(salt=SALT).sign_object({"page": page_id, "revision": revision_id})


def read_token(token, page_id):
    """The revision id ``token`` grants for ``page_id``; raises InvalidPreviewToken otherwise."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=settings.HEADLESS_PREVIEW_MAX_AGE)
    except signing.SignatureExpired as e:
        raise InvalidPreviewToken("This preview link has expired; open the preview again from the admin.") from e
    except signing.BadSignature as e:
        raise InvalidPreviewToken("This preview link is not valid.") from e
    if data.get("page") != page_id:
        raise InvalidPreviewToken("This preview link is for another page.")
    return data["revision"]


def front_end_preview_url(page):
    """Where the front end previews ``page``'s latest revision, or None to use the template preview."""
    base = settings.HEADLESS_PREVIEW_URL
    revision_id = getattr(page, "latest_revision_id", None)
    if not base or page.pk is None or revision_id is None:
        return None
    query = urlencode({"token": make_token(page.pk, revision_id), "id": page.pk, "type": page._meta.label})
    return f"{base}{'&' if '?' in base else '?'}{query}"


class FrontEndPreviewMixin:
    """Page mixin: preview on the configured front end when there is one."""

    def serve_preview(self, request, mode_name):
        url = front_end_preview_url(self)
        if url is None:
            return super().serve_preview(request, mode_name)
        return redirect(url)
