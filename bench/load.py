#!/usr/bin/env python3
"""Load benchmark: the production server (gunicorn, gunicorn.conf.py, production settings) on
127.0.0.1 against a dedicated benchmark database, driven by wrk at fixed concurrency.

    .venv/bin/python bench/load.py --database sqlite --duration 60 --connections 64
    .venv/bin/python bench/load.py --database postgres --duration 60 --connections 64
    make bench-load BENCH_ARGS="--database postgres --duration 20"

It seeds 58 countries × 50 analyses (once; the database is kept for the next run), then measures a
bare Django view returning a constant (the machine's ceiling, /bench/ceiling/, which exists only
with BENCH=1) and each public route, served from the page cache and rendered uncached. Prints
requests/s, p50/p95/p99 latency, errors and each rate as a ratio of the ceiling, plus the SQL
queries an uncached render makes. Traffic goes to 127.0.0.1 only; every run is bounded in time.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"

WRK_REPORT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_wrk():
    """wrk from Debian if it is missing; None means use the bounded Python load generator."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("Installing wrk (Debian package)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
    return shutil.which("wrk")


def database_url(args, workdir):
    if args.database_url:
        return args.database_url
    if args.database == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    name = args.pg_database
    created = subprocess.run(
        ["createdb", "-h", HOST, "-U", "postgres", name],
        capture_output=True,
        text=True,
    )
    if created.returncode != 0 and "already exists" not in created.stderr:
        sys.exit(f"createdb {name} failed: {created.stderr.strip()}")
    return f"postgres://postgres@{HOST}:5432/{name}"


def server_env(args, db_url, page_cache):
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "0",  # plain http on the loopback only
        "DATABASE_URL": db_url,
        "DB_CONN_MAX_AGE": "600",
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": f"bench-{args.database}",
        "PAGE_CACHE_ENABLED": "1" if page_cache else "0",
        "BENCH": "1",
        "GUNICORN_BIND": f"{HOST}:{args.port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",  # formatted as in production, not printed
        "LOG_LEVEL": "WARNING",
        "BENCH_ANALYSES_PER_COUNTRY": str(args.analyses_per_country),
        # Seeding publishes analyses: their cited sources are on the internet, which a benchmark never
        # fetches (and archiving is not what it measures).
        "ARCHIVE_SOURCES_AT_PUBLICATION": "0",
        **({"WEB_CONCURRENCY": str(args.workers)} if args.workers else {}),
    }


def redis_reachable(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return False


def flush_bench_cache(url, prefix):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    for key in client.scan_iter(f"{prefix}:*", count=1000):
        client.delete(key)


def prepare(env, collectstatic=True):
    if collectstatic:
        log("Collecting static files...")
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR, env=env, check=True
        )
    log("Migrating and seeding the benchmark database (first run: a few minutes)...")
    out = subprocess.run(
        [PYTHON, "bench/seed_corpus.py"], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))[11:])


class Server:
    """A gunicorn process, by default this project's production server (gunicorn.conf.py); ``command``,
    ``cwd``, ``health`` (a path answering 200 once it is up) and ``stderr`` (a file) serve another one."""

    def __init__(self, env, port, command=None, cwd=BASE_DIR, health="/healthz", stderr=None):
        self.env, self.port, self.process = env, port, None
        self.command = command or [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self.cwd, self.health, self.stderr = cwd, health, stderr

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr or subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}{self.health}", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"gunicorn ({' '.join(self.command[:6])}) did not become healthy in 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop; it ends its own workers
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()


def fetch(url, timeout=120):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status, response.headers.get("X-Page-Cache")


