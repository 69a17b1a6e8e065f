"""The book's pytest plugin.

- every topic in ``chapters.VOCABULARY`` becomes a registered marker, and every test of a
  chapter gets its chapter's topic markers, so ``-k <topic>`` and ``-m <topic>`` select a topic;
- ``@pytest.mark.claim("C2")`` ties a test to a claim; a failing test shows the claim's text;
- at the end of every run, one line per chapter that ran; ``--report-dir`` writes the same as
  ``chapters.json`` and ``chapters.md`` (and a badge per chapter).
"""

import functools
import importlib
import os
import re

import pytest

from textbook import book, browser, databases, live, network, processes, report, tryit


def pytest_addoption(parser):
    parser.addoption(
        "--report-dir",
        metavar="DIR",
        help="write chapters.json, chapters.md and one badge per chapter into DIR",
    )


def pytest_configure(config):
    network.install()
    config.addinivalue_line("markers", "claim(*ids): the chapter's claims this test proves")
    config.addinivalue_line("markers", "flask_config(**config): app.config for this test")
    config.addinivalue_line("markers", "dialect(*names): run only on these databases (sqlite, postgresql)")
    for topic, description in book.vocabulary().items():
        config.addinivalue_line("markers", f"{topic}: {description}")
    config.pluginmanager.register(Ledger(config), "textbook-ledger")
    if hasattr(config, "workerinput"):
        config.pluginmanager.register(LongestFirst(), "textbook-longest-first")


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def pytest_ignore_collect(collection_path, config):
    """``-k <one word>`` imports only the chapter test files that word can select.

    A word selects a test when it is part of its name, its file's path, a parametrize id or a
    marker (its chapter's topics). Names, literal ids and markers other than topics are written
    in the file, so a chapter test file whose path, text, chapter name and topics lack the word
    holds nothing it selects. A generated id (``second0``) counts when its argument's name
    (``second``) is a word of the file, and the dialect ids the plugin adds count for files that
    use a database.
    """
    word = config.option.keyword.strip()
    if not _WORD.fullmatch(word):
        return None
    chapter = book.chapter_for_test_path(collection_path)
    if chapter is None:
        return None
    text = collection_path.read_text(encoding="utf-8")
    haystack = [str(collection_path.relative_to(config.rootpath)), text, chapter.name, *chapter.topics]
    if "database" in text or "dialect" in text:
        haystack.extend(databases.DIALECTS)
    if any(word.lower() in part.lower() for part in haystack):
        return None
    # A generated id is an argument's name and a number: "second0" for argument "second".
    name = word.rstrip("0123456789")
    if name != word and re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
        return None
    return True


def pytest_generate_tests(metafunc):
    """One run per database dialect for tests that use one (module scope: shared setups)."""
    if "dialect" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("dialect")
    names = marker.args if marker else databases.DIALECTS
    unknown = set(names) - set(databases.DIALECTS)
    if unknown:
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: unknown dialect {sorted(unknown)}")
    metafunc.parametrize("dialect", names, scope="module")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the markers must be on the items before -k and -m deselect.
    marks = {topic: getattr(pytest.mark, topic) for topic in book.vocabulary()}
    for item in items:
        chapter = book.chapter_for_test_path(item.path)
        if chapter is None:
            continue
        for topic in chapter.topics:
            item.add_marker(marks[topic])
        claims = " ".join(i for mark in item.iter_markers("claim") for i in mark.args)
        item.user_properties += [("chapter", chapter.name), ("claims", claims)]


