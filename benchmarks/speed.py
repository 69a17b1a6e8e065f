"""How fast the book is, against Flask's own test suite and an empty pytest run.

    .venv/bin/python benchmarks/speed.py            # 7 rounds; about half an hour
    .venv/bin/python benchmarks/speed.py --runs 9   # more rounds on a noisy machine
    .venv/bin/python benchmarks/speed.py --book /tmp/before   # another checkout (git worktree
                                                    # add /tmp/before REV), in this environment

Absolute times on a shared machine move by 2x between hours, so every figure is a ratio taken
within one round: the commands of a group run one after the other, a round after a warm-up
round, and the table gives each ratio's median with its min-max over the rounds. The reference
is Flask 3.1.3's own test suite, built from its source distribution into ``.bench/`` with the
pytest and test dependencies that Flask's ``uv.lock`` pins. The floor is ``pytest`` in an empty
directory, with the book's environment. PostgreSQL halves are skipped (no server is named).
Not a test: it does not run in CI.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
FLASK_VERSION = "3.1.3"
FLASK_SUITE = BENCH / f"flask-{FLASK_VERSION}"
FLASK_PYTHON = BENCH / "flask-venv" / "bin" / "python"
EMPTY = BENCH / "empty"
BOOK_PYTHON = Path(sys.executable)
# Flask's test dependencies (its "tests" group) and what they and Flask need, at uv.lock's pins.
PINNED = ["pytest", "pluggy", "iniconfig", "packaging", "pygments", "asgiref", "greenlet", "python-dotenv",
          "werkzeug", "jinja2", "itsdangerous", "click", "markupsafe", "blinker"]


def build_flask_suite():
    if FLASK_PYTHON.exists() and FLASK_SUITE.exists():
        return
    BENCH.mkdir(exist_ok=True)
    pip = [str(BOOK_PYTHON), "-m", "pip"]
    subprocess.run([*pip, "download", "-q", "--no-deps", "--no-binary", ":all:",
                    f"flask=={FLASK_VERSION}", "-d", str(BENCH)], check=True)
    with tarfile.open(BENCH / f"flask-{FLASK_VERSION}.tar.gz") as archive:
        archive.extractall(BENCH, filter="data")
    lock = tomllib.loads((FLASK_SUITE / "uv.lock").read_text(encoding="utf-8"))
    versions = {package["name"]: package["version"] for package in lock["package"]}
    subprocess.run([str(BOOK_PYTHON), "-m", "venv", "--clear", str(FLASK_PYTHON.parent.parent)], check=True)
    subprocess.run([str(FLASK_PYTHON), "-m", "pip", "install", "-q", "--no-deps", str(FLASK_SUITE),
                    *(f"{name}=={versions[name]}" for name in PINNED)], check=True)


# pytest, run so that it reports its own peak memory as it exits: the pytest process's alone,
# not that of a server or a browser it started (the operating system's figure for a finished
# process counts its reaped children too).
PYTEST = """import atexit, resource, sys
atexit.register(lambda: print("peak-rss-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
import pytest
sys.exit(pytest.console_main())"""


def timed(argv, cwd, env):
    """Run a command to its end: ``(wall seconds, peak RSS in MiB, tests passed)``."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode(errors="replace")
    process.wait()
    wall = time.perf_counter() - start
    passed = re.search(r"(\d+) passed", output)
    tests = int(passed.group(1)) if passed else 0
    peak = int(re.search(r"peak-rss-kib (\d+)", output).group(1))
    if process.returncode not in (0, 5):  # 5: no tests collected (the empty run)
        saved = BENCH / "failed-output.txt"
        saved.write_text(output, encoding="utf-8")
        sys.exit(f"{' '.join(map(str, argv))} failed ({process.returncode}), its output in {saved}:\n"
                 f"{output[-3000:]}")
    return wall, peak / 1024, tests


def commands(root):
    """What each row runs, as ``{name: (argv, working directory)}``; the book's in ``root``."""
    def book(*args):
        return ([str(BOOK_PYTHON), "-c", PYTEST, "-q", *args], root)

    return {
        "book serial": book(),
        "book -n 2": book("-n", "2"),
        "flask suite": ([str(FLASK_PYTHON), "-c", PYTEST, "-q"], FLASK_SUITE),
        "empty": ([str(BOOK_PYTHON), "-c", PYTEST, "-q"], EMPTY),
        "-k jwt": book("-k", "jwt"),
        "-k routing": book("-k", "routing"),
        "-k database": book("-k", "database"),
        "-k socketio": book("-k", "socketio"),
        "-k security": book("-k", "security"),
        "ch09 by path": book("tests/test_ch09_redirects.py"),
        "ch24 by path": book("tests/test_ch24_realtime.py"),
        "book --collect-only": book("--collect-only"),
        "flask --collect-only": ([str(FLASK_PYTHON), "-c", PYTEST, "-q", "--collect-only"], FLASK_SUITE),
    }


GROUPS = [
    ["book serial", "flask suite", "book -n 2"],
    ["empty", "-k jwt", "-k routing", "-k database", "-k socketio", "-k security", "ch09 by path",
     "ch24 by path"],
    ["book --collect-only", "flask --collect-only"],
]
# (row, what is measured: a function of one round's results, goal, "<=" or ">=")
ROWS = [
    ("whole book, serial, tests/s against Flask's suite",
     lambda r: (r["book serial"][2] / r["book serial"][0]) / (r["flask suite"][2] / r["flask suite"][0]), 0.3, ">="),
    ("README's test command (-n 2) against the serial run",
     lambda r: r["book -n 2"][0] / r["book serial"][0], 0.7, "<="),
    *[(f"pytest {name} against an empty run", lambda r, n=name: r[n][0] / r["empty"][0], goal, "<=")
      for name, goal in [("-k jwt", 2.0), ("-k routing", 2.0), ("-k database", 4.0),
                         ("-k socketio", 4.0), ("-k security", 4.0), ("ch09 by path", 1.5),
                         ("ch24 by path", 3.0)]],
    ("--collect-only against Flask's suite's",
     lambda r: r["book --collect-only"][0] / r["flask --collect-only"][0], 1.2, "<="),
    ("peak memory of the pytest process against Flask's suite",
     lambda r: r["book serial"][1] / r["flask suite"][1], 2.0, "<="),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="counted rounds (after one warm-up)")
    parser.add_argument("--book", type=Path, default=ROOT, help="the checkout of the book to time")
    arguments = parser.parse_args()
    COMMANDS = commands(arguments.book.resolve())
    build_flask_suite()
    EMPTY.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items()
           if key not in ("TEXTBOOK_DATABASE_URL", "PYTHONDONTWRITEBYTECODE")}
    load_before = os.getloadavg()
    rounds = []
    for number in range(arguments.runs + 1):
        results = {}
        for group in GROUPS:
            for name in group:
                argv, cwd = COMMANDS[name]
                results[name] = timed(argv, cwd, env)
        if number:  # round 0 warms the caches
            rounds.append(results)
        print(f"round {number}/{arguments.runs}: book serial {results['book serial'][0]:.1f} s, "
              f"flask suite {results['flask suite'][0]:.2f} s", file=sys.stderr)
    print(f"book: {arguments.book.resolve()}; machine: {os.cpu_count()} cores; load average before {load_before[0]:.2f}, "
          f"after {os.getloadavg()[0]:.2f}; {arguments.runs} rounds after a warm-up\n")
    print("| command | median wall s | median peak MiB | tests passed |")
    print("| --- | ---: | ---: | ---: |")
    for name in COMMANDS:
        walls, memory, tests = zip(*(r[name] for r in rounds))
        print(f"| `{name}` | {statistics.median(walls):.2f} | {statistics.median(memory):.0f} | {tests[0]} |")
    print("\n| what | median | min–max | goal | met |")
    print("| --- | ---: | ---: | ---: | --- |")
    for what, measure, goal, sense in ROWS:
        values = [measure(r) for r in rounds]
        median = statistics.median(values)
        met = median >= goal if sense == ">=" else median <= goal
        print(f"| {what} | {median:.2f}× | {min(values):.2f}–{max(values):.2f} | {sense} {goal}× | "
              f"{'yes' if met else 'no'} |")


if __name__ == "__main__":
    main()
