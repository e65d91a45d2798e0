"""Refusals made before a submission's body is read: oversized requests and too many attempts."""

from django.conf import settings
from django.template.response import TemplateResponse

from .rate_limit import rate_limit_retry_after


def too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.FORM_MAX_REQUEST_BYTES


def refuse_before_reading(request, page):
    """An HTML refusal for a POST to the form page, or None when it may be read."""
    if too_large(request):
        return TemplateResponse(request, "contact/too_large.html", {"page": page}, status=413)
    retry_after = rate_limit_retry_after(request)
    if retry_after:
        response = TemplateResponse(
            request, "contact/rate_limited.html", {"page": page, "retry_minutes": -(-retry_after // 60)}, status=429
        )
        response["Retry-After"] = str(retry_after)
        return response
    return None
