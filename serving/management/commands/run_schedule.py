"""The scheduler process: Wagtail's scheduled publishing every few minutes, the retention purge and the
cited-link check daily.

A loop in its own process rather than cron lines: it runs the same way under honcho (`make prod`),
systemd and a container that has no cron daemon, logs like every other process, and needs nothing
installed on the host. Run exactly one per deployment (the jobs are idempotent, so an overlap during a
restart does no harm, but two schedulers would do the work twice).
"""

import logging
import time

from django.core.management import BaseCommand, call_command

logger = logging.getLogger(__name__)

# (command, seconds between runs). publish_scheduled makes go-live and expiry times take effect;
# purge_form_submissions deletes consultation requests past FORM_SUBMISSION_RETENTION_DAYS;
# check_cited_links enqueues the link monitor (archive.monitor), which the worker runs.
JOBS = [
    ("publish_scheduled", 5 * 60),
    ("purge_form_submissions", 24 * 60 * 60),
    ("check_cited_links", 24 * 60 * 60),
]


class Command(BaseCommand):
    help = (
        "Run scheduled publishing every 5 minutes, and the form-submission purge and the cited-link check "
        "daily, until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once=False, **options):
        next_run = dict.fromkeys((name for name, _interval in JOBS), 0.0)
        while True:
            now = time.monotonic()
            for name, interval in JOBS:
                if once or now >= next_run[name]:
                    self.run_job(name)
                    next_run[name] = now + interval
            if once:
                return
            time.sleep(max(1.0, min(next_run.values()) - time.monotonic()))

    def run_job(self, name):
        try:
            call_command(name, verbosity=0)
        except Exception:
            # One failed run must not stop the schedule: the next run tries again.
            logger.exception("Scheduled job %s failed", name)
        else:
            logger.info("Scheduled job %s done", name)
