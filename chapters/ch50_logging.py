"""
Q: How do you configure logging in Flask?

A: With Python's ``logging``, configured once, first thing in the process. Flask adds almost
nothing: ``app.logger`` is ``logging.getLogger(app.name)``, the standard logger named after the
app's import name (``chapters.ch50_logging`` here). Every app built with that name in one
process shares that one logger, and a module's ``logging.getLogger(__name__)`` inside the app's
package is its child, whose records reach the same handlers. The name was ``"flask.app"`` in
Flask 1.0 and is the app's name since 1.1 (pallets/flask#3282: not proven here). On 3.1 a
handler added to ``logging.getLogger("flask.app")``, as code written for 1.0 still does, never
sees the app's records, and nothing warns (1.1 did, pallets/flask#3284: not proven here).

The first time ``app.logger`` is used (here at the end of ``create_app``, which logs "created";
``Flask(...)`` alone does not touch it), Flask looks at the logger and its ancestors. If no
handler there would take a record at the logger's level, it adds ``flask.logging.
default_handler``: a ``StreamHandler`` that writes ``[time] LEVEL in module: message`` to the
request's ``wsgi.errors`` stream (the server's error log: Gunicorn's ``--error-logfile``), or to
``sys.stderr`` outside a request. ``module`` is the module that called the logger, so Flask's
own exception log says ``ERROR in app:`` after Flask's ``app.py``. If a handler is found
(``basicConfig``, ``dictConfig`` on the root logger, or pytest's capture handler in every test)
Flask adds none. If ``app.debug`` is true then and the logger has no level, Flask sets it to
DEBUG; otherwise the logger has none and inherits the root logger's WARNING, so
``app.logger.info(...)`` prints nothing until something sets a level. Both happen once, at
that first use: debug switched on later changes nothing, and a level set by one debug app stays
on the shared logger for the next app of the same name.

So configure logging before anything uses the logger: Flask's docs say before creating the
app, and the real line is the first use. Configured after, ``basicConfig`` prints every record
twice (Flask's handler, then the root logger's, through propagation), and ``dictConfig`` with
its default ``disable_existing_loggers=True`` disables the app's logger outright: nothing gets
out, exceptions included (Flask-Migrate's ``env.py`` does this with ``fileConfig``,
miguelgrinberg/Flask-Migrate#330: not proven here). ``create_app_with_logging`` below
configures first, and sets ``disable_existing_loggers`` to false so that a second configuration
(a test suite, a second app) does not silence the first app's logger.

An unhandled exception in a view is logged by Flask as ``Exception on /boom [GET]`` at ERROR,
with the traceback, before the 500 is sent, but only when Flask does not propagate it (with
``TESTING`` or debug on, it raises instead and logs nothing). An HTTP error (``abort(500)``) is
not logged, and an ``errorhandler`` for the exception takes it before Flask logs it. A handler
for ``Exception`` takes every error, and what is left in the log is what it logs: the specimen
``catch_every_error``, the pattern of ddavness/power-mailinabox#149 (whose author found no
exception in the log file), logs one line and no traceback.

The request lines (``"GET /hello HTTP/1.1" 200 -``) are not the app's: Werkzeug's development
server (``flask run``) writes them to the ``werkzeug`` logger. pallets/werkzeug#1343 asks how to
send "the Flask default output", those lines, through WSGI to Apache's log; a maintainer answers
that they come from the development server, and under any other server they do not exist.
Gunicorn logs none (its own access log, off by default, is turned on by ``--access-logfile``:
not proven here). benoitc/gunicorn#379 reports ``app.logger.info(...)`` missing from Gunicorn's
log files, as if Gunicorn dropped it. A warning logged in a request is in Gunicorn's error log
file, through ``wsgi.errors``; the ``info`` is dropped by the logger's level (WARNING) before any
handler sees it, under any server.

The filters below add the request to every record: ``RequestInfo`` sets the client's address,
the method and the URL while a request is active, and ``-`` otherwise (at startup, in a CLI
command). A formatter that reads ``request.url`` without ``has_request_context()`` fails
outside a request: logging prints "--- Logging error ---" and loses the record.

Never log secrets (opinion; the tests show what happens when you do). ``/login/naive`` logs the
whole form, so every failed login writes its password into the server's log, readable by
everyone who reads logs (PaloAltoNetworks/minemeld-core#310 is a Flask app that did this);
``/login`` logs the user name only. A secret in a URL is worse: the server's request line and
``request.url`` carry the query string whatever the view logs (projectsend/projectsend#687: a
password in a query string, in the web server's access log). The ``Redact`` filter is a safety
net, not a licence: on the handler, where it sees the records of every logger (a filter on
``app.logger`` never sees Werkzeug's), it replaces with ``***`` the values of secret-named keys
in a logged mapping and of secret-named parameters in any query string.

Claims:
  C1. ``app.logger`` is ``logging.getLogger(app.name)``, ``chapters.ch50_logging``: one logger
      for every app of that name in the process; ``getLogger(app.name + ".views")`` is its
      child and its records reach the app logger's handlers. A handler on ``"flask.app"``
      (Flask 1.0's name) sees none of the app's records, and Flask 3.1 says nothing.
  C2. Flask adds ``default_handler`` at the first use of ``app.logger``, not at ``Flask(...)``,
      and only if no handler on the logger or its ancestors would take a record at the
      logger's level: with a handler on the root logger (pytest puts one there in every test)
      it adds none, and neither does an app created before logging is configured whose logger
      was not used yet.
  C3. The default handler writes ``[time] LEVEL in module: message`` to the request's
      ``wsgi.errors`` stream during a request and to ``sys.stderr`` outside one; Flask's own
      exception log says ``ERROR in app:``, the module that calls it.
  C4. The logger's level: DEBUG when the app is in debug mode at the first use and the logger
      has none; otherwise none, so the root logger's WARNING drops ``app.logger.info``. Set
      once: debug turned on later changes nothing, and a debug app's DEBUG stays on the shared
      logger for the next app of that name.
  C5. Configured after the first use, ``basicConfig`` prints every record twice and
      ``dictConfig``'s default ``disable_existing_loggers=True`` silences the app's logger,
      exceptions included. ``create_app_with_logging`` configures first: each record once, in
      its format, and a second app still logs.
  C6. An unhandled exception is logged at ERROR as ``Exception on /boom [GET]`` with its
      traceback and answered 500, only when exceptions do not propagate (``TESTING`` and debug
      off). ``abort(500)`` is not logged; an ``errorhandler`` takes the exception first and
      nothing is logged unless it logs (``/upstream`` logs with the traceback).
  C7. Correction: pallets/werkzeug#1343 takes the request lines for the app's output, to be sent
      through WSGI, and benoitc/gunicorn#379 blames Gunicorn for ``app.logger.info`` missing
      from its log files. ``flask run`` logs ``"GET /hello HTTP/1.1" 200 -`` on the
      ``werkzeug`` logger; Gunicorn serving the same app logs no request line, and its
      ``--error-logfile`` holds the app's warnings and ``Exception on /boom [GET]``, not the
      ``info``, which the logger's level drops under either server.
  C8. ``RequestInfo`` gives every record the client's address, the method and the URL during a
      request and ``-`` outside one; a formatter that reads ``request`` without
      ``has_request_context()`` loses a record logged outside a request ("--- Logging error
      ---").
  C9. ``/login/naive`` writes the password into the server's error log, where anyone who reads
      logs reads it; ``/login`` writes the user name only.
  C10. ``Redact`` masks, for any input, the value of every key or query parameter whose name
      contains password, token or secret (any case): in a logged mapping, in the message (a
      request line like Werkzeug's) and in the URL ``RequestInfo`` adds.
  C11. Where the filter sits decides what it sees: on the root logger's handler it masks every
      logger's records, so ``flask run`` logs ``"GET /reset?token=*** HTTP/1.1"``; on
      ``app.logger`` it never sees Werkzeug's request line, which keeps the token.

Try it:
  $ flask --app chapters.ch50_logging run
  $ curl -s http://127.0.0.1:5000/hello   → hello  # the server prints "GET /hello HTTP/1.1" 200 -
  $ curl -i http://127.0.0.1:5000/boom   → 500 INTERNAL SERVER ERROR  # on purpose: C6
  # the server's terminal shows: ERROR in app: Exception on /boom [GET], then the traceback
  $ flask --app chapters.ch50_logging:create_app_with_logging run --port 5001
  → INFO - - - chapters.ch50_logging: created chapters.ch50_logging
  $ curl -s 'http://127.0.0.1:5001/reset?token=s3cret'   → check your mail
  # its terminal shows "GET /reset?token=*** HTTP/1.1" 200, the token masked
  $ flask --app chapters.ch50_logging shell
  >>> app.logger.name, app.logger.getEffectiveLevel()   → ('chapters.ch50_logging', 30)
  >>> app.test_client().get("/boom").status_code   → ERROR in app: Exception on /boom [GET]
  → 500
"""

