"""
Q: How do you use the Flask debugger?

A: Debug mode is switched on when the app is started: ``flask --app chapters.ch30_debugger run
--debug``, or ``FLASK_DEBUG=1`` in the environment. It does three things on the development
server. The interactive debugger: an unhandled exception returns a page with the traceback
and a Python console in every frame, locked by a PIN that the server prints to its log; once
the PIN is entered, the console runs the visitor's Python inside the server's process. The
reloader: when a source file changes the server restarts and serves the new code. With the
``watchdog`` package installed, as the book installs it, it hears of the change from the
operating system at once ("Restarting with watchdog (inotify)" on Linux); without it, Werkzeug
looks at every file's time once a second ("Restarting with stat"; not proven here). And debug behaviour in the app: ``app.debug`` is true, so an
exception propagates out of the app (to the server's debugger) instead of becoming a plain 500.

The source says to set ``app.debug = True`` in code. Under ``flask run``, that line is
overridden: the command sets ``app.debug`` from ``--debug``/``FLASK_DEBUG`` after loading the
app, so the server runs without the debugger and an error is a plain 500. The line does reach
an app that no ``flask`` command loads (one made directly, as a script calling ``app.run()``
does). ``FLASK_ENV``, which older answers use, no longer turns debug on (Flask removed it in
2.3; the version history is not proven here).

Never let debug mode reach production (the book's advice): the console runs any Python code
the visitor types, and the PIN that guards it is in the server's log. An app without debug
answers an error with a generic 500 page and logs the traceback instead; Gunicorn has no
debugger at all (not proven here).

Claims:
  C1. Correction: ``app.debug = True`` in code is overridden by ``flask run``: the server says
      "Debug mode: off" and an error is a plain 500 with no traceback.
  C2. ``flask run --debug`` serves the interactive debugger: an error returns a 500 page naming
      the "Werkzeug Debugger" with the traceback, and the server prints a "Debugger PIN".
  C3. The debugger's console is locked by that PIN: a command sent without it reaches the app
      instead, and after the printed PIN is entered the same command runs, in every frame of
      the traceback, inside the server's process.
  C4. ``--debug`` also starts the reloader, watchdog's where that package is installed: the log
      says "Restarting with watchdog", and after a source file is edited the server restarts
      and serves the edited code.
  C5. ``FLASK_DEBUG=1`` makes a newly created app's ``debug`` true, so an exception propagates
      out of the app instead of becoming a 500; ``FLASK_ENV=development`` no longer does.
  C6. An app without debug answers an error with a 500 page that carries no traceback, no
      exception text and no debugger console, and logs the traceback.

Try it:
  $ flask --app chapters.ch30_debugger run --debug   → Debugger PIN:
  $ curl -i http://127.0.0.1:5000/boom               → 500 INTERNAL SERVER ERROR
  → Werkzeug Debugger
  # open http://127.0.0.1:5000/boom in a browser, click a frame's console icon, enter the PIN;
  # edit index() in chapters/ch30_debugger.py and save: the server logs "Detected change"
"""

from flask import Flask

TOPICS = ("debugging", "security", "serving", "command_line")
DELIBERATE_ERRORS = {"boom": "raises on purpose to show the debugger"}

# How "Try it" starts the server, and so the tests: flask --app ... run, plus these options,
# with these variables added to the environment (none: Werkzeug makes a PIN and prints it).
DEBUG_OPTIONS = ("--debug",)
DEBUG_ENVIRONMENT = {}


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
