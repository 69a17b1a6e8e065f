"""
Q: How do you handle errors in Flask?

A: Register a handler with ``@app.errorhandler(code_or_exception)``. When a view raises an
``HTTPException`` (``abort(404)``, or the 404 and 405 that routing raises) or an exception of
a registered class, Flask calls the handler with the exception and sends what it returns. The
handler's return value is a normal response: a handler that returns only a body answers 200,
so the status code must be returned with it.

The source's handlers, with their lost decorators restored, render ``404.html``, a template the
source never shows. Without it, the 404 handler itself raises ``TemplateNotFound`` and the
client gets a 500 instead of a 404. The book ships the template (here from a ``DictLoader``).

An exception nobody handles becomes a 500, and the 500 handler runs, but only when Flask does
not propagate exceptions. ``PROPAGATE_EXCEPTIONS`` decides; left unset, it follows ``TESTING``
and ``DEBUG``, so under either the exception is raised into the caller (a test fails loudly,
the debugger shows it) and the 500 handler never runs. To test the 500 handler under
``TESTING``, set ``PROPAGATE_EXCEPTIONS=False``. A catch-all ``errorhandler(Exception)`` also
catches the HTTP exceptions, so a plain 404 comes out as the catch-all's 500 unless the handler
passes ``HTTPException`` through.

The source's second snippet (its ``try:`` line restored) has two faults. With the plain rule
``/divide/<num>`` the number arrives as a string, so ``10 / num`` always raises ``TypeError``
and its ``except Exception`` answers every request with the exception's text and status 200.
Echoing exception text tells a client about the code's insides; the book's view takes an
``int``, turns a zero into a 400, and lets anything unexpected reach the 500 handler, which
sends a generic body; Flask has already logged the traceback for the operator.

Claims:
  C1. A 404 handler with its template answers 404 with the custom page; the path in it is
      escaped.
  C2. Correction: the source's 404 handler without ``404.html`` turns every 404 into a 500 (the
      handler raises ``TemplateNotFound: 404.html``); given the template, the same handler
      answers 404.
  C3. A handler that returns only a body answers 200: the status is lost.
  C4. An unhandled exception is raised into the caller, and the 500 handler does not run, when
      ``PROPAGATE_EXCEPTIONS`` is true, or when it is unset and ``TESTING`` or ``DEBUG`` is on.
  C5. Otherwise, the client gets a 500 with the 500 handler's body: with all three off, and with
      ``PROPAGATE_EXCEPTIONS=False`` even under ``TESTING``.
  C6. A handler registered for an exception class answers for it and its subclasses, and gets
      the exception that was raised.
  C7. A catch-all ``errorhandler(Exception)`` turns a 404 into its 500 unless it passes
      ``HTTPException`` through, which keeps the 404.
  C8. Correction: the source's ``/divide/<num>`` gets a string, so every request answers 200
      with ``An error occurred: unsupported operand type(s) ...``: the error text reaches the
      client and the status says success.
  C9. The book's ``/divide/<int:num>`` answers ``/divide/4`` with 2.5 and ``/divide/0`` with 400.
  C10. The book's 500 handler sends a generic body, with no exception text and no traceback;
      Flask itself logs the exception, traceback included, on ``app.logger``, before it calls
      the handler.

Try it:
  $ flask --app chapters.ch10_errors run
  $ curl -i http://127.0.0.1:5000/missing    → 404 NOT FOUND
  → <h1>Not found</h1><p>/missing</p>
  $ curl -i http://127.0.0.1:5000/divide/0   → 400 BAD REQUEST
  → Cannot divide by zero.
  $ curl -i http://127.0.0.1:5000/boom       → 500 INTERNAL SERVER ERROR  # the traceback is in the server's log
  → <h1>Something went wrong</h1>
"""

from flask import Flask, render_template, render_template_string
from jinja2 import DictLoader
from werkzeug.exceptions import HTTPException

TOPICS = ("errors",)
DELIBERATE_ERRORS = {"boom": "raises on purpose to show the 500 handler"}


class OutOfStock(LookupError):
    pass


class SoldOut(OutOfStock):
    pass


def create_source_app(config=None):
    """The source's two snippets, decorators and ``try:`` restored, in one app."""
    app = Flask(__name__)
    app.config.update(config or {})

    @app.errorhandler(404)
    def page_not_found(error):
        return render_template("404.html"), 404  # a template the source never shows

    @app.errorhandler(500)
    def internal_server_error(error):
        return "Internal Server Error", 500

    @app.route("/divide/<num>")
    def divide_by_zero(num):
        try:
            result = 10 / num  # pragma: no mutate: num is a str, so any number here raises alike
            return f"The result is: {result}"
        except ZeroDivisionError:
            return "Error: Cannot divide by zero."  # pragma: no mutate: dead, a str never gets here
        except Exception as e:
            return f"An error occurred: {str(e)}"

    return app


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    app.jinja_loader = DictLoader({"404.html": "<h1>Not found</h1><p>{{ request.path }}</p>"})

    @app.errorhandler(404)
    def not_found(error):
        return render_template("404.html"), 404

    @app.errorhandler(500)
    def server_error(error):
        return render_template_string("<h1>Something went wrong</h1>"), 500

    @app.errorhandler(OutOfStock)
    def out_of_stock(error):
        return {"error": "out of stock", "item": error.args[0], "kind": type(error).__name__}, 409

    @app.route("/divide/<int:num>")
    def divide(num):
        if num == 0:
            return "Cannot divide by zero.", 400
        return f"The result is: {10 / num}"

    @app.route("/items/<name>")
    def item(name):
        raise SoldOut(name) if name == "gold" else OutOfStock(name)

    @app.route("/boom")
    def boom():
        raise RuntimeError("database password is hunter2")

    return app


def create_lost_status_app():
    app = Flask(__name__)

    @app.errorhandler(404)
    def not_found(error):
        return "no such page"  # no status: the client gets 200

    return app


def create_catch_all_app(pass_http_exceptions):
    app = Flask(__name__)

    @app.errorhandler(Exception)
    def everything(error):
        if pass_http_exceptions and isinstance(error, HTTPException):
            return error  # an HTTPException is a response: keep its code
        return "oops", 500

    return app
