"""
Q: What are the disadvantages of using Flask?

A: The source's one disadvantage is true: Flask's core has no database layer, no form
validation and no user accounts, so those jobs need extensions or your own code (chapters 1
and 6), and choosing, pinning and upgrading those packages becomes your work.

Two more limits surprise people in practice, and both are proven here:

- ``async def`` views need the ``async`` extra. Flask runs a coroutine view by handing it to
  ``asgiref``; without it installed (a plain ``pip install Flask`` does not install it), the
  first request to such a view raises ``RuntimeError: Install Flask with the 'async' extra in
  order to use async views.`` Even with it, each request still occupies a worker: Flask stays
  a WSGI framework.
- An app is set up before it serves. Once it has handled its first request, adding a route
  (or an error handler, a blueprint, a ``before_request`` hook) raises an ``AssertionError``
  instead of half-applying the change. Register everything in the factory.

Opinion: none of these is a reason to avoid Flask; they are the price of a small core, and the
extensions for the missing jobs are mature.

Claims:
  C1. A plain Flask app has no database or form-validation API: ``flask`` exports no ORM or
      form class, and the book's app needs an extension for them (it has none).
  C2. Correction (of a common belief that Flask supports ``async`` out of the box): an
      ``async def`` view raises ``RuntimeError`` asking for the ``async`` extra when
      ``asgiref`` is missing, as it is with a plain install.
  C3. A synchronous view in the same app works, and the async view is registered like any
      other: the failure comes only when it is called.
  C4. After the first request, ``app.route`` raises ``AssertionError``: "The setup method
      'route' can no longer be called on the application."
  C5. Routes registered in the factory, before any request, all work.

Try it:
  flask --app chapters.ch02_disadvantages run
  curl -i http://127.0.0.1:5000/async
"""

from flask import Flask

TOPICS = ("basics", "extensions", "async_views", "routing")
DELIBERATE_ERRORS = {"async_view": "an async view without asgiref fails by design (C2)"}


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

    return app
