import html
import shlex
import socket
import sys
from urllib.parse import quote

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("$ flask --app chapters.ch08_running run ",  # "so my phone can see it": so can the network
           "$ flask --app chapters.ch08_running run --host 0.0.0.0 "),
    "C2": [("$ flask --app chapters.ch08_running run ", "$ flask --app chapters.ch08_running run --host 0.0.0.0 "),
           ("$ flask --app chapters.ch08_running run ", "$ flask --app chapters.ch08_running run --port 8000 ")],
    "C3": [(".run(port=", '.run(host="0.0.0.0", port='),  # app.run opened to the network
           ('os.environ.get("PORT")', 'os.environ.get("PORT", 8080)')],  # another default port
    "C4": ("def main():\n",  # the usual way to quiet the request log hides the warning too
           'def main():\n    import logging\n\n    logging.getLogger("werkzeug").setLevel(logging.ERROR)\n'),
    "C5": [('    @app.route("/source/user/<username>")\n', ""),  # the decorator lost, as in the source
           ('return f"Hello, {username}!"', 'return f"Hello, {username}!", {"Content-Type": "text/plain"}')],
    "C6": ('return f"Hello, {username}!"', 'return f"Hello, {escape(username)}!"'),  # the fix
    "C7": ("escape(username)", "username"),  # the view reflects markup: XSS
}

DEV_SERVER_WARNING = "WARNING: This is a development server. Do not use it in a production deployment."


def try_it(chapter, program):
    """The chapter's ``Try it:`` command run by ``program``, as argv (``→`` starts what it shows)."""
    lines = chapter.__doc__.split("Try it:")[1].splitlines()
    return next(shlex.split(line.split("→")[0])[1:] for line in lines if line.split()[:2] == ["$", program])


def running_on(server):
    """The server's "Running on" lines: where it says it listens."""
    return [line for line in server.wait_for_output("Running on").splitlines() if "Running on" in line]


def answers_on(address, port):
    try:
        socket.create_connection((address, port), timeout=2).close()
    except OSError:
        return False
    return True


# Started in the background when collection ends (textbook/live.py), adopted below.
FLASK_RUN = live.Background(lambda chapter: [live.executable("flask"), *try_it(chapter, "flask")[1:],
                                             "--port", "{port}"])
APP_RUN = live.Background([sys.executable, "-m", "chapters.ch08_running"], env={"PORT": "{port}"})


@pytest.fixture(scope="module")
def flask_run(chapter):
    with FLASK_RUN.serve(chapter) as server:
        yield server


@pytest.fixture(scope="module")
def app_run(chapter):
    with APP_RUN.serve(chapter) as server:
        yield server


@pytest.mark.claim("C1")
def test_flask_run_answers_real_http_on_127_0_0_1_only(flask_run):
    status, headers, body = flask_run.request("GET", "/user/ada")
    assert (status, body) == (200, b"Hello, ada!")
    # On Linux all of 127.0.0.0/8 is this machine: a server on every address answers 127.0.0.2.
    assert (answers_on("127.0.0.1", flask_run.port), answers_on("127.0.0.2", flask_run.port)) == (True, False)
    assert running_on(flask_run) == [f" * Running on http://127.0.0.1:{flask_run.port}"]


@pytest.mark.claim("C2")
def test_flask_run_asks_for_127_0_0_1_and_port_5000(chapter, monkeypatch):
    from click.testing import CliRunner
    from flask import cli

    asked = []
    monkeypatch.setattr(cli, "run_simple", lambda host, port, app, **options: asked.append((host, port, app.name)))
    # The flask group sets FLASK_RUN_FROM_CLI; env= puts it back as it was (unset) afterwards.
    result = CliRunner().invoke(cli.cli, try_it(chapter, "flask")[1:], env={"FLASK_RUN_FROM_CLI": None})
    assert (result.exit_code, asked) == (0, [("127.0.0.1", 5000, "chapters.ch08_running")])


@pytest.mark.claim("C3")
def test_python_m_answers_real_http_on_127_0_0_1_only(app_run):
    status, headers, body = app_run.request("GET", "/user/ada")
    assert (status, body) == (200, b"Hello, ada!")
    assert (answers_on("127.0.0.1", app_run.port), answers_on("127.0.0.2", app_run.port)) == (True, False)
    assert running_on(app_run) == [f" * Running on http://127.0.0.1:{app_run.port}"]


@pytest.mark.claim("C3")
@pytest.mark.parametrize(("environ", "port"), [({}, 5000), ({"PORT": "5001"}, 5001)])
def test_main_asks_for_127_0_0_1_and_the_port_in_port(chapter, monkeypatch, environ, port):
    import werkzeug.serving

    asked = []
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, port, app, **options: asked.append((host, port)))
    monkeypatch.delenv("PORT", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    chapter.main()
    assert asked == [("127.0.0.1", port)]


@pytest.mark.claim("C4")
def test_both_print_the_development_server_warning(flask_run, app_run):
    assert DEV_SERVER_WARNING in flask_run.wait_for_output(DEV_SERVER_WARNING, timeout=5)
    assert DEV_SERVER_WARNING in app_run.wait_for_output(DEV_SERVER_WARNING, timeout=5)


@pytest.mark.claim("C5")
def test_source_view_greets_as_html(client):
    response = client.get("/source/user/ada")
    assert (response.text, response.mimetype) == ("Hello, ada!", "text/html")


@pytest.mark.claim("C6")
def test_source_view_reflects_a_script(client):
    response = client.get("/source/user/<img src=x onerror=alert(1)>")
    assert response.text == "Hello, <img src=x onerror=alert(1)>!"


@pytest.mark.claim("C7")
def test_book_view_escapes_any_name(app):
    from hypothesis import example, given, strategies as st

    client = app.test_client()
    # Weighted to markup: random text rarely holds it, and without it every view passes.
    markup = st.sampled_from(["<", ">", "&", '"', "'", "<b>", "&amp;"])
    other = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/"), max_size=3)

    @given(st.lists(st.one_of(markup, other), min_size=1).map("".join).filter(bool))
    @example("<img src=x onerror=alert(1)>")
    @example("&lt;")
    @example(" ")
    @example("\\")
    @example("\u00e9\u4e2d\U0001f600")
    def check(name):
        text = client.get("/user/" + quote(name, safe="")).text
        assert "<" not in text
        assert html.unescape(text) == f"Hello, {name}!"

    check()
