"""
Q: What is CORS and how do you enable it?

A: A browser keeps pages apart by origin: scheme, host and port, so ``http://127.0.0.1:8000``
and ``http://127.0.0.1:5000`` are two origins. A script on one may send a request to the other,
but it may read the answer only if the answer says so. CORS (Cross-Origin Resource Sharing) is
that permission: ``Access-Control-*`` headers the server sends and the browser enforces. Flask
sends none, so a front end on another port gets "Failed to fetch" although the server answered
200.

Flask-CORS (6.0.5 here) adds them. ``CORS(app)`` with no options covers every route and every
origin, and it does not send ``*`` to a browser, as codingpancake.com says it does
(https://www.codingpancake.com/2026/06/how-to-enable-cors-in-flask-rest-api.html): it sends the
request's own ``Origin`` back, with ``Vary: Origin`` for caches; only a request without an
``Origin`` (curl) gets ``*``. That fits public data. For the rest, ``resources`` maps path
regexes to options, matched from the start of the path: the docs' ``r"/api/*"`` (a slash, any
number of times) also covers ``/apiary``; ``r"/api/.*"`` does not. ``origins`` lists whole
origins, compared exactly: ``http://localhost:8000`` is not ``http://127.0.0.1:8000``, and a
front end configured as ``http://127.0.0.1:8000/``, with a slash, matches no browser. A string
with a regex character (``*``, ``?``, ``$``, brackets, ...) is a regex, also matched from the
start only: the shape recommended in corydolphin/flask-cors#240, ``https://.*\\.book\\.example``,
lets ``https://app.book.example.attacker.net`` in (the maintainer calls this "definitely an
issue" in corydolphin/flask-cors#209). End an origin regex with ``$``.

Some requests are preflighted. Before one that a plain HTML form could not send (a method
other than GET, HEAD or POST, a ``Content-Type`` such as ``application/json``, a header such as
``Authorization``), the browser sends ``OPTIONS`` with ``Access-Control-Request-Method`` and
``-Headers``, and sends the request itself only if that answer is a 2xx that allows its origin,
method and headers. Flask answers ``OPTIONS`` on every route by itself, a ``methods=["POST"]``
route too, not with the 405 that https://fixdevs.com/blog/flask-cors-not-working/ describes;
Flask-CORS adds ``Access-Control-Allow-Methods`` and ``-Headers`` to that answer. A simple
request is not preflighted, a GET with cookies included, whatever fixdevs.com (credentials) and
https://runebook.dev/en/articles/flask/api/index/flask.Response.access_control_allow_methods
(every request) say. The ``after_request`` that sets ``Access-Control-Allow-Origin: *`` and
nothing else, the fix https://sqlpey.com/python/solved-how-to-set-response-headers-in-flask
offers, lets a GET through, but its answer to a preflight allows no header, so Chromium never
sends the JSON POST.

``allow_headers`` (by default any header the preflight asks for) is about request headers;
``expose_headers`` names the response headers a script may read beyond a few safelisted ones
such as ``Content-Type`` (not proven here). zegami.com mixes them up
(https://zegami.com/blog/cant-set-authorization-header-for-flask-cors-request/): ``CORS(app)``
already lets a page send ``Authorization``.

A cross-origin ``fetch`` sends cookies only with ``credentials: "include"``, and the browser
gives the answer to the page only if it carries ``Access-Control-Allow-Credentials: true`` and
names the page's origin: ``*`` is refused. Flask-CORS raises for ``supports_credentials`` with
``send_wildcard``, but with its default origins it reflects every origin instead, which its
author recommends in corydolphin/flask-cors#222: then any page the browser sends the cookie
from reads the user's data. Here that is a page on another port of the same host; across sites
the cookie must be ``SameSite=None``, which a cross-site front end needs anyway (not proven
here).

CORS protects the user's browser, not the server. runebook.dev and
https://katrina.sh/en/post/2025-04-13-understanding-of-cross-origin-resource-sharing.html say it
keeps unauthorized clients from the backend, but curl reads ``/api/notes`` whatever ``Origin``
it sends, and a page on an unlisted origin, kept from preflighted requests, still sends a
plain-text POST that runs the view: it only cannot read the answer. Protect what changes state
with authentication and CSRF tokens (chapter 11), not with CORS (opinion).

Claims:
  C1. Plain Flask sends no CORS header: ``/notes`` answers a request with an ``Origin`` with no
      ``Access-Control-*`` header, and a ``fetch`` from a page on another origin fails in
      Chromium ("Failed to fetch") although the server answered it with 200.
  C2. Correction: codingpancake.com says ``CORS(app)`` adds ``Access-Control-Allow-Origin: *``
      to every response; with its defaults (``/public/``) any ``Origin`` comes back as sent,
      with ``Vary: Origin``, and only a request without one gets ``*``; Chromium on any other
      origin reads the answer.
  C3. ``resources`` keys are regexes matched from the start of the path: ``r"/api/.*"`` covers
      ``/api/notes`` but not ``/apiary``; the docs' ``r"/api/*"`` covers ``/apiary`` too.
  C4. ``origins`` compares whole origins: the front end's (``FRONT_END`` in the config, or
      ``FLASK_FRONT_END`` in the environment) gets the header and Chromium on it reads
      ``/api/notes``; ``http://localhost:8000``, ``https://127.0.0.1:8000`` and
      ``http://127.0.0.1:8001`` get none, nor does the front end once configured with a
      trailing slash, and Chromium on another port cannot read it.
  C5. Correction: corydolphin/flask-cors#240 recommends an origin regex with no end; Flask-CORS
      matches from the start only, so the specimen ``/unsafe/notes`` admits
      ``https://app.book.example.attacker.net``; with ``$`` (``/api/``) an origin gets the
      header exactly when the whole origin matches.
  C6. Correction: fixdevs.com says a ``methods=["POST"]`` route answers a preflight with 405;
      Flask answers ``OPTIONS`` on every route itself, Flask-CORS adds the methods and headers
      asked for, and Chromium sends ``OPTIONS`` and then the request, for a JSON POST and for a
      DELETE.
  C7. Correction: runebook.dev says every cross-origin request is preflighted and fixdevs.com
      that credentials cause one; ``POST /api/notes`` takes plain text, and Chromium's POST of
      plain text and its GET with the session cookie are served with no ``OPTIONS`` before them.
  C8. Correction: sqlpey.com fixes CORS with an ``after_request`` that sets
      ``Access-Control-Allow-Origin: *`` alone (the specimen ``/by-hand/``); Chromium reads its
      GET, but the JSON POST's preflight is refused, and the POST is never sent.
  C9. Correction: zegami.com says ``expose_headers`` lets the browser send ``Authorization``;
      ``CORS(app)`` already lets Chromium send it (it reaches ``/public/notes``), and
      ``expose_headers`` lets a script read a response header: ``X-Total-Count`` from
      ``/api/notes``, not from ``/public/notes``.
  C10. Correction: katrina.sh and runebook.dev say CORS keeps unauthorized clients from the
      backend; a client that is not a browser reads ``/api/notes`` with any ``Origin`` or none,
      and a page on an unlisted origin, which cannot read the answer and whose DELETE is never
      sent (its preflight is refused), still adds a note with a plain-text POST.
  C11. Chromium sends the cookie across origins only with ``credentials: "include"`` and gives
      the page the answer only with ``Access-Control-Allow-Credentials: true`` and its origin:
      the front end reads ``/api/me``; ``/by-hand/``'s ``*`` is refused though the cookie went;
      Flask-CORS refuses ``supports_credentials`` with ``send_wildcard`` (``ValueError``).
  C12. Correction: corydolphin/flask-cors#222 advises ``supports_credentials=True`` with the
      default origins; that reflects every origin with credentials: a page on any other origin
      reads the logged-in user from the specimen ``/unsafe/me``, and ``/api/me`` refuses it.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch42_cors run
  $ curl -si -H 'Origin: http://127.0.0.1:8000' http://127.0.0.1:5000/notes   → 200 OK  # and no Access-Control-* header
  $ curl -si -H 'Origin: https://anyone.example' http://127.0.0.1:5000/public/notes   → Access-Control-Allow-Origin: https://anyone.example
  → Vary: Origin
  $ curl -si http://127.0.0.1:5000/public/notes   → Access-Control-Allow-Origin: *
  $ curl -si -X OPTIONS -H 'Origin: http://127.0.0.1:8000' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type' http://127.0.0.1:5000/api/notes   → Access-Control-Allow-Headers: content-type
  → Access-Control-Allow-Methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT
  $ curl -si -H 'Origin: https://app.book.example.attacker.net' http://127.0.0.1:5000/unsafe/notes   → Access-Control-Allow-Origin: https://app.book.example.attacker.net  # C5
  $ curl -s -H 'Origin: https://attacker.example' -d 'written by curl' http://127.0.0.1:5000/api/notes   → "written by curl"  # C10: curl is no browser
"""

