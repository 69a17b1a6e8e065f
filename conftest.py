"""The book's fixtures, under Flask's own names.

``chapter`` is the chapter module paired with the test file; ``app`` is a fresh
``chapter.create_app(config)`` per test, with ``TESTING`` on and a random test ``SECRET_KEY``,
overridden by ``@pytest.mark.flask_config(...)``. Nothing here pushes a context for the whole
test: the context errors are part of the book.
"""

import contextlib
import importlib
import itertools
import os
import secrets
import sys

import pytest

from textbook import book, browser as chromium, databases, live

pytest_plugins = ("textbook.plugin",)


@pytest.fixture(scope="module")
def chapter(request):
    """The chapter module this test file proves (``tests/test_ch09_x.py`` -> ``chapters.ch09_x``)."""
    found = book.chapter_for_test_path(request.path)
    if found is None:
        pytest.fail(f"{request.path.name} is not paired with a chapter")
    return importlib.import_module(f"chapters.{found.name}")


def _config_for(request):
    config = {"TESTING": True, "SECRET_KEY": secrets.token_hex(32)}
    # Closest marker last, so a test's marker overrides its module's.
    for marker in reversed(list(request.node.iter_markers("flask_config"))):
        config.update(marker.kwargs)
    return config


@pytest.fixture
def app(chapter, request):
    config = _config_for(request)
    if "database_url" in request.fixturenames:
        config["SQLALCHEMY_DATABASE_URI"] = request.getfixturevalue("database_url")
    return chapter.create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def req_ctx(app):
    with app.test_request_context() as ctx:
        yield ctx


@pytest.fixture
def live_server(app):
    """The test's app on a real threaded Werkzeug server at 127.0.0.1 on a free port."""
    with live.serve_app(app) as server:
        yield server


@pytest.fixture(scope="session")
def chromium_connection():
    """The run's headless Chromium, driven by Playwright: a skip without one, a failure in CI.

    One Chromium and one Playwright connection for the whole run (a connection starts
    Playwright's driver, 0.3-0.5 s); Chromium starts in the background as soon as collection finds
    a test that needs it (textbook.browser). Yields ``(browser, Playwright's event loop)``: use
    the browser inside ``textbook.browser.driving(loop)``, as the ``browser`` fixture does."""
    started = chromium.start()
    if started is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no Chromium: .ci/run installs Debian's chromium")
        pytest.skip("no Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        connected = playwright.chromium.connect_over_cdp(started.endpoint())
        with chromium.idle() as loop:
            yield connected, loop
        connected.close()


@pytest.fixture
def browser(chromium_connection):
    """The run's Chromium, for this test: each test makes its own contexts (``page`` makes one)."""
    connected, loop = chromium_connection
    with chromium.driving(loop):
        yield connected


@pytest.fixture
def page(browser):
    """A page in a fresh browser context: no cookies or storage from another test."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


# The database chapters run on every dialect in ``databases.DIALECTS``: a test that uses
# ``database_url`` (or ``dialect``) runs once per dialect, or on those its
# ``@pytest.mark.dialect(...)`` names; the plugin parametrizes ``dialect``.

@pytest.fixture(scope="session")
def postgresql():
    """The PostgreSQL server named by TEXTBOOK_DATABASE_URL: a skip without one, a failure in CI."""
    try:
        server = databases.PostgreSQL.from_environment()
        server.admin()  # connect now: a server named but not answering is missing too
    except databases.Unavailable as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (CI runs the book under .ci/with-postgres)")
        pytest.skip(str(missing))
    yield server
    server.close()


@pytest.fixture(scope="session")
def redis_url():
    """The Redis server named by TEXTBOOK_REDIS_URL (``.ci/with-redis`` starts one on loopback):
    a skip without one, a failure in CI. Tests share it: give each its own key prefix."""
    try:
        return databases.redis_url()
    except databases.Unavailable as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (CI runs the book under .ci/with-redis)")
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def database_server(dialect, request):
    return request.getfixturevalue("postgresql") if dialect == "postgresql" else None


@pytest.fixture
def new_database_url(dialect, database_server, tmp_path):
    """Call it for the URL of a new empty database of the test's dialect; all gone at the end."""
    numbers = itertools.count(1)
    with contextlib.ExitStack() as stack:
        def new():
            directory = tmp_path / f"database{next(numbers)}"
            directory.mkdir()
            return stack.enter_context(databases.fresh(dialect, directory, database_server))
        yield new


@pytest.fixture
def database_url(new_database_url):
    """A new empty database of the test's dialect, gone when the test ends."""
    return new_database_url()


@pytest.fixture(autouse=True)
def _clean_flask_environment(monkeypatch):
    """The developer's shell must not reach the book: no FLASK_APP, FLASK_DEBUG, ..."""
    for name in list(os.environ):
        if name.startswith("FLASK_"):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _no_context_left_pushed():
    """Fail a test that ends with an application or request context still pushed."""
    yield
    flask = sys.modules.get("flask")
    if flask is None or not flask.has_app_context():
        return
    while flask.has_request_context():
        flask.globals.request_ctx._get_current_object().pop()
    while flask.has_app_context():
        flask.globals.app_ctx._get_current_object().pop()
    pytest.fail("the test left an application context pushed")
