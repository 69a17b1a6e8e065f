import subprocess

import pytest

from textbook import live


@pytest.mark.claim("C1")
def test_source_app_without_decorator_answers_404(chapter):
    response = chapter.create_source_app().test_client().get("/")
    assert response.status_code == 404


@pytest.mark.claim("C2")
def test_restored_app_says_hello(client):
    response = client.get("/")
    assert (response.status_code, response.text) == (200, "Hello, Flask!")
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.claim("C3")
def test_a_returned_string_becomes_a_200_html_response(app):
    app.add_url_rule("/plain", "plain", lambda: "just text")
    response = app.test_client().get("/plain")
    assert (response.status_code, response.mimetype) == (200, "text/html")


@pytest.mark.claim("C4")
def test_flask_command_finds_the_factory(chapter, monkeypatch):
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")  # the CLI sets it; monkeypatch undoes it

    assert not hasattr(chapter, "app")
    result = CliRunner().invoke(FlaskGroup(), ["--app", "chapters.ch05_basic_app", "routes"])
    assert result.exit_code == 0, result.output
    assert [line.split() for line in result.output.splitlines()[2:]] == [
        ["hello", "GET", "/"], ["static", "GET", "/static/<path:filename>"]]


@pytest.mark.claim("C5")
def test_flask_routes_in_a_real_process(tmp_path):
    result = subprocess.run(
        [live.executable("flask"), "--app", "chapters.ch05_basic_app", "routes"],
        capture_output=True, text=True, env=live.book_environment(), cwd=tmp_path, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert ["hello", "GET", "/"] in [line.split() for line in result.stdout.splitlines()]
