"""
Q: How do you perform URL redirect in Flask?

A: A view returns ``redirect(location, code)``. It builds a small HTML response whose
``Location`` header is the location as given (a relative path stays relative) and whose status
is ``code``: 302 when the view gives none, on Flask 3.1. Flask's changelog for the next
feature release (3.2) moves the default to 303 (not proven here: 3.2 is not out), so a test of
the default names the version. The code decides what a client does with a POST: 301, 302 and
303 make it come back with a GET and no body, 307 and 308 make it repeat the POST with its
body. Build the location with ``url_for`` rather than typing a path, so a renamed URL cannot
leave a dangling redirect.

The source's snippet lost its ``@app.route`` decorator in copying; restored, it redirects
``/old-url`` to ``/new-url`` with a 302, the default. Its pattern becomes dangerous the moment
the location comes from the request: ``redirect(request.args["next"])`` is an open redirect,
sending a victim from your domain to any site an attacker names. Redirect only to a path on
your own site, and check it the way a browser reads it: the URL standard has a browser drop
tabs and newlines and read ``\\`` as ``/``, so ``/<tab>/host`` and ``/\\host`` both mean
``//host``, another host (the tests model those rules; no browser runs here).
Werkzeug's ``redirect`` happens to percent-encode a backslash, but it drops the tab too.

Claims:
  C1. The source's view, restored, calls ``redirect("/new-url")`` with no code and answers
      ``GET /old-url`` with 302 and ``Location: /new-url``: 302 is ``redirect``'s default on
      Flask 3.1.
  C2. ``redirect`` sends a relative location as it is given: ``Location: /new-url``, not made
      absolute.
  C3. ``code=`` sets the status: 301, 302, 303, 307 and 308 are all sent as given.
  C4. Flask's test client, following a 301, 302 or 303 after a POST, comes back with a GET and
      no body; after a 307 or 308 it repeats the POST with the same body.
  C5. The test client's ``follow_redirects=True`` returns the final response, with every
      redirect it passed through, in order, in ``response.history``.
  C6. ``url_for`` builds the location from the endpoint's name and arguments: the legacy
      ``/item/7`` redirects permanently (301) to the URL the ``product`` endpoint has.
  C7. ``redirect(request.args["next"])`` is an open redirect: ``next=https://attacker.example/``
      sends the client there, and so does ``next=/<tab>/attacker.example/``: Werkzeug 3.1 drops
      the tab and sends ``Location: //attacker.example/``. ``/\\attacker.example/`` does not
      get out: Werkzeug 3.1 sends the backslash as ``%5C``.
  C8. The safe version sends the client to any path on the same site it is given:
      ``next=/products/3?tab=reviews`` goes there unchanged (non-ASCII, spaces and controls
      percent-encoded).
  C9. The safe version sends the client nowhere else: ``is_local_path`` accepts no ``next`` that
      the URL standard's rules read as another host or scheme (``//host``, ``/\\host``, ``/<tab>/host``,
      ``https://host``, ``javascript:``); those, and a missing ``next``, fall back to the home
      page, and for any ``next`` at all the client stays on the site.

Try it:
  $ flask --app chapters.ch09_redirects run
  $ curl -i http://127.0.0.1:5000/old-url                   → 302 FOUND
  → Location: /new-url
  $ curl -i -X POST -d x=1 -L http://127.0.0.1:5000/moved/307   → POST 'x=1'
  $ curl -i 'http://127.0.0.1:5000/unsafe-login?next=https://example.org/'
  → Location: https://example.org/  # an open redirect
  $ curl -i 'http://127.0.0.1:5000/login?next=https://example.org/'
  → Location: /
"""

from flask import Flask, redirect, request, url_for

TOPICS = ("redirects", "routing", "security")


def is_local_path(target):
    """True for a path on this site; false for anything a browser could read as another host."""
    # A browser drops tabs and newlines and reads "\" as "/": "/\t/host" and "/\\host" are "//host".
    if any(char in target for char in "\t\n\r\\"):
        return False
    return target.startswith("/") and not target.startswith("//")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})  # pragma: no mutate: no claim here reads a config value

    @app.route("/old-url")
    def old_url():  # the source's view, with its decorator restored: no code, the default
        return redirect("/new-url")

    @app.route("/moved/<any('301', '302', '303', '307', '308'):code>", methods=["GET", "POST"])
    def moved(code):  # the same redirect with the code the URL names, to compare them
        return redirect(url_for("new_url"), code=int(code))

    @app.route("/new-url", methods=["GET", "POST"])
    def new_url():
        return f"{request.method} {request.get_data(as_text=True)!r}"

    @app.route("/products/<int:product_id>")
    def product(product_id):
        return f"product {product_id}"

    @app.route("/item/<int:product_id>")
    def legacy_item(product_id):
        return redirect(url_for("product", product_id=product_id), code=301)

    @app.route("/unsafe-login")
    def unsafe_login():  # the source's pattern fed from the request: an open redirect
        return redirect(request.args["next"])

    @app.route("/login")
    def login():
        target = request.args.get("next", "")  # pragma: no mutate: any other default is not a local path either
        return redirect(target if is_local_path(target) else url_for("home"))

    @app.route("/")
    def home():
        return "home"

    return app
