"""The project's apps depend one way (../ARCHITECTURE.md): core ← domain ← delivery ← cms wiring.

Reads every module's imports (the source, not the running program, so lazy imports inside functions
count too) and fails on an import that points up a layer or closes a loop between apps. The imports that
still point the wrong way are listed below as debt, each with its way out; a new one fails, and so does
a listed one that is gone (take it off the list).
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LAYERS = {
    "core": 0,
    "home": 1,
    "countries": 1,
    "contact": 1,
    "editorial": 1,
    "headless": 2,
    "search": 2,
    "serving": 2,
    "webhooks": 2,
    "cms": 3,
}
# Debt (issue 15): page models still declare their API shapes with headless's typed fields and preview
# mixin. Way out: one BasePage in core, and headless registering the shapes itself.
KNOWN_UPWARD = {("countries", "headless"), ("home", "headless")}
# Apps that still import each other in a loop, through the edges above and the domain apps' own
# (the seed loader, navigation and routing). Way out: the same, plus routing helpers moving to core.
KNOWN_LOOP = {"contact", "countries", "editorial", "headless", "home"}


def imported_modules(path, base_dir=BASE_DIR):
    """Absolute names of the modules ``path`` imports, at any depth of the file."""
    package = list(path.relative_to(base_dir).with_suffix("").parts)
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the file's own package upwards
                base = package[: len(package) - node.level]
                yield ".".join([*base, *([node.module] if node.module else [])])
            else:
                yield node.module


def app_imports():
    """{(app, imported app): ["module -> imported module", ...]} between different apps of the project."""
    edges = defaultdict(list)
    for app in LAYERS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # data migrations name other apps' models by label, through the app registry
            module = ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
            for name in imported_modules(path):
                target = name.split(".")[0]
                if target in LAYERS and target != app:
                    edges[(app, target)].append(f"{module} -> {name}")
    return edges


def loops(edges):
    """Groups of apps that reach each other through imports (strongly connected, more than one app)."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)

    def reachable(start):
        seen, stack = set(), [start]
        while stack:
            for target in graph[stack.pop()] - seen:
                seen.add(target)
                stack.append(target)
        return seen

    apps = {app for pair in edges for app in pair}
    reach = {app: reachable(app) for app in apps}
    groups = {frozenset({app} | {other for other in reach[app] if app in reach[other]}) for app in apps}
    return {group for group in groups if len(group) > 1}


def test_no_app_imports_a_layer_above_it_except_the_listed_debt():
    edges = app_imports()
    upward = {pair for pair in edges if LAYERS[pair[1]] > LAYERS[pair[0]]}
    new = upward - KNOWN_UPWARD
    assert not new, {pair: edges[pair] for pair in new}
    assert upward >= KNOWN_UPWARD, f"paid off, take it off KNOWN_UPWARD: {KNOWN_UPWARD - upward}"


def test_nothing_imports_the_wiring():
    edges = app_imports()
    assert not [pair for pair in edges if pair[1] == "cms"], {p: e for p, e in edges.items() if p[1] == "cms"}


def test_no_loop_between_apps_beyond_the_listed_one():
    found = loops(app_imports())
    assert all(group <= KNOWN_LOOP for group in found), found
    assert frozenset(KNOWN_LOOP) in found, f"the loop shrank to {found}: shrink KNOWN_LOOP too"


def test_the_checker_reads_lazy_and_relative_imports_and_finds_loops(tmp_path):
    module = tmp_path / "countries" / "models" / "page.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import json\ndef f():\n    from headless import api\nfrom ..blocks import Body\nfrom . import x\n"
    )
    imported = sorted(imported_modules(module, tmp_path))
    assert imported == ["countries.blocks", "countries.models", "headless", "json"]
    assert loops({("a", "b"): [], ("b", "a"): [], ("b", "c"): []}) == {frozenset({"a", "b"})}
    assert loops({("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("d", "a"): []}) == {frozenset({"a", "b", "c"})}
    assert loops({("a", "b"): [], ("b", "c"): []}) == set()
