"""
Q: How do you perform URL redirect in Flask?

A: A view returns ``redirect(location, code)``. It builds a small HTML response whose
``Location`` header is the location exactly as given (a relative path stays relative) and whose
status is 302 by default on Flask 3.1; Flask's changelog for the next feature release (3.2)
moves the default to 303, so a test of the default names the version. The code you pass
decides what a client does with a POST: 301, 302 and 303 make it come back with a GET and no
body, 307 and 308 make it repeat the POST with its body. Build the location with ``url_for``
rather than typing a path, so a renamed URL cannot leave a dangling redirect.

The source's snippet lost its ``@app.route`` decorator in copying; restored, it redirects
``/old-url`` to ``/new-url`` with a 302. Its pattern becomes dangerous the moment the location
comes from the request: ``redirect(request.args["next"])`` is an open redirect, sending a
victim from your domain to any site an attacker names. Redirect only to a path on your own site.

Claims:
  C1. The source's view, restored, answers ``GET /old-url`` with 302 and ``Location: /new-url``
      on Flask 3.1.
  C2. ``redirect`` sends the location unchanged: a relative path is not made absolute.
  C3. ``code=`` sets the status: 301, 302, 303, 307 and 308 are all sent as given.
  C4. A client following a 301, 302 or 303 after a POST comes back with a GET and no body;
      after a 307 or 308 it repeats the POST with the same body.
  C5. The test client's ``follow_redirects=True`` returns the final response, with every
      redirect it passed through in ``response.history``.
  C6. ``url_for`` builds the location from the endpoint's name and arguments: the legacy
      ``/item/7`` redirects permanently (301) to the URL the ``product`` endpoint has.
  C7. ``redirect(request.args["next"])`` is an open redirect: it sends the client to another
      host.
  C8. The safe version redirects only to a path on the same site; any other ``next``,
      including ``//host`` and ``/\\host`` tricks, falls back to the home page.

Try it:
  flask --app chapters.ch09_redirects run
  curl -i http://127.0.0.1:5000/old-url
  curl -i 'http://127.0.0.1:5000/login?next=https://example.org/'
"""

from urllib.parse import urlsplit

from flask import Flask, redirect, request, url_for

TOPICS = ("redirects", "routing", "security")


def is_local_path(target):
    """True for a path on this site; false for anything a browser could read as another host."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in target):
        return False  # browsers drop tabs and newlines, turning "/\t/host" into "//host"
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/old-url", methods=["GET", "POST"])
    def old_url():  # the source's view, with its decorator restored
        return redirect("/new-url", code=request.args.get("code", 302, type=int))

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
        return redirect(request.args.get("next", "/"))

    @app.route("/login")
    def login():
        target = request.args.get("next", "")
        return redirect(target if is_local_path(target) else url_for("home"))

    @app.route("/")
    def home():
        return "home"

    return app
