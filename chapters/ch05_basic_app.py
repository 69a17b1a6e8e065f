"""
Q: Explain how to create a basic Flask application.

A: Create a ``Flask`` object, register a view function for a URL with ``@app.route``, and
point the ``flask`` command at the module. The source's snippet creates the app and defines
``hello``, but has no ``@app.route("/")`` line: as written, no URL leads to ``hello``, and
the app answers every request, ``/`` included, with 404 Not Found. With the decorator
restored, ``GET /`` answers 200 with ``Hello, Flask!`` as ``text/html``.

The ``flask`` command finds an app by the module name given to ``--app``: it takes an app
object the module holds (an ``app`` or ``application`` attribute, or its only ``Flask``
instance), and failing that calls a ``create_app`` or ``make_app`` factory with no arguments
(Flask's ``find_best_app``; this chapter proves the factory case, C4). This book's chapters
use a factory, so the same module gives every test a fresh app and ``flask --app
chapters.ch05_basic_app routes`` lists its routes.

Opinion: a factory costs two lines over a module-level ``app`` and is worth them as soon as
an app has tests.

Claims:
  C1. Correction: the source's app as written, with no ``@app.route``, answers ``GET /`` with
      404: defining a function registers nothing.
  C2. Restored, ``GET /`` answers 200, ``text/html; charset=utf-8``, body ``Hello, Flask!``.
  C3. A view may return a plain string: the chapter's ``hello`` returns one, and Flask makes
      it a 200 response of type ``text/html; charset=utf-8`` with the string UTF-8 encoded as
      the body (a non-ASCII string too).
  C4. ``flask --app chapters.ch05_basic_app routes`` finds the ``create_app`` factory, calls it
      with no arguments, and lists the ``hello`` endpoint at ``/``, without the module having an
      ``app`` attribute.
  C5. The same command works as a real process: ``flask --app chapters.ch05_basic_app routes``
      exits 0 and prints the route.

Try it:
  $ flask --app chapters.ch05_basic_app routes   → hello GET /
  $ flask --app chapters.ch05_basic_app run
  $ curl -i http://127.0.0.1:5000/               → 200 OK
  → Content-Type: text/html; charset=utf-8
  → Hello, Flask!
"""

from flask import Flask

TOPICS = ("basics", "command_line")


def create_source_app():
    """The source's snippet exactly as copied: the decorator is missing."""
    app = Flask(__name__)

    def hello():
        return "Hello, Flask!"  # pragma: no mutate: never called, no URL leads here (C1)

    return app


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/")  # the line the source lacks
    def hello():
        return "Hello, Flask!"

    return app
