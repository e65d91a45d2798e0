#!/usr/bin/env python3
"""Side by side, in one run on one machine: a bare Django view, Wagtail's reference demo (bakerydemo)
and this project uncached without Redis, uncached with Redis, and served from the page cache.

    .venv/bin/python bench/side_by_side.py --bakery /tmp/bakery
    .venv/bin/python bench/side_by_side.py --bakery /tmp/bakery --duration 3 --warmup 1
    make bench-side-by-side BAKERY=/tmp/bakery

Preparing bakerydemo (once; its code stays outside this repository): bench/prepare-bakerydemo.sh
clones it (a git URL or a local git directory; measured at commit 8e2b625), puts Django 5.2 and
Wagtail 8.0 in its own virtualenv, writes its production environment (SQLite, DEBUG off, its
database search backend and in-memory cache, plain HTTP) to TARGET/env.sh and loads its demo data:

    bash bench/prepare-bakerydemo.sh https://github.com/wagtail/bakerydemo /tmp/bakery

--bakery names that TARGET (it holds env.sh, venv/ and src/).

Every server is started here, one at a time, on 127.0.0.1 (each on its own port), with the same
gunicorn settings: `-w 2 -k sync`, no access log, no worker recycling (the project's own
gunicorn.conf.py is not used, so that only the application differs). Database connections are
persistent (the project: DB_CONN_MAX_AGE=600; bakerydemo: its conn_max_age=500). wrk runs
`-t2 -c16` per URL for --duration seconds after a --warmup run, with a Lua reporter that also counts
responses outside 2xx. Order: the bare view, bakerydemo, the project uncached without Redis (the
embedded default), uncached with Redis, cached with Redis, cached without Redis (measured only if the
page cache answers without Redis), the bare view again (so drift shows).

"Uncached" is PAGE_CACHE_ENABLED=0, as in bench/load.py: the whole-response cache is off, everything
else (the content cache of menus and fragments with Redis) as in production. Before a URL is measured
it must answer 200 without a redirect with a real page (the expected text or JSON), uncached without
an X-Page-Cache header and cached with "X-Page-Cache: hit"; the SQL queries of one uncached render are
counted in-process (bench/seed_corpus.py) with and without Redis. The project's database is this
benchmark's own (SQLite in --workdir, seeded by bench/seed_corpus.py like bench/load.py's: 58
countries × 50 analyses); Redis is the database number in --redis-url, flushed before each Redis
phase: give a spare one.

Prints one table (Markdown) of requests per second with ratios: uncached / bakerydemo for both
uncached columns, cached / bare (the mean of the two bare runs); the errors and non-2xx responses of
every cell; the goals of issue 19 (≥ 3 × bakerydemo uncached, ≥ 0.8 × bare cached) marked where
missed. --json FILE writes every figure. Exits 1 if a cell had errors or non-2xx responses or could
not be measured.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import load  # noqa: E402 - bench/load.py, next to this file

HOST = load.HOST
BASE_DIR = load.BASE_DIR
PYTHON = load.PYTHON

# The same reporter as bench/load.py's (the BENCH_JSON line load.run_wrk reads) plus the responses
# outside 2xx, counted per wrk thread (wrk itself counts only 4xx and 5xx, as "status" errors).
WRK_REPORT = r"""
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) non2xx = 0 end
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
done = function(summary, latency, requests)
  local e, n = summary.errors, 0
  for _, thread in ipairs(threads) do n = n + thread:get("non2xx") end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "p50": %d, "p95": %d, "p99": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), n))
