"""
Q: What are the disadvantages of using Flask?

A: The source's one disadvantage is true: Flask's core has no database layer, no form
validation and no user accounts, so those jobs need extensions or your own code (chapters 1
and 6), and choosing, pinning and upgrading those packages becomes your work.

Two more limits surprise people in practice, and both are proven here:

- ``async def`` views need the ``async`` extra. Flask runs a coroutine view by handing it to
  ``asgiref``; without it installed (a plain ``pip install Flask`` does not install it, chapter
  4), every request to such a view raises ``RuntimeError: Install Flask with the 'async' extra
  in order to use async views.`` Even with it, each request still occupies a worker: Flask
  stays a WSGI framework (chapter 40).

  This book installs the extra on purpose, for chapter 40, so here asgiref is importable and the
  same view answers 200. To prove what a plain install does without a second environment, the
  test runs the real ``flask run`` in a child process whose import path starts with a folder
  holding a module named ``asgiref`` that refuses to load, exactly as a missing package does
  (``ModuleNotFoundError``); Try it below does the same by hand.
- An app is set up before it serves. From its first request on, adding a route (or an error
  handler, a blueprint, a ``before_request`` hook) raises an ``AssertionError`` instead of
  half-applying the change, so a route added while serving, as a plugin loaded on demand might
  try, never appears. Register everything in the factory, or at least before the first request.

Opinion: none of these is a reason to avoid Flask; they are the price of a small core, and the
extensions for the missing jobs are mature.

Claims:
  C1. A plain Flask app has no database or form layer: no public name of ``flask`` mentions
      SQL, a database, a model, a form, a login, a user or an admin, and the chapter's app
      lists no extension in ``app.extensions``.
  C2. Correction (of a common belief that Flask supports ``async`` out of the box): an
      ``async def`` view raises ``RuntimeError`` asking for the ``async`` extra, on every
      request, when ``asgiref`` cannot be imported, as with a plain install: ``flask run`` in
      a process where asgiref is hidden answers ``/async`` with 500 and logs that error, while
      this book's own environment, which has the extra, answers 200.
  C3. The async view is registered and is a working coroutine function like any other: the
      failure comes only when Flask calls it, and a synchronous view in the same app works.
  C4. While the app serves a request, even its first, adding a route raises
      ``AssertionError``: "The setup method 'add_url_rule' can no longer be called on the
      application.", and the route is not added (``/late`` stays 404); after the first
      request, adding an error handler, a ``before_request`` hook or a blueprint raises too.
  C5. Before the first request, the same ``add_late_route`` call works: ``/late`` answers 200.

Try it:
  $ flask --app chapters.ch02_disadvantages run
  $ curl -i http://127.0.0.1:5000/sync       → 200 OK
  → sync works
  $ curl -i http://127.0.0.1:5000/async      → 200 OK  # this book installs the async extra
  # What a plain install does: hide asgiref behind a module that refuses to load, then run again.
  $ export PLAIN=$(mktemp -d)
  $ echo 'raise ModuleNotFoundError("No module named asgiref")' > $PLAIN/asgiref.py
  $ PYTHONPATH=$PLAIN:$PYTHONPATH flask --app chapters.ch02_disadvantages run --port 5001
  $ curl -i http://127.0.0.1:5001/async      → 500 INTERNAL SERVER ERROR  # on purpose: C2
  $ curl -i http://127.0.0.1:5000/register   → 500 INTERNAL SERVER ERROR  # on purpose: C4
  $ curl -i http://127.0.0.1:5000/late       → 404 NOT FOUND  # the route was never added
"""

from flask import Flask

TOPICS = ("basics", "extensions", "async", "routing")
DELIBERATE_ERRORS = {
    "async_view": "an async view without asgiref fails by design (C2)",
    "register": "adding a route while serving is refused by design (C4)",
}


def add_late_route(app):
    """Add ``/late``, as a plugin loaded after start-up might."""
    app.add_url_rule("/late", view_func=lambda: "added before serving")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/sync")
    def sync_view():
        return "sync works"

    @app.route("/async")
    async def async_view():
        return "async works only with the async extra"

    @app.route("/extensions")
    def extensions():
        return {"extensions": sorted(app.extensions)}

    @app.route("/register")
    def register():  # too late: the app is serving (C4)
        add_late_route(app)
        return "registered"  # pragma: no mutate: never reached, the line above raises (C4)

    return app
