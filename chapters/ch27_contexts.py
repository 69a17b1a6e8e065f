"""
Q: (Added: the source has no question 27.) What are the application and request contexts?

A: Flask's ``current_app``, ``g``, ``request`` and ``session`` are proxies: module-level names
that point at the app and the request being handled right now. They work only while a context
is pushed. The application context makes ``current_app`` and ``g`` work; the request context
makes ``request`` and ``session`` work, and pushes an application context too. Flask pushes
both for every request and pops them when the response is done; the ``flask`` command pushes
an application context around each command registered with ``app.cli.command`` (``whoami``
below), a fresh one for every run; outside them, touching a proxy raises ``RuntimeError``
("Working outside of application context." or "... request context.").

``g`` belongs to the application context, so on Flask 3.1 it lasts one request: a value set in
one request is gone in the next. The exception is a test or script that already has an
application context pushed when it sends requests: Flask 3.1 reuses that context, so ``g``
carries over from one request to the next, and the CLI reuses it for commands the same way.
(Flask's changelog for 3.2 merges the two contexts, and this behaviour is version-bound.)

``teardown_request`` and ``teardown_appcontext`` functions run when a context is popped, after
the response, even when the view raised, and receive the exception (``None`` otherwise). The
test client pops the contexts at the end of each request. Inside ``with client:`` the last
request's contexts stay readable, so the test can read ``request``, ``session`` and ``g``
after the response, until the block exits. Contrary to a common reading of the docs (teardown
"waits" for the block), on Flask 3.1 the teardown functions have already run at the end of the
request, and they run a second time when the block exits: a teardown that must run once has to
tolerate that in tests.

Claims:
  C1. Outside any context, ``current_app`` and ``g`` raise "Working outside of application
      context." and ``request`` and ``session`` raise "Working outside of request context."
  C2. An application context makes ``current_app`` and ``g`` work but not ``request``; a request
      context makes all four work (``session`` with the ``SECRET_KEY`` the app is configured
      with).
  C3. ``g`` lasts one request: the same counter in ``g`` reads 1 on every request.
  C4. With an application context already pushed, Flask 3.1 shares ``g`` between requests: the
      counter reads 1, then 2.
  C5. Teardown functions run after the view, even when it raised, and receive the exception.
  C6. Inside ``with client:`` the last request's ``request`` and ``session`` stay readable
      after the response; on Flask 3.1 the teardown functions have already run once, and run
      again when the block exits.
  C7. The ``flask`` command pushes an application context around each command registered with
      ``app.cli.command``: ``flask whoami`` reads ``current_app`` and ``g``, and ``g`` starts
      empty on every run; inside an application context already pushed (a test's), the
      command reuses it, and ``g`` counts on. ``flask shell`` runs its console inside one too.

Try it:
  $ flask --app chapters.ch27_contexts whoami   → chapters.ch27_contexts, run 1
  $ flask --app chapters.ch27_contexts shell
  >>> g   → <flask.g of 'chapters.ch27_contexts'>
  $ python -c 'from flask import request; request.path'
  → RuntimeError: Working outside of request context.
"""

import click
from flask import Flask, current_app, g, request, session

TOPICS = ("contexts",)
DELIBERATE_ERRORS = {"fail": "raises on purpose to show teardown receiving the exception"}


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    app.extensions["teardowns"] = []  # what the teardown functions saw, for the reader to check

    @app.route("/count")
    def count():
        g.count = g.get("count", 0) + 1
        return str(g.count)

    @app.route("/remember/<name>")
    def remember(name):
        session["name"] = name
        return f"remembered {len(name)} characters"

    @app.route("/fail")
    def fail():
        raise ValueError("the view failed")

    @app.cli.command("whoami")
    def whoami():
        g.runs = g.get("runs", 0) + 1
        click.echo(f"{current_app.name}, run {g.runs}")

    @app.teardown_request
    def after_request_context(error):
        app.extensions["teardowns"].append(("request", request.path, repr(error)))

    @app.teardown_appcontext
    def after_app_context(error):
        app.extensions["teardowns"].append(("app", repr(error)))

    return app