def drain(base, path="/bench/ceiling/"):
    """Wait until requests queued by the last run are served, so they do not slow the next route
    (``path``: a cheap URL of the server under test)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            fetch(base + path, timeout=60)
        except (urllib.error.URLError, TimeoutError):
            continue
        if time.monotonic() - started < 0.05:
            return
        time.sleep(1)


def warm_up(url, cached):
    """A few requests; for the cached server, the last one must come from the page cache."""
    try:
        status, page_cache = None, None
        for _ in range(3):
            status, page_cache = fetch(url)
    except urllib.error.HTTPError as error:
        return error.code, None
    except (urllib.error.URLError, TimeoutError):
        return "timeout", None
    if cached and page_cache != "hit":
        raise RuntimeError(f"{url} is not served from the page cache (X-Page-Cache: {page_cache})")
    return status, page_cache


def run_wrk(wrk, url, args, script):
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s"]
    command += ["-s", script, url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60).stdout
    data = json.loads(re.search(r"BENCH_JSON (.*)", out).group(1))
    errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"] / 1000,
        "p95": data["p95"] / 1000,
        "p99": data["p99"] / 1000,
        "errors": errors,
        "requests": data["requests"],
        # Responses outside 2xx, when the script counts them (bench/side_by_side.py's does; wrk itself
        # counts only statuses from 400 up, in "status").
        "non2xx": data.get("non2xx"),
    }


def run_python_load(url, args):
    """Fallback when wrk cannot be installed: bounded threads of keep-alive-less GETs."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    stop_at = time.monotonic() + args.duration
    latencies, errors, non2xx, lock = [], [0], [0], threading.Lock()

    def worker():
        while time.monotonic() < stop_at:
            start = time.monotonic()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 400
                outside_2xx = not 200 <= response.status < 300
                connection.close()
            except OSError:
                ok, outside_2xx = False, False
            with lock:
                non2xx[0] += outside_2xx
                if ok:
                    latencies.append(time.monotonic() - start)
                else:
                    errors[0] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.connections) as pool:
        for _ in range(args.connections):
            pool.submit(worker)
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000 if latencies else 0.0

    return {
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "errors": errors[0],
        "requests": len(latencies) + errors[0],
        "non2xx": non2xx[0],
    }


def measure(wrk, script, url, args):
    return run_wrk(wrk, url, args, script) if wrk else run_python_load(url, args)


def print_table(title, rows, ceiling_rps):
    print(f"\n{title}")
    header = f"{'route':<24} {'mode':<9} {'req/s':>9} {'× ceiling':>10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    header += f"{'errors':>7} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        if row.get("skipped"):
            print(f"{row['route']:<24} {row['mode']:<9} ({row['skipped']})")
            continue
        queries = "" if row["queries"] is None else str(row["queries"])
        print(
            f"{row['route']:<24} {row['mode']:<9} {row['rps']:>9.0f} {row['rps'] / ceiling_rps:>10.3f} "
            f"{row['p50']:>8.1f} {row['p95']:>8.1f} {row['p99']:>8.1f} {row['errors']:>7d} {queries:>8}"
        )
    sys.stdout.flush()


