"""Per-module mutation score from the last `mutmut run` (run by `make mutation`, from the project root).

    score = killed / (killed + survived - equivalent)

"killed" includes timeouts and crashes of the mutated code; "survived" includes mutants no selected
test runs. Mutants that cannot change observable behaviour are listed in
tests/mutation-equivalent.txt (one name per line, then a one-line reason) and leave the denominator.
Exits 1 when a module scores below the threshold (90 %), when a listed mutant was killed (then it
was not equivalent: remove it from the list), or when the run did not finish.
"""

import argparse
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

EQUIVALENT_FILE = Path("tests/mutation-equivalent.txt")
THRESHOLD = 90.0
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
SURVIVED = {"survived", "no tests", "suspicious"}
RESULT_LINE = re.compile(r"^\s*(?P<name>\S+): (?P<status>.+?)\s*$")


def read_equivalents(path):
    """{mutant name: reason}; every entry must give a reason."""
    equivalents = {}
    if not path.exists():
        return equivalents
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{path}:{number}: {name} needs a one-line reason why it has no observable effect.")
        equivalents[name] = reason.strip()
    return equivalents


def mutmut_results():
    """{mutant name: status} for every mutant of the last run."""
    output = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    results = {}
    for line in output.splitlines():
        match = RESULT_LINE.match(line)
        if match and "__mutmut_" in match["name"]:
            results[match["name"]] = match["status"]
    return results


def module_of(mutant_name):
    """contact.guards.x_client_address__mutmut_3 -> contact/guards.py (methods: contact.forms.xǁClassǁname)."""
    dotted = re.split(r"\.x[_ǁ]", mutant_name, maxsplit=1)[0]
    return dotted.replace(".", "/") + ".py"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--survivors", action="store_true", help="also list the surviving mutants not excluded")
    args = parser.parse_args()

    equivalents = read_equivalents(EQUIVALENT_FILE)
    results = mutmut_results()
    if not results:
        sys.exit('No mutmut results: run "make mutation" first.')

    counts = defaultdict(lambda: defaultdict(int))
    survivors, problems = [], []
    for name, status in sorted(results.items()):
        module = counts[module_of(name)]
        if status in KILLED:
            module["killed"] += 1
            if name in equivalents:
                problems.append(f"{name} is listed as equivalent but was killed: remove it from {EQUIVALENT_FILE}.")
        elif status in SURVIVED:
            if name in equivalents:
                module["equivalent"] += 1
            else:
                module["survived"] += 1
                survivors.append(f"{name}: {status}")
        else:  # not checked, skipped, interrupted
            module["unfinished"] += 1
            problems.append(f"{name}: {status}")
    for name in sorted(set(equivalents) - set(results)):
        problems.append(f"{name} is listed in {EQUIVALENT_FILE} but mutmut has no such mutant.")

    print(f"{'module':<56} {'killed':>7} {'survived':>9} {'equivalent':>11} {'score':>8}")
    below = []
    for path in sorted(counts):
        module = counts[path]
        scored = module["killed"] + module["survived"]
        score = 100.0 * module["killed"] / scored if scored else 100.0
        if score < args.threshold:
            below.append(path)
        print(f"{path:<56} {module['killed']:>7} {module['survived']:>9} {module['equivalent']:>11} {score:>7.1f}%")
    total_killed = sum(module["killed"] for module in counts.values())
    total_scored = total_killed + sum(module["survived"] for module in counts.values())
    total_equivalent = sum(module["equivalent"] for module in counts.values())
    print(
        f"{'all':<56} {total_killed:>7} {total_scored - total_killed:>9} {total_equivalent:>11} "
        f"{100.0 * total_killed / total_scored if total_scored else 100.0:>7.1f}%"
    )
    if args.survivors and survivors:
        print("\nSurviving mutants (see `.venv/bin/mutmut show NAME`):")
        print("\n".join(f"  {line}" for line in survivors))
    if problems:
        print("\nProblems:")
        print("\n".join(f"  {line}" for line in problems))
    if below:
        print(f"\nBelow {args.threshold:.0f} %: {', '.join(below)}")
    return 1 if below or problems else 0


if __name__ == "__main__":
    sys.exit(main())
