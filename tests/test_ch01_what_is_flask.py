import re
from importlib import metadata
from wsgiref.util import setup_testing_defaults

import pytest


def call_wsgi(app, method="GET", path="/"):
    """Call the app exactly as a WSGI server would, and collect what it answers."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    body = b"".join(app(environ, start_response))
    return started["status"], dict(started["headers"]), body


@pytest.mark.claim("C1")
def test_app_is_a_plain_wsgi_callable(app):
    status, headers, body = call_wsgi(app)
    assert (status, body) == ("200 OK", b"Hello from a WSGI callable")
    assert headers == {"Content-Type": "text/html; charset=utf-8", "Content-Length": "26"}


@pytest.mark.claim("C2")
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("POST", "/", "405 METHOD NOT ALLOWED"), ("GET", "/missing", "404 NOT FOUND")],
)
def test_wsgi_call_follows_the_url_map(app, method, path, status):
    assert call_wsgi(app, method, path)[0] == status


@pytest.mark.claim("C3")
def test_wsgi_middleware_wraps_the_app(app, chapter):
    wrapped = chapter.add_header_middleware(app, "X-Served-By", "middleware")
    assert call_wsgi(wrapped)[1]["X-Served-By"] == "middleware"
    assert call_wsgi(wrapped, path="/missing")[1]["X-Served-By"] == "middleware"


@pytest.mark.claim("C4")
def test_core_routes_renders_jinja_keeps_a_session_and_speaks_json(client):
    assert client.get("/hello/<b>ada").text == "<p>Hello, &lt;b&gt;ada!</p>"
    assert [client.get("/visits").get_json() for _ in range(2)] == [{"visits": 1}, {"visits": 2}]


def requirement_names(distribution):
    return {re.match(r"[A-Za-z0-9_.-]+", r).group().lower()
            for r in metadata.requires(distribution) or [] if "extra ==" not in r}


@pytest.mark.claim("C5")
def test_flask_requirements_bring_no_orm_validation_or_accounts_library():
    direct = requirement_names("flask")
    everything = direct.union(*(requirement_names(name) for name in direct if name != "importlib-metadata"))
    assert everything == {"blinker", "click", "importlib-metadata", "itsdangerous", "jinja2",
                          "markupsafe", "werkzeug"}
    assert not everything & {"sqlalchemy", "wtforms", "flask-login", "flask-sqlalchemy"}
