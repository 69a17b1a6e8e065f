"""
Q: What is the difference between ``before_request``, ``after_request`` and
``teardown_request``? What is ``g``?

A: They are the three places Flask lets you run code around every view. ``before_request``
functions run before the view, in the order they were registered, after the
``url_value_preprocessor`` functions (which can take values out of the URL). If one of them
returns a value, that value is the response: the view does not run, but the ``after_request``
functions still do. ``after_request`` functions receive the response and return it or a
replacement (returning nothing is an error: not proven here); they run in reverse order of
registration, so the first one registered runs last and sees what the
others did. ``after_this_request``, called inside a view or anything it calls, adds a function
for that one request, which runs before the ``after_request`` functions. ``teardown_request``
and then ``teardown_appcontext`` functions run last, when the contexts are popped, whatever
happened, and receive the unhandled exception or ``None``. They are for cleanup (closing a
connection), not for changing the response, which is final by then (their return value is
ignored: not proven here). A blueprint's hooks run
only for the blueprint's own requests, nested inside the app's: the app's ``before_request``
first, the blueprint's after it; the blueprint's ``after_request`` before the app's.

When a view raises, it depends on the mode. With ``TESTING`` or debug on, the exception
propagates: no ``after_request`` function runs, and teardown receives the exception. In
production Flask turns it into a 500 response, and that response goes through every
``after_request`` function like any other. https://python.code-maven.com/python-flask-after-request
says ``after_request`` "won't run" when a route raises; it showed that in debug mode only. An
HTTP error (``abort(403)``) is a response, not an error: ``after_request`` runs even under
``TESTING``, and teardown receives ``None``.

``g`` is a namespace for one application context, which on Flask 3.1 means one request: a
``before_request`` function puts the user or a request id on it, and the view, the functions it
calls and the ``after_request`` functions read it without being passed anything. Each request
starts with an empty ``g``, and two requests handled at once in two threads each have their own.
``g`` is not the session: what a login view puts on ``g`` is gone by the next request. The asker
of https://stackoverflow.com/questions/13617231 believed ``g`` was "a global place to stash data
like holding the current user after login" and found ``g.user`` missing on the next page. Store
the user's id in the session and load it into ``g`` in ``before_request``, but with
``session.get``: the accepted answer's ``session["user_id"]``, republished as a how-to by
https://pinoria.com/how-to-use-g-user-global-in-python-flask/ and
https://thewebdev.info/2022/04/03/how-to-use-g-user-global-in-python-flask, raises ``KeyError``
for every visitor who has no session yet, so every page answers 500 (``ANSWER_LOAD_USER``
rebuilds it). One exception on Flask 3.1: an application context that is already pushed (a
test's ``with app.app_context():``) is reused by the requests made inside it, so ``g`` carries
over from one to the next there; Flask 3.2's changelog says a request will no longer reuse it.

Flask's own docs (``docs/reqcontext.rst``, 3.1.3) say that with the test client in a ``with``
block, "the contexts are popped and teardown functions are called after the client with block
exits". On Flask 3.1.3 the teardown functions run at the end of each request, as always, and run
a second time when the block exits: a teardown function must tolerate running twice in tests.

Claims:
  C1. For ``GET /en/hello`` the hooks run in this order: the ``url_value_preprocessor``, the two
      ``before_request`` functions in registration order (``load_user``, ``tag_request``), the
      view, the ``after_request`` functions in reverse registration order (``add_headers``, then
      ``show_hooks``), ``teardown_request`` and ``teardown_appcontext``, both given ``None``.
  C2. A function registered with ``after_this_request`` runs right after the view, before every
      ``after_request`` function, and for that request only.
  C3. A ``before_request`` function that returns a value skips the view: that value is the
      response (401), the ``after_request`` functions still run on it, and teardown gets
      ``None``.
  C4. Correction: code-maven.com says ``after_request`` does not run when a view raises; in
      production (``TESTING`` and debug off) the 500 response goes through every
      ``after_request`` function. With ``TESTING`` or debug on, the exception reaches the caller
      and no ``after_request`` function runs. Either way both teardown functions receive the
      exception.
  C5. An HTTP error is a response: under ``TESTING`` a non-admin gets the 403 of ``abort(403)``
      (an admin gets the page) and a URL with no rule the 404; the ``before_request`` and
      ``after_request`` functions run on both and teardown gets ``None``.
  C6. A blueprint's hooks run only for the blueprint's requests, inside the app's: app
      ``before_request`` functions, then the blueprint's, the view, the blueprint's
      ``after_request``, then the app's; no blueprint hook runs for ``/en/hello``.
  C7. ``g`` lasts one request: ``/count`` answers 1 every time, except inside an application
      context already pushed, which Flask 3.1 reuses (1, then 2). Within the request ``g``
      carries values between hooks and code: the language the preprocessor took from the URL
      reaches ``greeting()``, and the request id ``tag_request`` put on ``g`` comes back in the
      header ``add_headers`` sets.
  C8. Correction: Stack Overflow 13617231 took ``g`` for a place to keep the user after login; a
      user put on ``g`` by a login view is gone on the next request (401), while one put in the
      session is there (200).
  C9. Correction: the Stack Overflow answer's ``session["user_id"]`` in ``before_request``
      (republished by pinoria.com and thewebdev.info) answers 500 to every visitor without a
      session; this app's ``session.get`` lets a visitor in as a stranger and keeps
      members-only pages at 401.
  C10. ``g`` is not shared between threads: two requests handled at the same time in two threads,
      both having written ``g`` before either reads it, each read their own language.
  C11. Correction: Flask's docs say that inside ``with client:`` teardown waits for the block to
      exit; on Flask 3.1.3 it has run at the end of the request (the request stays readable)
      and runs again when the block exits.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch36_hooks run
  $ curl -i http://127.0.0.1:5000/en/hello   → "greeting":"hello stranger (en)"
  → X-Hooks: url_value_preprocessor, load_user, tag_request, hello, add_headers, show_hooks
  $ curl http://127.0.0.1:5000/last   → "show_hooks","teardown_request None","teardown_appcontext None"
  $ curl -i http://127.0.0.1:5000/members/   → 401 UNAUTHORIZED  # C3: the view never ran
  → X-Hooks: url_value_preprocessor, load_user, tag_request, require_user, members_after, add_headers, show_hooks
  $ curl -i http://127.0.0.1:5000/fail   → 500 INTERNAL SERVER ERROR  # on purpose: C4
  → Cache-Control: no-store
  $ curl http://127.0.0.1:5000/last   → "teardown_request ValueError('the view failed')"
  $ curl -c ~/cookies http://127.0.0.1:5000/login/ada   → "user":"ada"
  $ curl -b ~/cookies http://127.0.0.1:5000/members/   → "greeting":"hello ada (en)"
"""