end
"""

# One gunicorn configuration for every server measured: only the application differs.
GUNICORN_CONFIG = """# Written by bench/side_by_side.py: the same gunicorn settings for every server it measures.
workers = {workers}
worker_class = "sync"
timeout = 30
graceful_timeout = 10
max_requests = 0
accesslog = None
errorlog = "-"
loglevel = "warning"
control_socket_disable = True  # gunicorn 27: no control socket in /tmp shared with other servers
"""

# Roles, each with bakerydemo's page and this project's (and the goal of issue 19 for it, uncached).
ROLES = [
    ("home", "home", 3.0),
    ("article", "article (our analysis page)", 3.0),
    ("listing", "listing (blog index / our country page)", 3.0),
    ("search", "search", 3.0),
    ("api_list", "API list", None),
    ("api_detail", "API detail", 3.0),
]
CACHED_GOAL = 0.8
# Columns of the table, in the order they are measured.
COLUMNS = [
    ("bakerydemo", "bakerydemo req/s"),
    ("cold", "project, no cache at all"),
    ("uncached", "project uncached, no Redis"),
    ("uncached_redis", "project uncached, Redis"),
    ("cached_redis", "project cached, Redis"),
    ("cached_local", "project cached, no Redis"),
]
PROJECT_COLUMNS = {
    # column: (Redis, page cache, content cache)
    "cold": (False, False, False),
    "uncached": (False, False, True),
    "uncached_redis": (True, False, True),
    "cached_redis": (True, True, True),
    "cached_local": (False, True, True),
}
NO_LOCAL_PAGE_CACHE = "no page cache without Redis"
BAKERY_PATHS = {
    "home": "/",
    "article": "/blog/wild-yeast/",
    "listing": "/blog/",
    "search": "/search/?q=bread",
    "api_list": "/api/v2/pages/",
    # api_detail: /api/v2/pages/<id of wild-yeast>/, looked up on the running server
}
# Text a real page of each role holds (besides being HTML or JSON of the expected shape).
BAKERY_MARKERS = {
    "home": ["template-home-page"],
    "article": ["template-blog-page", "Wild Yeast"],
    "listing": ['href="/blog/wild-yeast/"'],
    "search": ["search__results", "listing-card__link"],
}
PROJECT_MARKERS = {
    "home": ["/kazakhstan/"],
    "article": ["Limited Political Freedoms", "Kazakhstan"],
    "listing": ["Kazakhstan", "/kazakhstan/analysis-"],
    "search": ["search-result"],
}


class NotARealPage(Exception):
    pass


def log(message):
    load.log(message)


def get(port, path):
    """(status, headers, body) of one GET, redirects not followed."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def check_page(port, path, role, markers, page_cache=None, api_id=None):
    """The URL answers 200 with a real page of its role; page_cache: None (no X-Page-Cache header
    allowed: a real render), "hit" (served from the page cache) or "any". Returns the headers."""
    status, headers, body = get(port, path)
    where = f"http://{HOST}:{port}{path}"
    if status != 200:
        raise NotARealPage(f"{where} answered {status}{' → ' + headers.get('location', '') if status < 400 else ''}")
    content_type = headers.get("content-type", "")
    if role.startswith("api_"):
        if "json" not in content_type:
            raise NotARealPage(f"{where}: {content_type}, not JSON")
        data = json.loads(body)
        if role == "api_list" and not data.get("items"):
            raise NotARealPage(f"{where}: no items")
        if role == "api_detail" and data.get("id") != api_id:
            raise NotARealPage(f"{where}: id {data.get('id')}, not {api_id}")
    else:
        text = body.decode("utf-8", "replace")
        if not content_type.startswith("text/html") or "</html>" not in text or len(body) < 2000:
            raise NotARealPage(f"{where}: not a whole HTML page ({content_type}, {len(body)} bytes)")
        missing = [marker for marker in markers.get(role, []) if marker not in text]
        if missing:
            raise NotARealPage(f"{where}: {missing} not in the page")
    cached = headers.get("x-page-cache")
    if page_cache is None and cached is not None:
        raise NotARealPage(f"{where}: X-Page-Cache: {cached} (the page cache is on; this must be a render)")
    if page_cache == "hit" and cached != "hit":
        raise NotARealPage(f"{where}: X-Page-Cache: {cached}, not hit")
    return headers


