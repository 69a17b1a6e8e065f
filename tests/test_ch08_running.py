import html
import sys
from urllib.parse import quote

import pytest

from textbook import live

DEV_SERVER_WARNING = "WARNING: This is a development server. Do not use it in a production deployment."


@pytest.fixture(scope="module")
def flask_run(tmp_path_factory):
    argv = [live.executable("flask"), "--app", "chapters.ch08_running", "run", "--port", "{port}"]
    with live.serve_command(argv, tmp_path_factory.mktemp("flask-run")) as server:
        yield server


@pytest.fixture(scope="module")
def app_run(tmp_path_factory):
    port = live.free_port()
    argv = [sys.executable, "-m", "chapters.ch08_running"]
    with live.serve_command(argv, tmp_path_factory.mktemp("app-run"), env={"PORT": str(port)}, port=port) as server:
        yield server


@pytest.mark.claim("C1")
def test_flask_run_serves_over_real_http(flask_run):
    status, headers, body = flask_run.request("GET", "/user/ada")
    assert (status, body) == (200, b"Hello, ada!")


@pytest.mark.claim("C2")
def test_app_run_serves_over_real_http(app_run):
    status, headers, body = app_run.request("GET", "/user/ada")
    assert (status, body) == (200, b"Hello, ada!")


@pytest.mark.claim("C3")
def test_both_print_the_development_server_warning(flask_run, app_run):
    assert DEV_SERVER_WARNING in flask_run.wait_for_output(DEV_SERVER_WARNING, timeout=5)
    assert DEV_SERVER_WARNING in app_run.wait_for_output(DEV_SERVER_WARNING, timeout=5)
    assert f"Running on http://127.0.0.1:{flask_run.port}" in flask_run.output()


@pytest.mark.claim("C4")
def test_source_view_greets_as_html(client):
    response = client.get("/source/user/ada")
    assert (response.text, response.mimetype) == ("Hello, ada!", "text/html")


@pytest.mark.claim("C5")
def test_source_view_reflects_a_script(client):
    response = client.get("/source/user/<img src=x onerror=alert(1)>")
    assert response.text == "Hello, <img src=x onerror=alert(1)>!"


@pytest.mark.claim("C6")
def test_book_view_escapes_any_name(app):
    from hypothesis import given, strategies as st

    client = app.test_client()

    markup = st.sampled_from("<>&\"'")  # weighted in: random text rarely holds them
    other = st.characters(exclude_categories=["Cs"], exclude_characters="/")

    @given(st.text(st.one_of(markup, other), min_size=1))
    def check(name):
        text = client.get("/user/" + quote(name, safe="")).text
        assert "<" not in text
        assert html.unescape(text) == f"Hello, {name}!"

    check()
