from .base import *  # noqa: F403
from .base import os

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-anything-else"  # noqa: S105
ALLOWED_HOSTS = ["*"]

# Fast hashing: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The environment may name others for tests that run the project in subprocesses (the task worker).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_USERS_ALLOWED = True

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The content and page caches are off for the suite (factories create pages without publishing
# signals); tests/serving turns them on where it tests them.
CONTENT_CACHE_ENABLED = False
# The suite is one process: its tests of the cache keep the generation in the (local) cache, as Redis
# does; tests/serving runs the cache's tests with the database store too (its content_cache_on fixture).
CONTENT_GENERATION_STORE = "cache"

# Rendering a PDF takes a second: only the tests of PDFs make them (tests/countries/test_version_pdf.py).
VERSION_PDFS_AT_PUBLICATION = False
# Archiving fetches every cited URL: only the archive tests do it, against their own local servers, with
# short limits so a slow server costs them a second, not a minute.
ARCHIVE_SOURCES_AT_PUBLICATION = False
VERSION_PDFS_AFTER_ARCHIVING = False
ARCHIVE_CONNECT_TIMEOUT = 1.0
ARCHIVE_READ_TIMEOUT = 0.5
ARCHIVE_TOTAL_TIMEOUT = 2.0
ARCHIVE_MAX_BYTES = 256 * 1024
ARCHIVE_HOST_INTERVAL = 0

# The webhook and archive tests' servers listen on the loopback, which outbound connections may not
# reach elsewhere.
OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