import logging
import logging.config
import re
from collections.abc import Mapping

from flask import Flask, abort, has_request_context, request

TOPICS = ("logging",)
DELIBERATE_ERRORS = {
    "boom": "raises on purpose: Flask logs the exception and answers 500 (C6)",
    "aborted": "abort(500) on purpose: an HTTP error, which Flask does not log (C6)",
}

SECRET = re.compile("password|token|secret", re.IGNORECASE)
# In a query string a value runs to the next "&" or space: both stay percent-encoded in
# request.url and in Werkzeug's request line.
SECRET_PARAMETER = re.compile(r"([?&][^=&\s]*(?:password|token|secret)[^=&\s]*=)[^&\s]*", re.IGNORECASE)


def hide_secrets(text):
    return SECRET_PARAMETER.sub(r"\1***", text)


def masked(value):
    if isinstance(value, Mapping):
        return {key: "***" if SECRET.search(str(key)) else item for key, item in value.items()}
    return value


class RequestInfo(logging.Filter):
    """Adds the request to every record: ``remote_addr``, ``method``, ``url``; ``-`` outside one."""

    def filter(self, record):
        inside = has_request_context()  # at startup, in a command or a thread there is no request
        record.remote_addr = request.remote_addr if inside else "-"
        record.method = request.method if inside else "-"
        record.url = hide_secrets(request.url) if inside else "-"  # the query string can hold a token
        return True


