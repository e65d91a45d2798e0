"""Deployment checks for the form's rate limit: a count no other process sees limits nothing."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Cache backends whose counts each worker keeps to itself (or does not keep at all).
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def rate_limit_store_is_shared(app_configs, **kwargs):
    store = settings.FORM_RATE_LIMIT_STORE
    if store == "database":
        return []
    if store != "cache":
        return [
            Error(
                f"FORM_RATE_LIMIT_STORE is {store!r}.",
                hint='Use "cache" (with Redis) or "database".',
                id="contact.E002",
            )
        ]
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The form rate limit counts in the cache, and {backend} is per process: every worker "
                "would allow the full limit on its own.",
                hint="Set REDIS_URL, or FORM_RATE_LIMIT_STORE=database.",
                id="contact.E001",
            )
        ]
    return []
