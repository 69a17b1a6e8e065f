"""
Q: What does ``url_for`` do? How do you bust caches for static files?

A: ``url_for(endpoint, **values)`` runs the URL map backwards: from an endpoint's name (the view
function's name, ``"blueprint.view"`` in a blueprint) and values to a URL. Values named in the
rule fill its variables, percent-encoded; every other keyword becomes the query string (a list
repeats the key, ``None`` is left out); ``_anchor`` adds a fragment. An unknown endpoint or a
missing value raises ``BuildError``, which names the endpoint it guesses you meant or the values
you forgot. Inside a blueprint ``url_for(".index")`` means that blueprint's ``index``; in a view
of the app itself, the app's. Building rather than typing a URL means a moved rule, a
``static_url_path`` or a mount point under a prefix (``SCRIPT_NAME``) is followed everywhere.

Flask's quickstart says URL building "handles escaping of special characters transparently",
and tutorials such as https://www.javatpoint.com/flask-url-building repeat it. The query string
is escaped: any text comes back in ``request.args`` as it went in. A path variable is not quite:
Werkzeug 3.1 leaves ``/`` unescaped (pallets/flask#5286), so ``url_for("user", name="a/b")``
builds ``/users/a/b``, a 404, and escaping it yourself does not help: the server decodes
``%2F`` before routing (pallets/flask#2507). The ``path`` converter carries slashes, but
refuses a newline. Dot segments are not escaped either: ``url_for("file", name="docs/../secret")``
builds ``/files/docs/../secret``, which the test client hands to the view as it is and a
browser, following the URL standard, requests as ``/files/secret``.

In a request ``url_for`` gives a path; ``_external=True`` (or a ``_scheme``) gives a full URL
whose host is the request's ``Host`` header, which the client chooses: a password-reset link
built that way can point to an attacker's site. Flask 3.1's ``TRUSTED_HOSTS`` answers another
host with 400; ``SERVER_NAME`` makes the link use the configured name. Outside a request (a
``flask`` command, ``flask shell``, a worker) there is no request to take a host from, and
``url_for`` raises ``RuntimeError`` unless ``SERVER_NAME`` is set; then it builds a full URL by
default, with ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME``. Answers such as
LayerManager/layman#38 and flaskbb/flaskbb#622 say setting ``SERVER_NAME`` makes requests for
any other host 404: false since Flask 3.1 (pallets/flask#5634; the older behaviour is not
proven here).

Static files are served by the ``static`` endpoint at ``static_url_path`` (here ``/assets``;
by default ``/`` plus the folder's name). On Flask 3.1 ``SEND_FILE_MAX_AGE_DEFAULT`` is
``None``: the response says ``Cache-Control: no-cache`` and carries an ``ETag`` and
``Last-Modified``, so a browser asks again on every visit and gets ``304 Not Modified`` while
the file is unchanged: an edited stylesheet shows at once, with one round trip per file per
page. Werkzeug's ETag follows the file's modification time, not its bytes: a file copied
afresh is sent again in full.
https://runebook.dev/en/articles/flask/api/index/flask.Blueprint.get_send_file_max_age says the
default is 0, to set ``SEND_FILE_MAX_AGE``, and to pass ``cache_timeout`` to ``send_file``: the
default is ``None``, that key is ignored, and ``cache_timeout`` is a ``TypeError`` on Flask 3.1.
https://kenhuang.com/en/flask/static-files.html says browser caching hides CSS changes during
development; under the default it does not. A long max-age does: ``SEND_FILE_MAX_AGE_DEFAULT =
3600`` alone leaves browsers on the old file for an hour without asking.

Cache busting gets both: a URL that changes whenever the file's bytes change, served with a
long max-age. Here ``url_defaults`` adds ``v=`` and the first 12 hex digits of the file's SHA-256
to every ``url_for("static", ...)``, so templates stay as they are, and ``get_send_file_max_age``
answers a year for a URL whose ``v`` names the bytes on disk, ``no-cache`` for any other (a stale
or missing version never pins the wrong bytes). The version reads the file on every call; a real
deployment computes it once, at build time (opinion). A version from the modification time, as
https://leyaa.ai/codefly/learn/flask/part-1/flask-cache-busting-strategies/visualize builds it
(``int(os.path.getmtime(...))``), changes when a deployment touches a file it did not change and
stays the same for two edits within one second. ``url_for("static", filename="../x")`` builds a
URL without checking it; serving it is a 404, since ``send_from_directory`` joins the name safely.

Claims:
  C1. ``url_for`` fills the rule's variables and turns every other keyword into the query
      string (a list repeats its key, ``None`` is left out), ``_anchor`` into the fragment; an
      unknown endpoint raises ``BuildError`` "Did you mean 'user' instead?", a missing value
      "Did you forget to specify values ['name']?".
  C2. Every query value and key (any text; ``&``, ``=``, ``#``, ``+``, ``%`` and ``/``
      included) comes back in ``request.args`` as it was given to ``url_for``.
  C3. Correction: javatpoint.com says URL building escapes special characters; a path
      variable's value comes back for any non-empty text without ``/``, but ``/`` is left as it
      is (``name="a/b"`` builds ``/users/a/b``, a 404), and ``a%2Fb`` is a 404 too.
  C4. The ``path`` converter carries ``/``: any text that has no newline and does not start
      with ``/`` comes back; a newline is a 404. Neither converter escapes dot segments:
      ``name="docs/../secret"`` builds ``/files/docs/../secret``, which the test client hands
      the view as it is, while Chromium asks for ``/files/secret``.
  C5. In a request ``url_for`` builds a path; ``_external=True`` adds the scheme and the
      request's host, ``_scheme="https"`` implies ``_external``, and ``_scheme`` with
      ``_external=False`` raises ``ValueError``.
  C6. An external URL takes its host from the request's ``Host`` header: ``/forgot`` mails a
      link to ``attacker.example`` when asked with that host; with ``TRUSTED_HOSTS`` the request
      gets 400 "Host 'attacker.example' is not trusted.", with ``SERVER_NAME`` the link names
      the configured host.
  C7. Outside a request (an application context only) ``url_for`` raises ``RuntimeError``
      "Unable to build URLs outside an active request without 'SERVER_NAME' configured."; with
      ``SERVER_NAME``, ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME`` it builds
      ``https://shop.example/app/users/Ada`` by default, the path with ``_external=False``.
  C8. Correction: layman#38 and flaskbb#622 say ``SERVER_NAME`` makes requests for other hosts
      404; on Flask 3.1 a request for another host is answered (200).
  C9. ``url_for(".index")`` names the index of the request's blueprint (``/docs/`` in the
      ``docs`` blueprint) and the app's own ``index`` (``/``) in a view of the app.
  C10. ``url_for`` follows ``static_url_path`` and the mount point: the page links
      ``/assets/site.css?v=...`` and a typed ``/static/site.css`` is a 404; mounted at ``/shop``
      the links start with ``/shop`` and load. ``static_url_path`` defaults to the folder's name.
  C11. On Flask 3.1 a static file comes with ``Cache-Control: no-cache``, an ``ETag`` and
      ``Last-Modified``; ``If-None-Match`` with the ETag gets 304 and no body. The ETag is not a
      hash of the bytes: touching the file changes it, and the same bytes are sent again (200).
  C12. Correction: runebook.dev says the default max-age is 0, to set ``SEND_FILE_MAX_AGE``
      and to pass ``cache_timeout``; the default is ``None`` (``no-cache`` without
      ``max-age=0``), ``SEND_FILE_MAX_AGE`` changes nothing, ``send_file(cache_timeout=...)``
      raises ``TypeError``; ``SEND_FILE_MAX_AGE_DEFAULT = 3600`` sends ``public, max-age=3600``.
  C13. Correction: kenhuang.com says browser caching hides CSS changes in development; in
      Chromium, under Flask 3.1's default, an edited stylesheet shows on the next visit
      (Chromium revalidates every visit). With ``max-age=3600`` and no version Chromium keeps
      the old stylesheet and does not ask the server.
  C14. ``url_for("static", ...)`` adds ``v=`` and 12 hex digits of the file's SHA-256: the same
      bytes give the same URL whatever their modification time, any other bytes another URL.
      That URL gets ``max-age=31536000``; a stale or missing ``v`` gets ``no-cache``. In
      Chromium an unchanged stylesheet is not asked for again and an edited one shows at once.
  C15. Correction: leyaa.ai versions a file by its modification time in whole seconds: two
      edits within one second keep the URL, and touching an unchanged file changes it.
  C16. ``url_for("static", filename="../not-public.txt")`` builds ``/assets/../not-public.txt``
      unchecked; requesting it (or ``%2e%2e/``, ``..%2f``) is a 404, and the version reads no
      file outside the static folder.

Try it:
  $ flask --app chapters.ch46_url_building run
  $ curl -s http://127.0.0.1:5000/   → href="/assets/site.css?v=38032bc53aac"
  $ curl -si 'http://127.0.0.1:5000/assets/site.css?v=38032bc53aac'   → Cache-Control: public, max-age=31536000
  $ curl -si http://127.0.0.1:5000/assets/site.css   → Cache-Control: no-cache
  → ETag:
  $ curl -si http://127.0.0.1:5000/static/site.css   → 404 NOT FOUND
  $ curl -si --path-as-is http://127.0.0.1:5000/assets/../not-public.txt   → 404 NOT FOUND  # C16
  $ curl -s -H 'Host: attacker.example' http://127.0.0.1:5000/forgot   → http://attacker.example/reset/t0k3n  # C6
  $ flask --app chapters.ch46_url_building shell
  >>> app.url_for("user", name="Ada")   → RuntimeError: Unable to build URLs outside an active request without 'SERVER_NAME' configured.
  $ FLASK_SERVER_NAME=shop.example flask --app chapters.ch46_url_building shell
  >>> app.url_for("user", name="Ada Lovelace")   → 'http://shop.example/users/Ada%20Lovelace'
"""