from flask import Blueprint, Flask, request, session
from flask_cors import CORS

TOPICS = ("cors", "security")

FRONT_END = "http://127.0.0.1:8000"  # where the front end is served; FLASK_FRONT_END overrides
# Any https subdomain of book.example, and nothing that only starts like one: Flask-CORS
# matches an origin regex from the start, so the end needs its "$" (C5).
SUBDOMAINS = r"https://[a-z0-9-]+\.book\.example$"
UNANCHORED = r"https://.*\.book\.example"  # specimen: the shape from flask-cors#240
TOTAL = "X-Total-Count"  # pragma: no mutate: header names ignore case


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY signs the session; FLASK_FRONT_END
    app.config.update(config or {})
    notes = []
    CORS(app, resources={
        r"/public/.*": {},  # CORS(app)'s defaults: every origin may read (public data only)
        r"/api/.*": {"origins": [app.config.get("FRONT_END", FRONT_END), SUBDOMAINS],
                     "supports_credentials": True, "expose_headers": [TOTAL]},
        "/unsafe/me": {"supports_credentials": True},  # specimen: credentials for every origin
        "/unsafe/notes": {"origins": UNANCHORED},
    })
    by_hand = Blueprint("by_hand", __name__,  # pragma: no mutate: the name only names endpoints
                        url_prefix="/by-hand")

    @by_hand.after_request
    def allow_every_origin(response):  # specimen: the header alone, by hand (C8)
        response.headers["Access-Control-Allow-Origin"] = "*"  # pragma: no mutate: names ignore case
        return response

    @app.get("/notes")  # no CORS: only pages from this origin may read it
    @app.get("/public/notes")
    @app.get("/api/notes")
    @app.get("/unsafe/notes")
    @by_hand.get("/notes")
    def list_notes():
        return {"notes": notes}, {TOTAL: len(notes)}

    @app.post("/api/notes")
    @by_hand.post("/notes")
    def add_note():  # any body, as text: plain text needs no preflight, JSON does
        notes.append(request.get_data(as_text=True))
        return {"notes": notes}, 201

    @app.delete("/api/notes")
    def clear_notes():
        notes.clear()
        return {"notes": notes}

    @app.post("/login")
    def login():  # a stand-in for a real login (chapter 35)
        session["user"] = "ada"
        return {"user": "ada"}

    @app.get("/api/me")
    @app.get("/unsafe/me")
    def me():
        return {"user": session.get("user")}

    app.register_blueprint(by_hand)
    return app