def argument_parser():
    """The command line this benchmark takes (tests/test_readme.py checks the documented commands with it)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="overrides --database; must be a dedicated benchmark database")
    parser.add_argument("--pg-database", default="cms_bench", help="PostgreSQL database created for the benchmark")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="Redis for the caches ('' for none)")
    parser.add_argument("--duration", type=int, default=60, help="seconds per route")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--analyses-per-country", type=int, default=50)
    parser.add_argument("--modes", default="cached,uncached", help="cached, uncached or both")
    parser.add_argument("--routes", help="comma-separated subset of route names")
    parser.add_argument("--seed-only", action="store_true", help="prepare the database and exit")
    parser.add_argument(
        "--freshness-rounds", type=int, default=20, help="publications under load checked for stale responses (0: none)"
    )
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "cms-bench"))
    return parser


def main():
    args = argument_parser().parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = database_url(args, workdir)
    if db_url == os.environ.get("DATABASE_URL") or db_url.endswith(str(BASE_DIR / "db.sqlite3")):
        sys.exit("Refusing to benchmark the development database; use a dedicated one.")
    if args.redis_url and not redis_reachable(args.redis_url):
        sys.exit(f"Redis is not reachable at {args.redis_url} (give --redis-url '' to measure without Redis).")
    wrk = ensure_wrk()
    if not wrk:
        log("wrk is not available: using the bounded Python load generator (slower; lower figures).")
    script = workdir / "report.lua"
    script.write_text(WRK_REPORT)

    corpus = prepare(server_env(args, db_url, page_cache=False))
    log(f"Corpus: {corpus['countries']} countries, {corpus['analyses']} live analyses ({corpus['created']} new).")
    log(f"Queries per uncached render: {corpus['queries']}")
    if args.seed_only:
        return
    wanted = set(args.routes.split(",")) if args.routes else None
    routes = {name: url for name, url in corpus["routes"].items() if not wanted or name in wanted}

    rows, ceiling_rps, freshness = [], None, []
    for mode in [m.strip() for m in args.modes.split(",")]:
        env = server_env(args, db_url, page_cache=(mode == "cached"))
        if args.redis_url:
            flush_bench_cache(args.redis_url, env["CACHE_KEY_PREFIX"])
        with Server(env, args.port):
            base = f"http://{HOST}:{args.port}"
            if ceiling_rps is None:
                log(f"ceiling: {args.duration}s at {args.connections} connections")
                warm_up(base + "/bench/ceiling/", cached=False)
                ceiling = measure(wrk, str(script), base + "/bench/ceiling/", args)
                ceiling_rps = ceiling["rps"]
                drain(base)
                rows.append({"route": "ceiling (constant view)", "mode": "-", "queries": 0, **ceiling})
            for name, path in routes.items():
                status, _ = warm_up(base + path, cached=(mode == "cached"))
                if status == 404:
                    rows.append({"route": name, "mode": mode, "skipped": "HTTP 404: not on this branch"})
                    continue
                if status != 200:
                    rows.append({"route": name, "mode": mode, "skipped": f"warm-up failed: {status}"})
                    continue
                log(f"{name} ({mode}): {args.duration}s at {args.connections} connections")
                result = measure(wrk, str(script), base + path, args)
                drain(base)
                queries = 0 if mode == "cached" else corpus["queries"].get(name)
                rows.append({"route": name, "mode": mode, "queries": queries, **result})
            if args.freshness_rounds:
                freshness.append((mode, check_freshness(wrk, str(script), base, routes, env, args)))

    db_label = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    title = (
        f"{db_label}, {corpus['countries']} countries, {corpus['analyses']} analyses; gunicorn.conf.py "
        f"({os.cpu_count()} CPUs); wrk {args.connections} connections × {args.duration}s per route"
    )
    print_table(title, rows, ceiling_rps)
    for mode, result in freshness:
        print(
            f"freshness ({mode}, {'Redis' if args.redis_url else 'no Redis'}): {result['publications']} publications "
            f"under load, {result['checked']} responses checked, {result['stale']} stale; "
            f"load errors {result['errors']}"
        )


def check_freshness(wrk, script, base, routes, env, args):
    """Publish from another process while the analysis page is under load; count stale responses."""
    log(f"freshness: {args.freshness_rounds} publications under load")
    load_args = argparse.Namespace(**{**vars(args), "duration": max(10, args.freshness_rounds)})
    result = {}
    loader = threading.Thread(
        target=lambda: result.update(measure(wrk, script, base + routes["analysis"], load_args)), daemon=True
    )
    loader.start()
    out = subprocess.run(
        [PYTHON, "bench/freshness.py", "--base", base, "--rounds", str(args.freshness_rounds)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    loader.join()
    drain(base)
    found = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("BENCH_JSON "))[11:])
    if out.stderr.strip():
        log(out.stderr.strip().splitlines()[-1])
    return {**found, "errors": result.get("errors", 0)}


if __name__ == "__main__":
    main()
