"""Production settings: only SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are required."""

from django.core.exceptions import ImproperlyConfigured

from serving.logs import production_logging, scrub_sentry_event

from .base import *  # noqa: F403
from .base import env_bool, env_list, os

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
# Old keys still accepted for signatures and API tokens while a rotation is under way (README).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS is terminated by the proxy in front of gunicorn, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# JSON lines on stderr, with e-mail addresses, phone numbers and client addresses scrubbed from every
# message (serving/logs.py); gunicorn's error and access logs use the same configuration.
LOGGING = production_logging(os.environ.get("LOG_LEVEL", "INFO"))

# E-mail goes out by SMTP. The console and file backends would write every applicant's address and
# name into the server's output or onto its disk, so production refuses them unless told otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
if EMAIL_BACKEND in LOCAL_EMAIL_BACKENDS and not env_bool("EMAIL_ALLOW_LOCAL_BACKEND"):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_BACKEND} writes personal data to the server; use SMTP, or set "
        "EMAIL_ALLOW_LOCAL_BACKEND=1 on a machine where that is acceptable."
    )

# Error reports to Sentry when SENTRY_DSN is set: no personal data (no request bodies, cookies,
# headers or users, no local variables), messages scrubbed as in the logs.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_sentry_event,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    )

DEMO_USERS_ALLOWED = False

# Slow and remote side effects (e-mail, webhook deliveries) are queued in the database and run by
# `manage.py db_worker`, never inside a request.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Static files: hashed ones are cached for a year by browsers and CDNs (whitenoise does
# that for names with a hash); unhashed ones for a day.
WHITENOISE_MAX_AGE = 24 * 60 * 60
# The access log and Django's request logging never carry query strings (they can hold personal data):
# gunicorn's format is in gunicorn.conf.py; Django logs 4xx/5xx paths only through django.request.