import hashlib
import os
from pathlib import Path

from flask import Blueprint, Flask, render_template_string, request, url_for
from werkzeug.security import safe_join

TOPICS = ("url_for", "static")
FILES = Path(__file__).with_name("ch46_url_building_files")
YEAR = 365 * 24 * 60 * 60

PAGE = """<!doctype html>
<title>Shop</title>
<link rel="stylesheet" href="{{ url_for('static', filename='site.css') }}">
<p><a href="{{ url_for('user', name='Ada Lovelace') }}">Ada</a></p>
"""


def content_version(folder, filename):
    """12 hex digits of the file's SHA-256; None for a name outside ``folder`` or no file."""
    path = safe_join(str(folder), filename)  # never read a file the static route would refuse
    if path is None or not os.path.isfile(path):
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


class VersionedStatic(Flask):
    def get_send_file_max_age(self, filename):
        # A year only for the URL that names these very bytes; any other URL revalidates.
        version = request.args.get("v")
        if version and version == content_version(self.static_folder, filename):
            return YEAR
        return super().get_send_file_max_age(filename)  # pragma: no mutate: Flask's ignores the name


def create_app(config=None, static_folder=FILES / "static"):
    app = VersionedStatic(__name__, static_folder=static_folder, static_url_path="/assets")
    app.config["STATIC_VERSIONS"] = True
    app.config.from_prefixed_env()  # FLASK_SERVER_NAME=... for url_for outside a request
    app.config.update(config or {})

    @app.url_defaults
    def version_static_urls(endpoint, values):
        if endpoint == "static" and "filename" in values and app.config["STATIC_VERSIONS"]:
            version = content_version(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.route("/")
    def index():
        return render_template_string(PAGE)

    @app.route("/users/<name>")
    def user(name):
        return {"name": name}

    @app.route("/files/<path:name>")
    def file(name):
        return {"name": name}

    @app.route("/search")
    def search():
        return {"args": dict(request.args.lists())}

    @app.route("/forgot")
    def forgot():  # the link a password-reset mail would carry
        return {"mailed": url_for("reset", token="t0k3n", _external=True)}

    @app.route("/reset/<token>")
    def reset(token):
        return {"token": token}

    @app.route("/links")
    def links():
        return {"here": url_for(".index")}

    docs = Blueprint("docs", __name__, url_prefix="/docs")

    @docs.route("/", endpoint="index")  # "docs.index": the same name as the app's, in the blueprint
    def docs_index():
        return {"here": url_for(".index"), "app": url_for("index")}

    app.register_blueprint(docs)
    return app


def mtime_version(folder, filename):
    """Specimen, not the book's code: leyaa.ai's version, the modification time in seconds."""
    return int(os.path.getmtime(os.path.join(folder, filename)))
