
import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("    app = Flask(__name__)\n\n    def hello():",
           '    app = Flask(__name__)\n\n    @app.route("/")\n    def hello():'),  # the decorator restored
    "C2": ('@app.route("/")  # the line the source lacks', '@app.route("/hello")'),  # the page at another URL
    "C3": ('        return "Hello, Flask!"\n\n    return app\n',
           '        return {"message": "Hello, Flask!"}\n\n    return app\n'),  # a dict: JSON, not text
    "C4": [("def create_app(config=None):", "def create_app(config):"),  # the CLI calls it with no arguments
           ("def create_app(config=None):", "def build_app(config=None):")],  # a name the CLI does not look for
    "C5": [("def create_app(config=None):", "def build_app(config=None):"),
           ("def create_app(config=None):", "def create_app(config):")],
}


@pytest.mark.claim("C1")
def test_source_app_without_decorator_answers_404(chapter):
    app = chapter.create_source_app()
    assert app.test_client().get("/").status_code == 404
    assert [rule.endpoint for rule in app.url_map.iter_rules()] == ["static"]


@pytest.mark.claim("C2")
def test_restored_app_says_hello(client):
    response = client.get("/")
    assert (response.status_code, response.text) == (200, "Hello, Flask!")
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.claim("C3")
def test_a_returned_string_becomes_a_200_html_response(app, client):
    assert app.view_functions["hello"]() == "Hello, Flask!"
    app.add_url_rule("/hola", "hola", lambda: "¡Hola, Flask!")
    for path, text in [("/", "Hello, Flask!"), ("/hola", "¡Hola, Flask!")]:
        response = client.get(path)
        assert (response.status_code, response.content_type) == (200, "text/html; charset=utf-8")
        assert response.data == text.encode("utf-8")


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


# Started in the background when collection ends (textbook/live.py), its result read below.
FLASK_ROUTES = live.Background([live.executable("flask"), "--app", "chapters.ch05_basic_app", "routes"],
                               apart=True)


@pytest.mark.claim("C5")
def test_flask_routes_in_a_real_process(chapter):
    status, out, err = FLASK_ROUTES.result(chapter, timeout=30)
    assert status == 0, err
    assert ["hello", "GET", "/"] in [line.split() for line in out.splitlines()]