class Bench:
    """The load generator, its settings and the log files of the servers of one run."""

    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.wrk = load.ensure_wrk()
        if not self.wrk:
            log("wrk is not available: using the bounded Python load generator (slower; lower figures).")
        self.script = workdir / "side_by_side.lua"
        self.script.write_text(WRK_REPORT)
        self.gunicorn_config = workdir / "gunicorn.side-by-side.py"
        self.gunicorn_config.write_text(GUNICORN_CONFIG.format(workers=args.workers))
        self.warmup_args = argparse.Namespace(**{**vars(args), "duration": args.warmup})
        self.pid = None  # the gunicorn master of the server under test
        self.waited = 0.0  # seconds waited for other processes, in all

    def gunicorn(self, python, app, port):
        return [str(python), "-m", "gunicorn", "-c", str(self.gunicorn_config), "-b", f"{HOST}:{port}", app]

    def server(self, name, env, port, command, cwd, health):
        log_file = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 - closed by the caller
        log_file.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')} {' '.join(command)}\n")
        log_file.flush()
        return load.Server(env, port, command=command, cwd=cwd, health=health, stderr=log_file), log_file

    def measure(self, port, path, drain_path, check):
        """check(warm=False) (a real page), warm-up, check(warm=True) (the page cache state after the
        warm-up), the measured run, and check(warm=True) once more (still answering, still cached)."""
        url = f"http://{HOST}:{port}{path}"
        check(warm=False)
        if self.args.warmup:
            load.measure(self.wrk, str(self.script), url, self.warmup_args)
            load.drain(f"http://{HOST}:{port}", drain_path)
        check(warm=True)
        best = None
        for attempt in range(1 + self.args.retries):
            waited = self.wait_until_quiet()
            before = cpu_snapshot(self.pid)
            result = load.measure(self.wrk, str(self.script), url, self.args)
            result.update(others_cpu=others_cpu(before, cpu_snapshot(self.pid)), waited=waited, attempt=attempt + 1)
            load.drain(f"http://{HOST}:{port}", drain_path)
            check(warm=True)
            if best is None or (result["others_cpu"] or 0) < (best["others_cpu"] or 0):
                best = result
            if (result["others_cpu"] or 0) <= self.args.quiet or not self.may_wait():
                break
            log(f"  other processes took {result['others_cpu']:.0%} of the CPU during that run: measuring again")
        return best

    def may_wait(self, waiting=0.0):
        return self.args.quiet > 0 and self.waited + waiting < self.args.quiet_budget

    def wait_until_quiet(self):
        """Seconds waited until other processes take at most --quiet of the CPU over 2 s (the server is
        idle then): at most --quiet-wait seconds, and no more once the run has waited --quiet-budget."""
        started = time.monotonic()
        while self.may_wait(time.monotonic() - started):
            before = cpu_snapshot(self.pid)
            time.sleep(2)
            share = others_cpu(before, cpu_snapshot(self.pid))
            waited = time.monotonic() - started
            if share is None or share <= self.args.quiet:
                break
            if waited < 2.5:
                log(f"  other processes take {share:.0%} of the CPU: waiting (at most {self.args.quiet_wait} s)")
            if waited >= self.args.quiet_wait:
                break
        waited = time.monotonic() - started
        self.waited += waited
        return round(waited) if waited > 2.5 else 0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_jiffies(pid):
    """utime + stime of a process, in clock ticks (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def cpu_snapshot(server_pid):
    """The machine's busy CPU time, the server's (its master and workers), this process's and its
    waited-for children's (wrk), in seconds, to tell how much other processes took during a run."""
    cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in cpu[:8])
    server = [server_pid] if server_pid else []
    for entry in Path("/proc").iterdir():
        if server_pid and entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == server_pid:
                    server.append(int(entry.name))
            except OSError:
                continue
    ours = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "time": time.monotonic(),
        "busy": (user + nice + system + irq + softirq + steal) / CLOCK_TICKS,
        "server": sum(process_jiffies(pid) for pid in server) / CLOCK_TICKS,
        "ours": sum(usage.ru_utime + usage.ru_stime for usage in ours),
    }


def others_cpu(before, after):
    """The share of the machine's CPU (0–1) that processes other than the server, wrk and this script
    used between two snapshots: another engineer's tests, say. Far above 0, the figures are low."""
    elapsed = (after["time"] - before["time"]) * (os.cpu_count() or 1)
    others = (after["busy"] - before["busy"]) - (after["server"] - before["server"]) - (after["ours"] - before["ours"])
    return round(max(0.0, others / elapsed), 3) if elapsed > 0 else None


def base_env():
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}  # noqa: S108


