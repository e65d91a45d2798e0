"""Response headers that Django's SecurityMiddleware does not set."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses, so injected content cannot use them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in getattr(settings, "PERMISSIONS_POLICY_DISABLED", ()))

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with the site's strict policy everywhere, loosened only where Wagtail's admin needs it.

    The admin's widgets (date pickers, inline panels) still carry inline scripts, so paths under
    ``CSP_ADMIN_PATH_PREFIXES`` also get ``CSP_ADMIN_DIRECTIVES_UPDATE``. Those pages are for signed-in
    staff only; the public site and the API docs keep ``script-src 'self'``.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefixes = tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ()))
        if not report_only and prefixes and request.path_info.startswith(prefixes):
            parts.update = {**(parts.update or {}), **settings.CSP_ADMIN_DIRECTIVES_UPDATE}
        return parts
