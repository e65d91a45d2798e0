"""A minimal Django project: one constant view behind four of Django's own middleware, no apps, no database.

bench/side_by_side.py serves it with the same gunicorn settings as the two sites it compares, as the
machine's ceiling for a Django response (``bare.wsgi:application`` with ``bench/`` on the path).
"""

import os

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-bare-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bare.urls"
WSGI_APPLICATION = "bare.wsgi.application"
INSTALLED_APPS = []
DATABASES = {}
USE_TZ = True
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