def run_bare(bench, label):
    port = bench.args.port
    env = {**base_env(), "DJANGO_SETTINGS_MODULE": "bare.settings", "PYTHONPATH": str(BENCH_DIR)}
    command = bench.gunicorn(PYTHON, "bare.wsgi:application", port)
    server, log_file = bench.server("bare", env, port, command, BENCH_DIR, "/")
    with log_file, server:
        bench.pid = server.process.pid
        log(f"bare Django view ({label}): {bench.args.duration}s")

        def check(warm):
            status, _, body = get(port, "/")
            if status != 200 or body != b"ok":
                raise NotARealPage(f"bare view answered {status} {body[:40]!r}")

        return {"path": "/", **bench.measure(port, "/", "/", check)}


def bakery_env(bakery):
    """bakerydemo's environment: env.sh (written by the prepare script) sourced in a clean shell."""
    out = subprocess.run(
        ["bash", "-c", 'set -a && source "$1/env.sh" && env -0', "bash", str(bakery)],
        env=base_env(),
        capture_output=True,
        check=True,
    ).stdout
    return dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)


def run_bakery(bench, roles, results, paths):
    args, port = bench.args, bench.args.port + 1
    bakery = Path(args.bakery)
    command = bench.gunicorn(bakery / "venv" / "bin" / "python", "bakerydemo.wsgi:application", port)
    server, log_file = bench.server("bakerydemo", bakery_env(bakery), port, command, bakery / "src", "/")
    with log_file, server:
        bench.pid = server.process.pid
        status, _, body = get(port, "/api/v2/pages/?type=blog.BlogPage&slug=wild-yeast")
        items = json.loads(body).get("items") if status == 200 else None
        if not items:
            raise SystemExit(f"bakerydemo has no blog page wild-yeast (API answered {status}); prepare it again.")
        api_id = items[0]["id"]
        role_paths = {**BAKERY_PATHS, "api_detail": f"/api/v2/pages/{api_id}/"}
        for role in roles:
            path = role_paths[role]
            paths.setdefault("bakerydemo", {})[role] = path
            log(f"bakerydemo {role} {path}: {args.duration}s")

            def check(warm, path=path, role=role):
                check_page(port, path, role, BAKERY_MARKERS, page_cache="any", api_id=api_id)

            results["bakerydemo"][role] = measure_cell(bench, port, path, "/static/css/main.css", check)


def measure_cell(bench, port, path, drain_path, check):
    try:
        return {"path": path, **bench.measure(port, path, drain_path, check)}
    except NotARealPage as error:
        log(f"  not measured: {error}")
        return {"path": path, "skipped": str(error)}


def project_env(args, db_url, redis, page_cache, content_cache=True):
    load_args = argparse.Namespace(
        redis_url=args.redis_url,
        database="sqlite",
        port=args.port + 2,
        analyses_per_country=args.analyses_per_country,
        workers=args.workers,
    )
    env = load.server_env(load_args, db_url, page_cache)
    env["CACHE_KEY_PREFIX"] = "side-by-side"
    if not redis:
        del env["REDIS_URL"]
    if not content_cache:
        env["CONTENT_CACHE_ENABLED"] = "0"  # fragments, navigation, routed pages, Site: all computed
    return env


def flush_redis(url):
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()


def project_paths(corpus):
    routes = corpus["routes"]
    return {
        "home": routes["home"],
        "article": routes["analysis"],
        "listing": routes["country"],
        "search": routes["search HTML"],
        "api_list": routes["API list"],
        "api_detail": routes["API detail"],
    }


