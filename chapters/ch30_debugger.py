"""
Q: How do you use the Flask debugger?

A: Debug mode is switched on when the app is started: ``flask --app chapters.ch30_debugger run
--debug``, or ``FLASK_DEBUG=1`` in the environment. It does three things on the development
server: the interactive debugger (an unhandled exception returns a page with the traceback and
a Python console in every frame, unlocked by a PIN that the server prints), the reloader (the
server restarts when a source file changes; its log says "Restarting with stat"), and debug
behaviour in the app (``app.debug`` is true, so exceptions propagate to the server's debugger
instead of being turned into a plain 500).

The source says to set ``app.debug = True`` in code. Under ``flask run``, that line is
overridden: the command sets ``app.debug`` from ``--debug``/``FLASK_DEBUG`` after loading the
app, so the server runs without the debugger and an error is a plain 500. The source's line only
takes effect with ``app.run()`` in a script. ``FLASK_ENV``, which older answers use, was removed
in Flask 2.3 and does nothing.

Never let debug mode reach production. The console runs any Python code the visitor types, as
the server's user; the PIN is the only lock, and the server prints it to its log. A production
server (debug off, or Gunicorn, which has no debugger) shows a generic error page and logs the
traceback instead.

Claims:
  C1. Correction: ``app.debug = True`` in code is overridden by ``flask run``: the server says
      "Debug mode: off" and an error is a plain 500 with no traceback.
  C2. ``flask run --debug`` serves the interactive debugger: an error returns a 500 page naming
      the "Werkzeug Debugger" with the traceback, and the server prints a "Debugger PIN".
  C3. ``--debug`` also starts the reloader: the log says "Restarting with stat".
  C4. ``FLASK_DEBUG=1`` makes a newly created app's ``debug`` true; ``FLASK_ENV=development``
      no longer does.
  C5. The page of a server without debug carries no traceback, no exception text and no
      debugger console.

Try it:
  flask --app chapters.ch30_debugger run --debug
  curl -i http://127.0.0.1:5000/boom
"""

from flask import Flask

TOPICS = ("debugging", "security", "serving", "command_line")
DELIBERATE_ERRORS = {"boom": "raises on purpose to show the debugger"}


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    if app.config.get("SOURCE_DEBUG_IN_CODE"):
        app.debug = True  # the source's approach, for create_source_app only

    @app.route("/boom")
    def boom():
        raise ZeroDivisionError("the secret is 42")

    @app.route("/")
    def index():
        return f"debug={app.debug}"

    return app


def create_source_app():
    """The source's way: ``app.debug = True`` written in the code."""
    return create_app({"SOURCE_DEBUG_IN_CODE": True})
