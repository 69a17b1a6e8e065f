"""
Q: Explain how to create a basic Flask application.

A: Create a ``Flask`` object, register a view function for a URL with ``@app.route``, and
point the ``flask`` command at the module. The source's snippet creates the app and defines
``hello``, but its ``@app.route("/")`` line was lost in copying: as written, no URL leads to
``hello``, and the app answers every request, ``/`` included, with 404 Not Found. With the
decorator restored, ``GET /`` answers 200 with ``Hello, Flask!`` as ``text/html``.

The ``flask`` command finds an app by the module name given to ``--app``: it looks for an
``app`` or ``application`` attribute, then for a ``create_app`` or ``make_app`` factory,
which it calls. This book's chapters use a factory, so the same module gives every test a
fresh app and ``flask --app chapters.ch05_basic_app routes`` lists its routes.

Opinion: a factory costs two lines over a module-level ``app`` and is worth them as soon as
an app has tests.

Claims:
  C1. Correction: the source's app as written, with no ``@app.route``, answers ``GET /`` with
      404: defining a function registers nothing.
  C2. Restored, ``GET /`` answers 200, ``text/html; charset=utf-8``, body ``Hello, Flask!``.
  C3. A view that returns a string gets status 200 and the ``text/html`` content type.
  C4. ``flask --app chapters.ch05_basic_app routes`` finds the ``create_app`` factory and lists
      the ``hello`` endpoint at ``/``, without the module having an ``app`` attribute.
  C5. The same command works as a real process: ``flask --app chapters.ch05_basic_app routes``
      exits 0 and prints the route.

Try it:
  flask --app chapters.ch05_basic_app routes
  flask --app chapters.ch05_basic_app run
  curl -i http://127.0.0.1:5000/
"""

from flask import Flask

TOPICS = ("basics", "command_line")


def create_source_app():
    """The source's snippet exactly as copied: the decorator is missing."""
    app = Flask(__name__)

    def hello():
        return "Hello, Flask!"

    return app


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/")  # the line the source lost
    def hello():
        return "Hello, Flask!"

    return app