def run_project(bench, column, db_url, roles, role_paths, results, paths):
    args, port = bench.args, bench.args.port + 2
    redis, page_cache, content_cache = PROJECT_COLUMNS[column]
    if redis:
        flush_redis(args.redis_url)
    env = project_env(args, db_url, redis, page_cache, content_cache)
    command = bench.gunicorn(PYTHON, "cms.wsgi:application", port)
    server, log_file = bench.server(f"project-{column}", env, port, command, BASE_DIR, "/healthz")
    api_id = int(role_paths["api_detail"].rstrip("/").rsplit("/", 1)[1])
    with log_file, server:
        bench.pid = server.process.pid
        if column == "cached_local":
            # Without Redis the page cache is on only if it works per process: ask before measuring.
            first = role_paths[roles[0]]
            seen = {get(port, first)[1].get("x-page-cache") for _ in range(4 * args.workers)}
            if "hit" not in seen:
                reason = f"{NO_LOCAL_PAGE_CACHE} (X-Page-Cache: {', '.join(sorted(map(str, seen)))})"
                log(f"project cached, no Redis: not measured: {reason}")
                results[column] = {role: {"path": role_paths[role], "skipped": reason} for role in roles}
                return
        for role in roles:
            path = role_paths[role]
            paths.setdefault(column, {})[role] = path
            log(f"project {column} {role} {path}: {args.duration}s")

            def check(warm, path=path, role=role):
                if not page_cache:
                    check_page(port, path, role, PROJECT_MARKERS, page_cache=None, api_id=api_id)
                    return
                # Cached: before the warm-up each worker's first request may be a miss (without Redis
                # each worker has a page cache of its own); after it, every request must be a hit.
                for _ in range(4 * args.workers if not warm else 2 * args.workers):
                    check_page(port, path, role, PROJECT_MARKERS, page_cache="hit" if warm else "any", api_id=api_id)

            results[column][role] = measure_cell(bench, port, path, "/bench/ceiling/", check)


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def git_commit(directory):
    try:
        commit = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown"
    dirty = subprocess.run(
        ["git", "-C", str(directory), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    ).stdout.strip()
    return commit + ("-dirty" if dirty else "")


def fmt_rps(rps):
    return f"{rps:,.0f}"


def cell_text(cell):
    if cell is None:
        return "–"
    if cell.get("skipped"):
        return "n/a"
    flag = " ⚠" if cell["errors"] or cell.get("non2xx") else ""
    return fmt_rps(cell["rps"]) + flag


def ratio_text(cell, reference, goal):
    if not cell or cell.get("skipped") or not reference:
        return "–"
    ratio = cell["rps"] / reference
    return f"{ratio:.2f}" + (" ✗" if goal is not None and ratio < goal else "")


def counts_text(cell):
    if cell is None:
        return "–"
    if cell.get("skipped"):
        return "n/a"
    non2xx = "?" if cell.get("non2xx") is None else cell["non2xx"]
    return f"{cell['errors']}/{non2xx}"


def table(report):
    """The Markdown table of one run."""
    cells, bare = report["cells"], report["bare"]
    mean_bare = bare["mean_rps"]
    header = [
        "role",
        *(label for _, label in COLUMNS),
        "÷ bakerydemo (no cache / uncached no Redis / uncached Redis)",
        "cached ÷ bare (Redis / no Redis)",
        f"errors/non-2xx ({len(COLUMNS)} columns)",
        "SQL queries a render (no cache / no Redis / Redis)",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    start, end = bare.get("start"), bare.get("end")
    bare_text = ", ".join(
        f"{fmt_rps(run['rps'])} at the {when}" for when, run in (("start", start), ("end", end)) if run
    )
    drift = f"end ÷ start {end['rps'] / start['rps']:.2f}" if start and end else ""
    bare_counts = " · ".join(counts_text(run) for run in (start, end) if run)
    bare_row = ["bare Django view (4 middleware)", f"{bare_text}; mean {fmt_rps(mean_bare)}"] + [""] * (
        len(COLUMNS) - 1
    )
    lines.append("| " + " | ".join([*bare_row, drift, "", bare_counts, "0"]) + " |")
    for role, label, goal in ROLES:
        if not any(role in cells.get(column, {}) for column, _ in COLUMNS):
            continue
        row = {column: cells.get(column, {}).get(role) for column, _ in COLUMNS}
        bakery = row["bakerydemo"]
        bakery_rps = bakery["rps"] if bakery and not bakery.get("skipped") else None
        uncached = " / ".join(
            ratio_text(row[c], bakery_rps, None if c == "cold" else goal)
            for c in ("cold", "uncached", "uncached_redis")
        )
        cached = " / ".join(ratio_text(row[c], mean_bare, CACHED_GOAL) for c in ("cached_redis", "cached_local"))
        queries = report["queries"].get(role, {})
        lines.append(
            "| "
            + " | ".join(
                [
                    label,
                    *(cell_text(row[column]) for column, _ in COLUMNS),
                    uncached,
                    cached,
                    " · ".join(counts_text(row[column]) for column, _ in COLUMNS),
                    " / ".join(str(queries.get(key, "?")) for key in ("cold", "no_redis", "redis")),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def print_report(report):
    settings = report["settings"]
    print(
        f"\nSide by side, {report['date']}: {report['machine']['nproc']} CPUs ({report['machine']['cpu']}), "
        f"this project at {report['commit']}, bakerydemo at {report['bakerydemo_commit']}; SQLite; "
        f"gunicorn -w {settings['workers']} -k sync, no access log; wrk -t{settings['threads']} "
        f"-c{settings['connections']}, {settings['duration']} s per URL after {settings['warmup']} s of warm-up "
        f"({'wrk' if settings['wrk'] else 'Python load generator'}); {report['corpus']['countries']} countries, "
        f"{report['corpus']['analyses']} analyses.\n"
    )
    print(table(report))
    print(
        "\nNo cache at all: PAGE_CACHE_ENABLED=0 and CONTENT_CACHE_ENABLED=0, every request rendered from the "
        "database. Uncached: the page cache off, the content cache on as in production. ✗: below the goal of "
        "issue 19 (uncached ≥ 3 × bakerydemo on every role but the API list; cached ≥ "
        f"{CACHED_GOAL} × the mean bare view). ⚠: errors or non-2xx responses in the cell. n/a: not measured."
    )
    served = [
        role
        for role, counts in report["queries"].items()
        if (counts.get("cold") or 0) > 1 and max(counts.get("no_redis") or 0, counts.get("redis") or 0) <= 1
    ]
    if served:
        print(
            f"Uncached {', '.join(served)}: at most 1 SQL query a request, against "
            f"{', '.join(str(report['queries'][role]['cold']) for role in served)} with no cache: the content cache "
            "answers for the page's content (a fragment per address), so the uncached columns measure that "
            "cache for these roles, not a render from the database; the no-cache column does."
        )
    measured = [(f"{column} {role}", cell) for column, cells in report["cells"].items() for role, cell in cells.items()]
    measured += [(f"bare ({when})", report["bare"][when]) for when in ("start", "end")]
    shares = sorted((cell["others_cpu"], name) for name, cell in measured if cell.get("others_cpu") is not None)
    if shares:
        median = shares[len(shares) // 2][0]
        again = sum(cell.get("attempt", 1) > 1 for _, cell in measured)
        print(
            f"Other processes on the machine took {median:.0%} of its CPU during the median measured run, "
            f"{shares[-1][0]:.0%} at most ({shares[-1][1]}): figures of runs with a high share are low. "
            f"Waited {report['waited_for_others']} s for them; {again} URLs measured again."
        )
    for column, cells in report["cells"].items():
        for role, cell in cells.items():
            if cell.get("skipped"):
                print(f"  {column} {role}: not measured: {cell['skipped']}")
            elif cell["errors"] or cell.get("non2xx"):
                print(f"  {column} {role}: {cell['errors']} errors, {cell.get('non2xx')} non-2xx of {cell['requests']}")
    sys.stdout.flush()


def argument_parser():
    """The command line (tests/test_readme.py checks the documented commands with it)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bakery", required=True, help="bakerydemo prepared by bench/prepare-bakerydemo.sh")
    parser.add_argument("--duration", type=int, default=20, help="seconds measured per URL")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of unmeasured load per URL first")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of every server")
    parser.add_argument("--port", type=int, default=8741, help="bare view; bakerydemo +1, this project +2")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/13", help="a spare Redis database: flushed before each use"
    )
    parser.add_argument(
        "--quiet",
        type=float,
        default=0.15,
        help="the CPU share other processes may take (0-1): wait until they do before a run, measure again "
        "after a run in which they took more (0: never)",
    )
    parser.add_argument("--quiet-wait", type=int, default=120, help="seconds to wait for --quiet before a run, at most")
    parser.add_argument("--quiet-budget", type=int, default=900, help="seconds to wait for --quiet in all, at most")
    parser.add_argument("--retries", type=int, default=1, help="runs again after a run above --quiet")
    parser.add_argument("--analyses-per-country", type=int, default=50)
    parser.add_argument("--roles", help="comma-separated subset of " + ", ".join(role for role, _, _ in ROLES))
    parser.add_argument("--columns", help="comma-separated subset of " + ", ".join(c for c, _ in COLUMNS))
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "cms-bench-side-by-side"))
    return parser


def main():
    args = argument_parser().parse_args()
    bakery = Path(args.bakery).resolve()
    args.bakery = str(bakery)
    if not all((bakery / name).exists() for name in ("env.sh", "venv/bin/python", "src/manage.py")):
        sys.exit(
            f"{bakery} is not a prepared bakerydemo. Prepare it with\n"
            f"  bash bench/prepare-bakerydemo.sh https://github.com/wagtail/bakerydemo {bakery}"
        )
    roles = [r for r, _, _ in ROLES if not args.roles or r in args.roles.split(",")]
    columns = [c for c, _ in COLUMNS if not args.columns or c in args.columns.split(",")]
    redis_db = urlsplit(args.redis_url).path.strip("/")
    if not redis_db.isdigit() or redis_db == "0":
        sys.exit(
            "--redis-url must name a spare Redis database other than 0 (it is flushed), e.g. redis://127.0.0.1:6379/13"
        )
    redis_reachable = load.redis_reachable(args.redis_url)
    if any(PROJECT_COLUMNS.get(c, (False,))[0] for c in columns) and not redis_reachable:
        sys.exit(f"Redis is not reachable at {args.redis_url}.")

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    bench = Bench(args, workdir)

    # The project's corpus, and the SQL queries of one uncached render: without the content cache (cold),
    # with it without Redis and with Redis (bench/seed_corpus.py counts them, the request made twice).
    corpus = load.prepare(project_env(args, db_url, redis=False, page_cache=False))
    log(f"Corpus: {corpus['countries']} countries, {corpus['analyses']} live analyses ({corpus['created']} new).")
    role_paths = project_paths(corpus)
    names = {v: k for k, v in corpus["routes"].items()}
    queries = {role: {"no_redis": corpus["queries"].get(names[path])} for role, path in role_paths.items()}
    for key, redis, content_cache in (("cold", False, False), ("redis", True, True)):
        if key == "redis" and not redis_reachable:
            continue
        log(f"The SQL queries of a render again, {'with Redis' if redis else 'without the content cache'}:")
        if redis:
            flush_redis(args.redis_url)
        env = project_env(args, db_url, redis=redis, page_cache=False, content_cache=content_cache)
        counted = load.prepare(env, collectstatic=False)["queries"]
        for role, path in role_paths.items():
            queries[role][key] = counted.get(names[path])
    log(f"SQL queries per uncached render: {queries}")

    started = datetime.datetime.now(datetime.UTC)
    results = {column: {} for column in columns}
    paths = {}
    bare = {"start": run_bare(bench, "start")}
    if "bakerydemo" in columns:
        run_bakery(bench, roles, results, paths)
    for column in columns:
        if column in PROJECT_COLUMNS:
            run_project(bench, column, db_url, roles, role_paths, results, paths)
    bare["end"] = run_bare(bench, "end")
    bare["mean_rps"] = (bare["start"]["rps"] + bare["end"]["rps"]) / 2

    report = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": round(time.time() - started.timestamp()),
        "machine": machine(),
        "commit": git_commit(BASE_DIR),
        "bakerydemo_commit": git_commit(bakery / "src"),
        "settings": {
            "workers": args.workers,
            "threads": args.threads,
            "connections": args.connections,
            "duration": args.duration,
            "warmup": args.warmup,
            "wrk": bool(bench.wrk),
        },
        "corpus": {"countries": corpus["countries"], "analyses": corpus["analyses"]},
        "waited_for_others": round(bench.waited),
        "bare": bare,
        "cells": results,
        "paths": paths,
        "queries": queries,
    }
    report["table"] = table(report)
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        log(f"Figures written to {args.json}")
    flagged = [run for run in (bare["start"], bare["end"]) if run["errors"] or run.get("non2xx")]
    for column, cells in results.items():
        for cell in cells.values():
            if cell.get("skipped"):
                # Without Redis, a page cache that is off is a finding, not a failure.
                if not (column == "cached_local" and cell["skipped"].startswith(NO_LOCAL_PAGE_CACHE)):
                    flagged.append(cell)
            elif cell["errors"] or cell.get("non2xx"):
                flagged.append(cell)
    if flagged:
        sys.exit(1)


if __name__ == "__main__":
    main()
