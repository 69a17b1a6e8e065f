"""
Q: How do you use the Flask test client?

A: ``app.test_client()`` returns a client that calls the app directly as a WSGI application,
in the test's own thread: no server and no socket. Its ``get``, ``post``, ``put``, ``patch``,
``delete`` and ``open`` build a request (``query_string=``, ``data=`` for forms and files,
``json=``, ``headers=``), run it through the app, and return the response, whose
``status_code``, ``headers``, ``data`` (bytes), ``text`` and ``get_json()`` the test reads.
The client keeps cookies between requests, so a session set by one request is sent with the
next; ``session_transaction()`` sets the session directly, and ``follow_redirects=True``
follows redirects, keeping each hop in ``response.history``. ``app.test_cli_runner()`` does
the same for the app's ``flask`` commands.

The source's snippet runs as written, but its view lost its ``@app.route("/")``: it prints
Flask's 404 page, not the ``b'Hello, Flask!'`` its comment promises. Restored, it prints the
promised bytes.

Claims:
  C1. Correction: the source's snippet as written prints a 404 page (``b'<!doctype html>...404
      Not Found...'``), not ``b'Hello, Flask!'``.
  C2. With its decorator restored the same snippet prints ``b'Hello, Flask!'``.
  C3. Whatever text they carry (any that UTF-8 encodes), ``query_string=``, ``data=`` (a
      form), ``json=`` and ``data=`` with a file each reach the view where Flask puts them,
      unchanged: ``request.args``, ``request.form``, ``get_json()``, and ``request.files`` (the
      file's bytes, read by the view). JSON carries even a lone surrogate.
  C4. The client keeps cookies: a session set by one request is there in the next;
      ``session_transaction()`` sets one before any request.
  C5. ``follow_redirects=True`` returns the final response, with the redirect in ``history``.
  C6. Inside ``with client:``, ``request`` and ``session`` of the last request can be read after
      it; after the block, no request context is left.
  C7. ``app.test_cli_runner()`` runs a custom ``flask`` command and captures its output.
  C8. ``get``, ``post``, ``put``, ``patch`` and ``delete`` each send their own method, ``open``
      the one it is given, and ``headers=`` reach ``request.headers``.
  C9. The client calls the app in the test's own thread and opens no socket: with socket
      creation forbidden, a request still goes through the app and back.

Try it:
  $ flask --app chapters.ch31_test_client greet Ada   → Hello, Ada!
  $ pytest -q tests/test_ch31_test_client.py -p no:randomly   → passed
"""

import click
from flask import Flask, redirect, request, session, url_for

TOPICS = ("test_client", "command_line")


SOURCE_SNIPPET = """
from flask import Flask
app = Flask(__name__)
{decorator}def index():
    return "Hello, Flask!"
with app.test_client() as client:
    response = client.get('/')
    print(response.data)  # Output: b'Hello, Flask!'
"""


BOOK_HEADER = "X-Book"  # a header name matches in any case: "x-book" reads the same header

def run_source_snippet(restored=False):
    """Run the source's snippet, as copied or with its decorator restored."""
    code = SOURCE_SNIPPET.format(decorator='@app.route("/")\n' if restored else "")
    namespace = {"__name__": "snippet"}  # pragma: no mutate: it prints the same under any name
    exec(compile(code, "<snippet>", "exec"), namespace)  # pragma: no mutate: any file name, any namespace


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def echo():
        upload = request.files.get("file")
        return {"method": request.method, "header": request.headers.get(BOOK_HEADER),
                "args": request.args.to_dict(), "form": request.form.to_dict(),
                "json": request.get_json(silent=True),
                "file": [upload.filename, upload.read().decode()] if upload else None}

    @app.route("/login/<name>")
    def login(name):
        session["user"] = name
        return redirect(url_for("whoami"))

    @app.route("/whoami")
    def whoami():
        return {"user": session.get("user")}

    @app.cli.command("greet")
    @click.argument("name")
    def greet(name):
        click.echo(f"Hello, {name}!")

    return app

