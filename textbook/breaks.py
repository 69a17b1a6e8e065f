"""Breaks: how each claim would fail, and the check that it does.

A test file names, beside its tests, one or more breaks per claim::

    BREAKS = {
        "C6": ("escape(username)", "username"),           # the text to replace, and its replacement
        "C1": [("code=302", "code=301"), ("...", "...")],  # several breaks of one claim
    }

A break is an exact edit of the chapter: its first text occurs once in the chapter, and the edit
is a mistake real code makes. ``check`` applies each break to a copy of ``chapters/`` and runs
the claim's tests against the copy in a child process forked from a warm parent; the break is
caught when some test of the claim fails, and every property test of the claim must fail by
itself, with its explicit ``@example``s switched off (hypothesis profile ``breaks``).
"""

import ast
import contextlib
import functools
import importlib
import json
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from textbook import book

TIMEOUT = 300  # seconds a break's tests may take before the child is stopped


class BreakError(ValueError):
    """A break that cannot be applied as written."""


@dataclass(frozen=True)
class Break:
    chapter: str
    claim: str
    number: int  # 1, 2, ... among the claim's breaks
    old: str
    new: str

    @property
    def id(self):
        return f"{self.chapter} {self.claim}#{self.number}"

    def apply(self, source):
        count = source.count(self.old)
        if count != 1:
            raise BreakError(f"{self.id}: the text to replace occurs {count} times, not once: {self.old!r}")
        return source.replace(self.old, self.new, 1)


def declared(chapter):
    """``(breaks, reasons)``: the chapter's breaks in claim order, and ``{claim: why none}``."""
    return _declared(chapter.name, chapter.test_path, chapter.test_path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=None)
def _declared(name, test_path, mtime_ns):  # the mtime makes an edited file parse afresh
    tree = ast.parse(test_path.read_text(encoding="utf-8"))
    table = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "BREAKS" for target in node.targets
        ):
            table = ast.literal_eval(node.value)
    breaks, reasons = [], {}
    for claim, value in table.items():
        if isinstance(value, str):
            reasons[claim] = value
            continue
        for number, (old, new) in enumerate([value] if isinstance(value, tuple) else value, 1):
            breaks.append(Break(name, claim, number, old, new))
    return breaks, reasons


def tests_of(chapter, claim):
    """``{test function name: is it a property test}`` for the tests citing ``claim``."""
    return {name: span.is_property for name, span in book.cited_claims(chapter.test_path).items()
            if claim in span.claims}


@dataclass
class Result:
    id: str
    chapter: str
    claim: str
    old: str
    new: str
    outcome: str  # "caught", "survived", "not run" (its tests skipped here), "error"
    failed: list
    passed: list
    missed_by_property: list  # property tests that stayed green
    failure: str  # what the first failing test printed

    @property
    def caught(self):
        return self.outcome == "caught"


def _judge(brk, tests, status, outcomes, failure):
    failed = sorted(name for name, outcome in outcomes.items() if outcome == "failed")
    passed = sorted(name for name, outcome in outcomes.items() if outcome == "passed")
    missed = sorted(name for name, is_property in tests.items() if is_property and name not in failed)
    if status not in (0, 1) or set(outcomes) != set(tests):
        outcome = "error"
    elif failed and not missed:
        outcome = "caught"
    elif not failed and not passed:
        outcome = "not run"
    else:
        outcome = "survived"
    return Result(brk.id, brk.chapter, brk.claim, brk.old, brk.new, outcome, failed, passed, missed,
                  failure)


class _Recorder:
    """A pytest plugin for the child: the outcome of each test function (all its parameters)."""

    def __init__(self):
        self.outcomes, self.failure = {}, ""

    def pytest_runtest_logreport(self, report):
        name = report.nodeid.split("::")[-1].split("[")[0]
        if report.failed:
            self.outcomes[name] = "failed"
            self.failure = self.failure or report.longreprtext
        elif report.skipped and self.outcomes.get(name) != "failed":
            self.outcomes.setdefault(name, "skipped")
        elif report.when == "call" and self.outcomes.get(name) in (None, "skipped"):
            self.outcomes[name] = "passed"


