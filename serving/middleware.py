"""Response headers that Django's SecurityMiddleware does not set."""

from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses, so injected content cannot use them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED)

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

    # Set by django-csp's view decorators; a response carrying any of them gets the full treatment.
    RESPONSE_OVERRIDES = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )

    def __init__(self, get_response):
        super().__init__(get_response)
        self._headers = {}

    def process_response(self, request, response):
        # Without nonces or per-view overrides the header depends only on the settings and on whether
        # this is the admin: build it once (django-csp rebuilds it per response, half the cost of a
        # cached page).
        policy = settings.CONTENT_SECURITY_POLICY or {}
        if (
            settings.DEBUG
            or policy.get("EXCLUDE_URL_PREFIXES")
            or getattr(request, "_csp_nonce", None) is not None
            or HEADER in response
            or any(getattr(response, name, None) is not None for name in self.RESPONSE_OVERRIDES)
        ):
            return super().process_response(request, response)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        key = (self._is_admin(request), id(policy), id(report_only))
        headers = self._headers.get(key)
        if headers is None:
            headers = []
            for header, ro in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
                value = build_policy(**asdict(self.get_policy_parts(request, response, report_only=ro)), report_only=ro)
                if value:
                    headers.append((header, value))
            self._headers[key] = headers
        for header, value in headers:
            response[header] = value
        return response

    def _is_admin(self, request):
        prefixes = tuple(settings.CSP_ADMIN_PATH_PREFIXES)
        return bool(prefixes) and request.path_info.startswith(prefixes)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and self._is_admin(request):
            parts.update = {**(parts.update or {}), **settings.CSP_ADMIN_DIRECTIVES_UPDATE}
        return parts