class Redact(logging.Filter):
    """Masks secrets in the message: a logged mapping's secret values, a query's secret values."""

    def filter(self, record):
        if isinstance(record.args, Mapping):  # logger.info("%s", form): logging unwraps the mapping
            record.args = masked(record.args)
        elif record.args:
            record.args = tuple(masked(arg) for arg in record.args)
        record.msg, record.args = hide_secrets(record.getMessage()), None
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,  # a logger that exists already (an earlier app's) keeps working
    "filters": {"request": {"()": RequestInfo}, "redact": {"()": Redact}},
    "formatters": {"request": {
        "format": "[%(asctime)s] %(levelname)s %(remote_addr)s %(method)s %(url)s %(name)s: %(message)s"}},
    "handlers": {"wsgi": {  # on the root logger's handler: the filters see every logger's records
        "class": "logging.StreamHandler", "stream": "ext://flask.logging.wsgi_errors_stream",
        "formatter": "request", "filters": ["request", "redact"]}},
    "root": {"level": "INFO", "handlers": ["wsgi"]},
}


class NaiveRequestFormatter(logging.Formatter):
    """A specimen of the wrong way: it reads ``request`` whether or not a request is active."""

    def format(self, record):
        record.url = request.url
        return super().format(record)


def catch_every_error(app):
    """A specimen (the pattern of ddavness/power-mailinabox#149): one handler for every exception,
    with a log line of its own. Flask never logs the exception, so its traceback is lost."""

    @app.errorhandler(Exception)
    def every_error(error):
        app.logger.error("Exception")
        return "something went wrong", 500


class UpstreamError(Exception):
    """A service this app calls has failed."""


def create_app_with_logging():
    """What a server loads (``flask --app chapters.ch50_logging:create_app_with_logging``,
    ``gunicorn 'chapters.ch50_logging:create_app_with_logging()'``): logging first, then the app."""
    logging.config.dictConfig(LOGGING)
    return create_app()


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.get("/hello")
    def hello():
        app.logger.info("said hello")  # INFO: dropped unless a level lets it through
        return "hello"

    @app.get("/boom")
    def boom():  # unhandled: Flask logs it and answers 500
        raise RuntimeError("the database is gone")

    @app.get("/aborted")
    def aborted():  # an HTTP error is a response: Flask logs nothing
        abort(500)

    @app.get("/upstream")
    def upstream():
        raise UpstreamError("the payment service timed out")

    @app.errorhandler(UpstreamError)
    def upstream_failed(error):  # a handler takes the exception before Flask could log it
        app.logger.exception("upstream failed")
        return {"error": "upstream failed"}, 502

    @app.post("/login/naive")
    def login_naive():  # the whole form logged: the password with it
        app.logger.warning("failed login: %s", request.form.to_dict())
        return "", 401

    @app.post("/login")
    def login():  # only what a reader of the log needs
        app.logger.warning("failed login for %r", request.form.get("user"))
        return "", 401

    @app.get("/reset")
    def reset():  # a token in the URL: the server's request line records it
        app.logger.info("reset link used")
        return "check your mail"

    app.logger.info("created %s", app.name)  # the logger's first use: logging is configured by now
    return app