def _chapter_of(item):
    """The chapter an item exercises: its file's, or the one it is parametrized with (fuzz)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if isinstance(params.get("chapter"), book.Chapter):
        return params["chapter"]
    return book.chapter_for_test_path(item.path)


def pytest_collection_finish(session):
    session.config.stash[_SELECTED] = {c.name for c in map(_chapter_of, session.items) if c is not None}
    if session.config.option.collectonly:
        return
    # Chromium starts in the background while the first tests run; the browser fixture adopts it.
    # An xdist worker collects every test, and is sent the browser's files first (LongestFirst).
    if any("browser" in item.fixturenames for item in session.items):
        browser.start()
    if hasattr(session.config, "workerinput"):
        return  # a worker starts a file's processes as it enters the file (pytest_runtest_setup)
    # The selected chapters' "Try it" blocks start now, in the background (textbook.tryit).
    tried = {chapter.name: chapter.try_it for chapter in
             (_chapter_of(item) for item in session.items if item.path.name == "test_try_it.py") if chapter}
    if tried:
        tryit.start(tried)
    _start_processes(session.items)


def _start_processes(items):
    """Start the processes that ``items`` or their fixtures name, in the background."""
    for module, names in _names_used(items).items():
        declared = [value for name, value in vars(module).items()
                    if name in names and isinstance(value, live.Background)]
        chapter = book.chapter_for_test_path(module.__file__)
        imported = importlib.import_module(f"chapters.{chapter.name}") if declared and chapter else None
        for process in declared:
            process.start(imported)


def _names_used(items):
    """``{test module: the global names its selected tests and their fixtures use}``."""
    used = {}
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        functions = [item.function] + [definition.func for definitions in
                                        item._fixtureinfo.name2fixturedefs.values() for definition in definitions]
        used.setdefault(item.module, set()).update(
            name for function in functions if getattr(function, "__module__", None) == item.module.__name__
            for name in function.__code__.co_names)
    return used


@functools.cache
def _uses(path, library):
    return library in path.read_text(encoding="utf-8")


def _prepare_libraries(item):
    """Before the first test that needs them, not at collection: most runs need neither."""
    chapter = _chapter_of(item)
    builds_apps = book.chapter_for_test_path(item.path) is not None or _uses(item.path, "create_app(")
    if chapter is not None and builds_apps and _uses(chapter.path, "sqlalchemy"):
        # Python 3.13 warns (an error here) about a sqlite3 connection garbage-collected open,
        # as an app's pool leaves them: note every connection the pools open, so that each
        # test's teardown closes its own.
        databases.record_connections()
    if _uses(item.path, "hypothesis"):
        _load_hypothesis_profile()


@functools.cache
def _load_hypothesis_profile():
    from hypothesis import HealthCheck, Phase, settings

    # derandomize: the normal run is repeatable; the thorough profile explores; "breaks" is the
    # normal run without explicit @examples: a property test must find a claim's break by itself
    # (textbook.breaks). too_slow times the drawing of examples, which on a loaded machine fails
    # a test that is otherwise the same every run.
    settings.register_profile("book", max_examples=40, deadline=None, database=None,
                              derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("breaks", settings.get_profile("book"),
                              phases=[Phase.generate, Phase.target, Phase.shrink])
    settings.register_profile("thorough", max_examples=2000, deadline=None, database=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("TEXTBOOK_HYPOTHESIS_PROFILE", "book"))


_ENVIRONMENT = pytest.StashKey[dict]()
_SELECTED = pytest.StashKey[set]()
ROWS = pytest.StashKey[list]()  # this run's rows, one per chapter  # the chapters whose tests this process selected
_CONNECTIONS = pytest.StashKey[int]()


_ENTERED = pytest.StashKey[set]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    entered = item.config.stash.setdefault(_ENTERED, set())
    if hasattr(item.config, "workerinput") and item.path not in entered:
        # an xdist worker runs whole files (--dist loadfile): it has just been sent this one
        entered.add(item.path)
        _start_processes([other for other in item.session.items if other.path == item.path])
    _prepare_libraries(item)
    item.stash[_ENVIRONMENT] = dict(os.environ)
    item.stash[_CONNECTIONS] = databases.connections_opened()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After every fixture's finaliser (monkeypatch included): the test must leave no trace.
    result = yield
    databases.close_connections_since(item.stash.get(_CONNECTIONS, 0))
    before = item.stash.get(_ENVIRONMENT, None)
    if before is not None and before != dict(os.environ):
        changed = sorted(set(before.items()) ^ set(os.environ.items()))
        raise AssertionError(f"the test left the environment changed: {changed}")
    return result


def pytest_sessionfinish(session):
    browser.stop()  # started for tests that were then deselected or never reached
    live.Background.stop_all()
    tryit.stop()
    leftovers = processes.descendants(os.getpid())
    if leftovers:
        session.config.get_terminal_writer().line(f"\nprocesses left running: {leftovers}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _properties(report_):
    return dict(report_.user_properties)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report_ = yield
    properties = _properties(report_)
    if report_.failed and properties.get("claims"):
        chapter = book.chapter_for_test_path(item.path)
        lines = [
            f"claim not proven: {chapter.name} {claim}: {chapter.claims.get(claim, '(no such claim)')}"
            for claim in properties["claims"].split()
        ]
        report_.sections.append(("claim", "\n".join(lines)))
    return report_


class Ledger:
    """Collects every test's outcome (on the controller, when run with xdist)."""

    def __init__(self, config):
        self.config = config
        self.tests = {}

    def pytest_runtest_logreport(self, report):
        properties = _properties(report)
        if "chapter" not in properties:
            return
        test = self.tests.setdefault(
            report.nodeid,
            {"nodeid": report.nodeid, "chapter": properties["chapter"],
             "claims": properties["claims"].split(), "outcome": "passed"},
        )
        if report.failed:
            test["outcome"] = "failed"
        elif report.skipped and test["outcome"] != "failed":
            test["outcome"] = "skipped"

    def pytest_terminal_summary(self, terminalreporter):
        if hasattr(self.config, "workerinput"):
            return
        word = self.config.option.keyword.strip()
        if _WORD.fullmatch(word):
            # the chapters that ran (xdist collects on the workers) or were selected (--collect-only)
            ran = {test["chapter"] for test in self.tests.values()} | self.config.stash.get(_SELECTED, set())
            hint = book.keyword_hint(word, ran)
            if hint:
                terminalreporter.section("selecting a topic")
                terminalreporter.line(hint, yellow=True)
        if not self.tests:
            return
        rows = report.summarise(self.tests.values())
        self.config.stash[ROWS] = rows  # for the textbook command, after pytest.main returns
        terminalreporter.section("chapters")
        for row in rows:
            terminalreporter.line(report.line(row))
        directory = self.config.getoption("report_dir")
        if directory:
            report.write(rows, directory)
            terminalreporter.line(f"report written to {directory}")


class LongestFirst:
    """On xdist's workers, which receive whole files (--dist loadfile), the longest files go
    first: the "Try it" blocks (one file, a third of a worker's time), those that use the
    browser, then those that start processes, the rest after; so that no worker is left with a
    long file when the other has finished. The order within each group stays random (trylast:
    after pytest-randomly)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        weight = {}
        for item in items:
            text = item.path.read_text(encoding="utf-8") if item.path not in weight else ""
            uses = (0 if "tryit.start(" in text else 1 if "browser" in item.fixturenames
                    else 2 if "live.Background(" in text else 3)
            weight[item.path] = min(uses, weight.get(item.path, 3))
        items.sort(key=lambda item: weight[item.path])
