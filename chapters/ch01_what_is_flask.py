"""
Q: What is Flask?

A: Flask is a Python web framework whose application object is a WSGI application: a callable
that takes the request as a WSGI ``environ`` dictionary and a ``start_response`` function,
and returns the body as an iterable of bytes. A WSGI server serves it (Werkzeug's development
server, or Gunicorn in chapter 25), and nothing but that contract is needed to call it: this
chapter drives the app by hand, with no server and no test client.

"Micro" means a small core, not a small app. Flask itself brings URL routing, Jinja templates
that escape markup, signed-cookie sessions and JSON responses (this chapter's app uses all
four), a command line (chapter 5) and a test client (chapter 31), on six libraries it declares
(Werkzeug, Jinja2, MarkupSafe, itsdangerous, click, blinker). It leaves out a database layer,
form validation, user accounts and an admin: none of its requirements, nor theirs, is such a
library, and extensions fill those gaps (chapter 6).

Opinion: the source's "simple", "lightweight" and "flexible" are fair words for a small core
that prescribes no project layout, but they are judgements, not facts a test can check.

Claims:
  C1. The app is a plain WSGI callable: called with an environ and ``start_response``, it
      starts the response with ``200 OK`` and its headers, and returns the body as bytes.
  C2. The same call with another method or path gets what the URL map says: ``POST /`` is
      ``405 METHOD NOT ALLOWED`` and ``/missing`` is ``404 NOT FOUND``.
  C3. WSGI middleware wraps the app like any WSGI callable: whatever status, headers and
      ``exc_info`` the wrapped callable starts with reach the server unchanged, plus the one
      header the middleware adds, on every response.
  C4. Routing, templates, sessions and JSON need no extension: the chapter's app uses all four,
      imports nothing outside ``flask`` and the standard library, and ``app.extensions`` stays
      empty; its session is a signed cookie, kept per client.
  C5. The template escapes any name taken from the URL: ``<``, ``>``, ``&``, ``"`` and ``'``
      come back as entities, everything else as it was sent.
  C6. Flask declares six requirements for every platform (blinker, click, itsdangerous,
      jinja2, markupsafe, werkzeug), those require only markupsafe, and none of them is a
      database, form-validation, user-account or admin library.

Try it:
  $ flask --app chapters.ch01_what_is_flask run
  $ curl -i http://127.0.0.1:5000/                → 200 OK
  → Hello from a WSGI callable
  $ curl -i 'http://127.0.0.1:5000/hello/<b>ada'  → <p>Hello, &lt;b&gt;ada!</p>
  $ curl -i http://127.0.0.1:5000/visits          → 500 INTERNAL SERVER ERROR  # no SECRET_KEY: sessions are signed
  $ python -c 'from chapters.ch01_what_is_flask import requirements; print(requirements("flask"))'
  → 'werkzeug'  # and the other five, in any order
"""

import re
from importlib import metadata

from flask import Flask, jsonify, render_template_string, session

TOPICS = ("basics", "wsgi")


def add_header_middleware(wsgi_app, name, value):
    """WSGI middleware: any callable with the same signature can wrap the app."""

    def middleware(environ, start_response):
        def start_with_header(status, headers, exc_info=None):
            return start_response(status, [*headers, (name, value)], exc_info)

        return wsgi_app(environ, start_with_header)

    return middleware


def requirements(name):
    """The distributions ``name`` needs on every platform: its metadata, markers left out."""
    declared = metadata.requires(name) or []
    return {re.match(r"[\w.-]+", r)[0].lower() for r in declared if ";" not in r}


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
