import logging
import re
import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("app.debug = True  # the source's", "app.debug = False  # the source's"),  # the line dropped
    "C2": [("DEBUG_OPTIONS = (\"--debug\",)", "DEBUG_OPTIONS = ()"),                  # --debug forgotten
           ("DEBUG_OPTIONS = (\"--debug\",)", "DEBUG_OPTIONS = (\"--debug\", \"--no-debugger\")")],
    "C3": ("DEBUG_ENVIRONMENT = {}", "DEBUG_ENVIRONMENT = {\"WERKZEUG_DEBUG_PIN\": \"off\"}"),  # no lock
    "C4": ("DEBUG_OPTIONS = (\"--debug\",)", "DEBUG_OPTIONS = (\"--debug\", \"--no-reload\")"),  # as IDEs run it
    "C5": ("app.config.update(config or {})", "app.config.update(config or {}, DEBUG=False)"),  # pinned off
    "C6": [("app.config.update(config or {})", "app.config.update(config or {}, DEBUG=True)"),  # left on
           ("    @app.route(\"/\")\n",                          # an error handler that shows the error
            "    @app.errorhandler(500)\n    def show(error):\n"
            "        return repr(error.original_exception), 500\n\n    @app.route(\"/\")\n")],
}


def flask_run(app, options=()):
    return [live.executable("flask"), "--app", app, "run", "--port", "{port}", *options]


def copy_the_chapter(directory, chapter):
    """Try it's server runs a copy of the chapter, which the reloader's test may edit."""
    (directory / "chapters").mkdir()
    for name in ("__init__.py", "ch30_debugger.py"):
        shutil.copy(Path(chapter.__file__).with_name(name), directory / "chapters" / name)


# Started in the background when collection ends (textbook/live.py), adopted below.
SOURCE_SERVER = live.Background(flask_run("chapters.ch30_debugger:create_source_app"))
DEBUG_SERVER = live.Background(lambda chapter: flask_run("chapters.ch30_debugger", chapter.DEBUG_OPTIONS),
                               env=lambda chapter: {"PYTHONPATH": "{directory}", **chapter.DEBUG_ENVIRONMENT},
                               prepare=copy_the_chapter)


@pytest.fixture(scope="module")
def source_server(chapter):
    with SOURCE_SERVER.serve(chapter) as server:
        yield server


@pytest.fixture(scope="module")
def debug_server(chapter):
    with DEBUG_SERVER.serve(chapter) as server:
        server.extra["source"] = server.extra["directory"] / "chapters" / "ch30_debugger.py"
        yield server


@pytest.mark.claim("C1")
def test_debug_set_in_code_is_overridden_by_flask_run(source_server):
    assert "Debug mode: off" in source_server.wait_for_output("Debug mode:", timeout=5)
    assert source_server.request("GET", "/")[2] == b"debug=False"
    status, _, body = source_server.request("GET", "/boom")
    assert (status, b"Traceback" in body) == (500, False)


@pytest.mark.claim("C1")
def test_debug_set_in_code_does_reach_a_directly_created_app(chapter):
    assert chapter.create_source_app().debug is True


@pytest.mark.claim("C2")
def test_flask_run_debug_serves_the_interactive_debugger(debug_server):
    status, _, body = debug_server.request("GET", "/boom")
    assert status == 500
    assert b"Werkzeug Debugger" in body and b"ZeroDivisionError: the secret is 42" in body
    assert "Debugger PIN: " in debug_server.output()


def debugger_url(page, **params):
    """A request to the debugger behind an error ``page``, which carries its secret."""
    secret = re.search(r'SECRET = "(\w+)"', page)[1]
    return "/?" + urlencode({"__debugger__": "yes", "s": secret, **params})


@pytest.mark.claim("C3")
def test_the_console_runs_code_in_the_server_only_after_the_printed_pin(debug_server):
    page = debug_server.request("GET", "/boom")[2].decode()

    def run(frame, cookie=""):  # the reloader, the server's first process, is the console's parent
        url = debugger_url(page, cmd="__import__('os').getppid()", frm=frame)
        return debug_server.request("GET", url, headers={"Cookie": cookie})[2].decode()

    frames = re.findall(r'id="frame-(\d+)"', page)
    assert run(frames[-1]).endswith("debug=True")  # not run: the request reached the app's page
    pin = re.findall(r"Debugger PIN: ([\d-]+)", debug_server.output())[-1]
    cookie = debug_server.request("GET", debugger_url(page, cmd="pinauth", pin=pin))[1]["Set-Cookie"]
    assert [run(frame, cookie.split(";")[0]).endswith(f">{debug_server.process.pid}</span>")
            for frame in frames] == [True] * len(frames)


@pytest.mark.claim("C4")
def test_the_reloader_serves_an_edited_source_file(debug_server):
    assert debug_server.request("GET", "/")[2] == b"debug=True"  # served, so the reloader has looked
    assert "Restarting with watchdog" in debug_server.output()
    source = debug_server.extra["source"]
    source.write_text(source.read_text(encoding="utf-8").replace('f"debug=', 'f"edited, debug='),
                      encoding="utf-8")
    debug_server.wait_for_output("reloading\n * Restarting with watchdog", timeout=10)
    assert debug_server.request("GET", "/")[2] == b"edited, debug=True"


@pytest.mark.claim("C5")
def test_flask_debug_variable_turns_debug_on(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert chapter.create_app().debug is True


@pytest.mark.claim("C5")
def test_with_flask_debug_an_exception_leaves_the_app(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    client = chapter.create_app({"TESTING": False}).test_client()
    with pytest.raises(ZeroDivisionError, match="^the secret is 42$"):
        client.get("/boom")


@pytest.mark.claim("C5")
def test_flask_env_no_longer_turns_debug_on(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_ENV", "development")
    assert chapter.create_app().debug is False


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TESTING=False)
def test_without_debug_the_error_page_reveals_nothing(client):
    response = client.get("/boom")
    assert response.status_code == 500
    for secret in ("Traceback", "the secret is 42", "ZeroDivisionError", "__debugger__", "console"):
        assert secret not in response.text


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TESTING=False)
def test_without_debug_the_traceback_goes_to_the_log(client, caplog):
    with caplog.at_level(logging.ERROR):
        client.get("/boom")
    [record] = caplog.records
    assert record.getMessage() == "Exception on /boom [GET]"
    assert (record.exc_info[0], str(record.exc_info[1])) == (ZeroDivisionError, "the secret is 42")
