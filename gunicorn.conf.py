"""gunicorn settings for production and for `make serve` / `make bench-load` (same file for all three).

Every value can be overridden from the environment; see README "Production".
"""

import multiprocessing
import os

from serving.logs import production_logging

wsgi_app = "cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: requests are CPU-bound (templates, ORM) and short. 2 × cores + 1 keeps the cores busy
# while some workers wait on PostgreSQL or Redis. Each worker holds at most one database connection
# (see DB_CONN_MAX_AGE), so PostgreSQL needs workers × app servers connections plus headroom.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request that takes longer than this is killed (and logged) rather than holding a worker forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak can never take the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
backlog = 2048

# Only the proxy on this host may tell us the original scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log: method, path WITHOUT the query string (search terms and form links can hold personal
# data), status, size, duration. No client address or referrer (an applicant's IP and the page they
# came from are personal data); add %(h)s through GUNICORN_ACCESS_LOG_FORMAT only if policy allows.
# Empty: no access log (the side-by-side benchmark measures every server without one).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = os.environ.get("GUNICORN_ACCESS_LOG_FORMAT", '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms')
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# JSON lines through the same scrubbing filter as Django's logs: gunicorn's warnings name client
# addresses ("Invalid request from ip=…"), which the filter removes.
logconfig_dict = production_logging(loglevel.upper())
