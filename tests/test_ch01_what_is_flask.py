import ast
import base64
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('@app.route("/")\n', '@app.route("/home")\n'),  # the page moved: / answers 404
    "C2": ('@app.route("/")\n', '@app.route("/", methods=["GET", "POST"])\n'),  # a method it never handles
    "C3": [("[*headers, (name, value)]", "[(name, value)]"),  # the middleware drops the app's headers
           ("(status, [*headers, (name, value)], exc_info)",
            "(status, [*headers, (name, value)])")],  # exc_info lost: the server cannot tell an error
    "C4": [('session["visits"] = session.get("visits", 0) + 1\n'
            '        return jsonify(visits=session["visits"])',
            'app.config["VISITS"] = app.config.get("VISITS", 0) + 1\n'
            '        return jsonify(visits=app.config["VISITS"])'),  # one counter shared by every client
           ("return jsonify(visits=", "return str(")],  # text, not JSON
    "C5": ("{{ name }}", "{{ name|safe }}"),  # markup from the URL reaches the page: XSS
    "C6": ('for r in declared if ";" not in r}', "for r in declared}"),  # extras counted as installed
}


def call_wsgi(app, method="GET", path="/"):
    """Call the app exactly as a WSGI server would, and collect what it answers."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    body = b"".join(app(environ, start_response))
    return started["status"], dict(started["headers"]), body


def top_level_imports(module):
    """The packages a module imports at its top level, read from its source."""
    names = set()
    for node in ast.parse(Path(module.__file__).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names - {"mutmut"}  # a mutation run's copy of the chapter imports mutmut


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
@pytest.mark.parametrize(("method", "path"), [("GET", "/"), ("POST", "/"), ("GET", "/missing")])
def test_wsgi_middleware_wraps_the_flask_app(app, chapter, method, path):
    wrapped = chapter.add_header_middleware(app, "X-Served-By", "middleware")
    status, headers, body = call_wsgi(app, method, path)
    assert call_wsgi(wrapped, method, path) == (status, {**headers, "X-Served-By": "middleware"}, body)


@pytest.mark.claim("C3")
def test_wsgi_middleware_passes_on_whatever_any_callable_starts_with(chapter):
    from hypothesis import example, given, strategies as st

    token = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1)
    value = st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]))
    header = st.tuples(token, value)
    failure = (ValueError, ValueError("boom"), None)

    @given(st.sampled_from(["200 OK", "302 FOUND", "404 NOT FOUND", "500 INTERNAL SERVER ERROR"]),
           st.lists(header), st.one_of(st.none(), st.just(failure)), header)
    @example("200 OK", [], None, ("X-A", ""))
    @example("500 INTERNAL SERVER ERROR", [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")], failure, ("X-A", "café"))
    def check(status, headers, exc_info, added):
        def inner(environ, start_response):
            start_response(status, headers, exc_info)
            return [b"body"]

        seen = []
        wrapped = chapter.add_header_middleware(inner, *added)
        assert wrapped({}, lambda *args: seen.append(args)) == [b"body"]
        assert seen == [(status, [*headers, added], exc_info)]

    check()


@pytest.mark.claim("C4")
def test_core_alone_routes_and_speaks_json_with_no_extension(app, chapter, client):
    assert client.get("/hello/ada").text == "<p>Hello, ada!</p>"
    response = client.get("/visits")
    assert (response.mimetype, response.get_json()) == ("application/json", {"visits": 1})
    assert app.extensions == {}
    assert top_level_imports(chapter) - sys.stdlib_module_names == {"flask"}


@pytest.mark.claim("C5")
def test_the_jinja_page_escapes_any_name(client):
    from urllib.parse import quote

    from hypothesis import example, given, strategies as st
    from markupsafe import escape

    markup = st.sampled_from("<>&\"'")
    names = st.text(st.one_of(markup, st.characters(exclude_characters="/", exclude_categories=["Cs"])),
                    min_size=1)

    @given(names)
    @example("<b>ada")
    @example("\"'&")
    @example(" ")
    @example("\\")
    @example("ünïcødé ✓")
    def check(name):
        response = client.get("/hello/" + quote(name, safe=""))
        assert response.text == f"<p>Hello, {escape(name)}!</p>"

    check()


@pytest.mark.claim("C4")
def test_the_session_is_a_signed_cookie_per_client(app, chapter):
    first, second = app.test_client(), app.test_client()
    assert [first.get("/visits").get_json()["visits"] for _ in range(2)] == [1, 2]
    assert second.get("/visits").get_json() == {"visits": 1}
    signature = first.get_cookie("session").value.partition(".")[2]
    forged = base64.urlsafe_b64encode(b'{"visits":41}').decode().rstrip("=")
    first.set_cookie("session", f"{forged}.{signature}")
    assert first.get("/visits").get_json() == {"visits": 1}  # the forged cookie was ignored
    with pytest.raises(RuntimeError, match="no secret key was set"):
        chapter.create_app({"TESTING": True}).test_client().get("/visits")


@pytest.mark.claim("C6")
def test_flask_requirements_bring_no_orm_validation_accounts_or_admin_library(chapter):
    direct = chapter.requirements("flask")
    assert direct == {"blinker", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug"}
    assert {name: chapter.requirements(name) for name in direct if chapter.requirements(name)} == {
        "jinja2": {"markupsafe"}, "werkzeug": {"markupsafe"}}
    assert not direct & {"sqlalchemy", "wtforms", "flask-login", "flask-sqlalchemy", "flask-admin"}
