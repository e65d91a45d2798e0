"""The project's apps depend one way (../ARCHITECTURE.md): core ← domain ← delivery ← cms wiring.

Reads every module's imports (the source, not the running program, so lazy imports inside functions
count too) and fails on an import that points up a layer or closes a loop between apps. Apps of one
layer may import each other (the seed loader in home reads every domain app) as long as no loop forms.
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
    "archive": 2,
    "cms": 3,
}


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


def test_no_app_imports_a_layer_above_it():
    edges = app_imports()
    upward = {pair: found for pair, found in edges.items() if LAYERS[pair[1]] > LAYERS[pair[0]]}
    assert not upward, upward


def test_nothing_imports_the_wiring():
    edges = app_imports()
    assert not [pair for pair in edges if pair[1] == "cms"], {p: e for p, e in edges.items() if p[1] == "cms"}


def test_no_loop_between_apps():
    assert loops(app_imports()) == set()


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