def _run_child(brk, tests, workdir):
    """In the forked child: patch a copy of chapters/, import from it, run the claim's tests."""
    import pytest

    overlay = workdir / "root"
    shutil.copytree(book.ROOT / "chapters", overlay / "chapters",
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = overlay / "chapters" / f"{brk.chapter}.py"
    path.write_text(brk.apply(path.read_text(encoding="utf-8")), encoding="utf-8")
    with open(workdir / "output.txt", "wb") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    for name in [m for m in sys.modules if m == "chapters" or m.startswith("chapters.")]:
        del sys.modules[name]
    # Import the copy's package now: pytest puts the book's root first on sys.path for its
    # conftest, and chapters.chNN must still come from the copy (servers the tests start
    # import from where this package is, textbook.live.chapters_root).
    sys.path.insert(0, str(overlay))
    importlib.import_module("chapters")
    sys.path.remove(str(overlay))
    os.environ["TEXTBOOK_HYPOTHESIS_PROFILE"] = "breaks"
    # Checked from inside a test, the child's pytest would remove its caller's variable and
    # the book's rule "a test leaves the environment as it found it" would fail every test.
    os.environ.pop("PYTEST_CURRENT_TEST", None)
    os.chdir(book.ROOT)
    test_file = f"tests/test_{brk.chapter}.py"
    recorder = _Recorder()
    status = pytest.main(
        [*(f"{test_file}::{name}" for name in tests), "-q", "--no-header", "-p", "no:randomly",
         "-p", "no:cacheprovider", f"--basetemp={workdir / 'tmp'}",
         # the warm parent imported pytest's plugins before pytest could rewrite their asserts
         "-W", "ignore::pytest.PytestAssertRewriteWarning"],
        plugins=[recorder],
    )
    result = {"status": int(status), "outcomes": recorder.outcomes, "failure": recorder.failure}
    (workdir / "result.json").write_text(json.dumps(result), encoding="utf-8")


def _imported_modules(path):
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def _warm_up(chapters):
    """Import once, in the parent, what every child would import: pytest and the libraries."""
    import pytest  # noqa: F401

    names = {"hypothesis", "flask", "werkzeug", "xdist.plugin", "pytest_randomly"}
    for chapter in chapters:
        names |= _imported_modules(chapter.path) | _imported_modules(chapter.test_path)
    for name in sorted(names):
        if name.split(".")[0] in ("chapters", "textbook", "conftest", "tests"):
            continue
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def check(breaks, jobs=None, on_result=None):
    """Run every break; returns a ``Result`` per break, in the order given."""
    chapters = {c.name: c for c in book.chapters()}
    _warm_up([chapters[name] for name in {brk.chapter for brk in breaks}])
    jobs = jobs or os.cpu_count() or 1
    results, running, pending = {}, {}, list(breaks)
    with tempfile.TemporaryDirectory(prefix="textbook-breaks-") as scratch:
        while pending or running:
            while pending and len(running) < jobs:
                brk = pending.pop(0)
                tests = tests_of(chapters[brk.chapter], brk.claim)
                workdir = Path(scratch) / f"{brk.chapter}-{brk.claim}-{brk.number}"
                workdir.mkdir()
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:  # the child
                    code = 0
                    try:
                        signal.alarm(TIMEOUT)
                        _run_child(brk, tests, workdir)
                    except BaseException:  # noqa: BLE001 - the parent reports it as an error
                        import traceback

                        (workdir / "error.txt").write_text(traceback.format_exc(), encoding="utf-8")
                        code = 1
                    finally:
                        os._exit(code)
                running[pid] = (brk, tests, workdir)
            pid, _ = os.waitpid(-1, 0)
            brk, tests, workdir = running.pop(pid)
            results[brk.id] = _collect(brk, tests, workdir)
            if on_result:
                on_result(results[brk.id])
    return [results[brk.id] for brk in breaks]


def _collect(brk, tests, workdir):
    result_path = workdir / "result.json"
    if not result_path.exists():
        error = workdir / "error.txt"
        text = error.read_text(encoding="utf-8") if error.exists() else "the child was stopped"
        output = workdir / "output.txt"
        if output.exists():
            text += "\n" + output.read_text(encoding="utf-8", errors="replace")[-4000:]
        return _judge(brk, tests, 3, {}, text)
    found = json.loads(result_path.read_text(encoding="utf-8"))
    return _judge(brk, tests, found["status"], found["outcomes"], found["failure"])


def as_records(results):
    return [{**asdict(result), "caught": result.caught} for result in results]
