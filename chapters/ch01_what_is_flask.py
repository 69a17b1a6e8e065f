"""
Q: What is Flask?

A: Flask is a Python web framework whose application object is a WSGI application: a callable
that takes the request as a WSGI ``environ`` dictionary and a ``start_response`` function,
and returns the body as an iterable of bytes. Any WSGI server can serve it (Werkzeug's
development server, Gunicorn, uWSGI), and nothing but that contract is needed to call it:
this chapter drives the app by hand, with no server and no test client.

"Micro" means a small core, not a small app. Flask itself brings URL routing, request and
response objects, Jinja templates, signed-cookie sessions, JSON, a command line and a test
client, on six libraries it declares (Werkzeug, Jinja2, MarkupSafe, itsdangerous, click,
blinker). It leaves out a database layer, form validation, user accounts and an admin: none of
its requirements provides one, and extensions fill those gaps (chapter 6).

Opinion: the source's "simple", "lightweight" and "flexible" are fair words for a small core
that prescribes no project layout, but they are judgements, not facts a test can check.

Claims:
  C1. The app is a plain WSGI callable: called with an environ and ``start_response``, it
      starts the response with ``200 OK`` and its headers, and returns the body as bytes.
  C2. The same call with another method or path gets what the URL map says: ``POST /`` is
      ``405 METHOD NOT ALLOWED`` and ``/missing`` is ``404 NOT FOUND``.
  C3. WSGI middleware wraps the app like any WSGI callable: a wrapper that adds a header is
      seen by every response.
  C4. The core includes routing, templates, sessions and JSON: one app uses all four with no
      extension.
  C5. Flask's requirements, and theirs, name no database, form-validation or
      user-account library.

Try it:
  flask --app chapters.ch01_what_is_flask run
  curl -i http://127.0.0.1:5000/
"""

from flask import Flask, jsonify, render_template_string, session

TOPICS = ("basics", "wsgi")


def add_header_middleware(wsgi_app, name, value):
    """WSGI middleware: any callable with the same signature can wrap the app."""

    def middleware(environ, start_response):
        def start_with_header(status, headers, exc_info=None):
            return start_response(status, [*headers, (name, value)], exc_info)

        return wsgi_app(environ, start_with_header)

    return middleware


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/")
    def index():
        return "Hello from a WSGI callable"

    @app.route("/hello/<name>")
    def hello(name):  # a template: Jinja ships with Flask, and escapes
        return render_template_string("<p>Hello, {{ name }}!</p>", name=name)

    @app.route("/visits")
    def visits():  # a session: a signed cookie, no extension
        session["visits"] = session.get("visits", 0) + 1
        return jsonify(visits=session["visits"])

    return app