import uuid

from flask import Blueprint, Flask, abort, after_this_request, g, request, session

TOPICS = ("hooks", "contexts")
DELIBERATE_ERRORS = {"fail": "raises on purpose: what after_request and teardown do then (C4)"}
REQUEST_ID = "X-Request-Id"  # a header name: any case reads the same header


def record(name):
    """Note on this request's g that a hook ran: the order, for the tests and for /last."""
    g.setdefault("hooks", []).append(name)


def greeting():
    """Far from the view and given nothing: the request's user and language come from g."""
    return f"hello {g.user or 'stranger'} ({g.lang})"


def remember_language():
    """Far from the view, yet able to change its response, once, with after_this_request."""
    @after_this_request
    def set_cookie(response):
        record("after_this_request")
        response.set_cookie("lang", g.lang)
        return response


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY signs the session
    app.config.update(config or {})
    app.extensions["last_hooks"] = []  # the hooks of the last request to finish

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        record("url_value_preprocessor")
        g.lang = (values or {}).pop("lang", "en")  # values is None when no URL rule matched

    @app.before_request
    def load_user():
        record("load_user")
        g.user = session.get("user")  # a visitor without a session is a stranger, not an error

    @app.before_request
    def tag_request():
        record("tag_request")
        g.request_id = request.headers.get(REQUEST_ID) or uuid.uuid4().hex

    @app.after_request
    def show_hooks(response):  # registered first, so it runs last and sees the others
        record("show_hooks")
        response.headers["X-Hooks"] = ", ".join(g.hooks)
        return response

    @app.after_request
    def add_headers(response):
        record("add_headers")
        response.headers["Cache-Control"] = "no-store"
        response.headers[REQUEST_ID] = g.request_id
        return response

    @app.teardown_request
    def close_request(error):
        record(f"teardown_request {error!r}")

    @app.teardown_appcontext
    def close_app_context(error):  # the last hook of all: keep this request's record
        record(f"teardown_appcontext {error!r}")
        app.extensions["last_hooks"] = g.pop("hooks")

    @app.route("/<lang>/hello")
    def hello():
        record("hello")
        return {"greeting": greeting()}

    @app.route("/<lang>/choose")
    def choose():
        record("choose")
        remember_language()
        return {"lang": g.lang}

    @app.route("/login/<name>")
    def login(name):
        session["user"] = name
        return {"user": name}

    @app.route("/login-into-g/<name>")
    def login_into_g(name):  # a specimen: the Stack Overflow question's login, into g
        g.user = name
        return {"user": g.user}

    @app.route("/count")
    def count():
        g.count = g.get("count", 0) + 1
        return {"count": g.count}

    @app.route("/last")
    def last():
        return app.extensions["last_hooks"]

    @app.route("/fail")
    def fail():
        record("fail")
        raise ValueError("the view failed")

    members = Blueprint("members", __name__, url_prefix="/members")

    @members.before_request
    def require_user():
        record("require_user")
        if g.user is None:
            return {"error": "login required"}, 401  # a value: the view is skipped

    @members.after_request
    def members_after(response):
        record("members_after")
        return response

    @members.route("/")
    def home():
        record("members")
        return {"greeting": greeting()}

    @members.route("/admin")
    def admin():
        record("admin")
        if g.user != "admin":
            abort(403)
        return {"admin": g.user}

    app.register_blueprint(members)
    return app


# A specimen, not the book's code: the before_request of the answer to Stack Overflow question
# 13617231, rebuilt. It indexes the session, and a new visitor's session has no "user_id".
ANSWER_LOAD_USER = """
from flask import g, session


def load_user():
    if session["user_id"]:
        g.user = session["user_id"]
    else:
        g.user = None
"""
