import pytest

from textbook import live


def flask_run(tmp_path_factory, app, *options):
    argv = [live.executable("flask"), "--app", app, "run", "--port", "{port}", *options]
    return live.serve_command(argv, tmp_path_factory.mktemp("flask-run"))


@pytest.fixture(scope="module")
def source_server(tmp_path_factory):
    with flask_run(tmp_path_factory, "chapters.ch30_debugger:create_source_app") as server:
        yield server


@pytest.fixture(scope="module")
def debug_server(tmp_path_factory):
    with flask_run(tmp_path_factory, "chapters.ch30_debugger", "--debug") as server:
        server.wait_for_output("Debugger PIN", timeout=15)
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


@pytest.mark.claim("C3")
def test_flask_run_debug_starts_the_reloader(debug_server):
    assert "Restarting with stat" in debug_server.output()


@pytest.mark.claim("C4")
def test_flask_debug_variable_turns_debug_on(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert chapter.create_app().debug is True


@pytest.mark.claim("C4")
def test_flask_env_no_longer_turns_debug_on(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_ENV", "development")
    assert chapter.create_app().debug is False


@pytest.mark.claim("C5")
@pytest.mark.flask_config(TESTING=False)
def test_without_debug_the_error_page_reveals_nothing(client):
    response = client.get("/boom")
    assert response.status_code == 500
    for secret in ("Traceback", "the secret is 42", "ZeroDivisionError", "__debugger__", "console"):
        assert secret not in response.text
