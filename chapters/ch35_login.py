"""
Q: How do you implement login in Flask?

A: Two jobs, done by two tools. Checking the password is the app's: store a slow, salted hash
with Werkzeug's ``generate_password_hash`` and compare with ``check_password_hash``. On
Werkzeug 3.1 the default is scrypt with a random 16-character salt, so two hashes of one
password differ and both verify. Remembering who is logged in is Flask-Login's: ``login_user``
puts the user's id in Flask's session, a ``user_loader`` turns it back into a user on every
request, ``@login_required`` guards a view and ``logout_user`` forgets the id. Flask-Login checks
no password at all: ``login_user`` logs in whoever it is given, so everything between the form
and that call is the app's job.

Many tutorials teach the hashing wrong. techwithtim/Flask-Web-App-Tutorial (issues #130, #150,
#162) calls ``generate_password_hash(password, method="sha256")``, which Werkzeug 3 refuses with
``ValueError: Invalid hash method 'sha256'.``; it refuses ``"plain"`` too, and a hash stored that
way by Werkzeug 2 makes ``check_password_hash`` raise rather than answer False. The book stores
no plain or unsalted hash: a plain store lets whoever reads it log in, and an unsalted hash (the
``unsalted_hash`` specimen) gives equal stored values for equal passwords, which one table of
common passwords reverses.

The login flow has more traps than the hash, and the Flask Mega-Tutorial's login
(https://blog.miguelgrinberg.com/post/the-flask-mega-tutorial-part-v-user-logins, code in
miguelgrinberg/microblog ``app/auth/routes.py``), rebuilt here as the ``/tutorial-login`` and
``/tutorial-logout`` specimens, falls into three:


- Its ``next`` check, ``urlsplit(next_page).netloc != ""``, lets ``////attacker.example/``
  through: Python sees no host there, and Werkzeug 3.1 sends it as ``Location:
  //attacker.example/``, which a browser reads as another host. The book's login accepts only a
  path on this site (chapter 9's rule), so the same request lands on ``/private``.
- ``user is None or not user.check_password(...)`` answers an unknown name without hashing,
  much faster than a wrong password: the timing tells an attacker which names have accounts.
  The book's login checks a hash either way, with ``check_password_hash``, whose comparison is
  ``hmac.compare_digest`` (constant time). (techwithtim's tutorial even says "Email does not
  exist.", the same leak in words; not proven here.)
- ``logout_user()`` clears the logging-out client's cookies and nothing else. Flask's session
  is a cookie the server does not keep, so a copy taken before logout still logs in after it,
  and so does a remember-me cookie (365 days by default). The book's ``get_id`` returns the name
  with a per-user token that logout replaces, so every copy dies with the logout (the
  "alternative tokens" of Flask-Login's documentation).

``@login_required`` without a login view answers 401, which suits an API; with one it redirects
there with ``next`` set to the path asked for. Session fixation, an attacker planting a session
before the victim logs in, does not work on Flask's cookie session: the victim's login writes a
new cookie and the planted one stays anonymous. But ``login_user`` keeps whatever the session
held before, so the book's login clears it first (OWASP: renew the session at login). Flask-Login
0.6.3 computes the remember cookie's expiry with ``datetime.utcnow()``, which Python 3.12
deprecates: there every remember-me login warns (maxcountryman/flask-login#758, fixed in #815
after 0.6.3 was released), so the book's remember-me tests let exactly that warning through. A
login form needs CSRF protection and a rate limit too (chapters 11 and 43; not proven here).

Claims:
  C1. ``generate_password_hash`` defaults to scrypt on Werkzeug 3.1
      (``scrypt:32768:8:1$<16-character salt>$<128 hex digits>``) with a new salt each call: two
      hashes of one password differ, ``check_password_hash`` verifies both and refuses another
      password; ``/register`` stores exactly such a hash.
  C2. Correction: techwithtim/Flask-Web-App-Tutorial's ``generate_password_hash(password,
      method="sha256")`` (issues #130, #150, #162) raises ``ValueError: Invalid hash method
      'sha256'.`` on Werkzeug 3, as does ``method="plain"``; a ``sha256$salt$hash`` stored by
      Werkzeug 2 makes ``check_password_hash`` raise ``ValueError`` too, not return False.
  C3. The store gives nothing away: the stored hash sent as the password is refused, and two
      users with one password get different stored values, while the ``unsalted_hash``
      specimen stores equal values that a table of common passwords reverses.
  C4. Flask-Login checks no password: ``login_user`` logs in any user object it is given, so
      the app's own check is all there is: ``/login`` answers a wrong password with 401 and the
      client stays logged out.
  C5. The session holds the id ``get_id`` returns (``name:token``) and no password hash, and
      the ``user_loader`` turns it back into a user on every request: a user removed from the
      store is anonymous on the next request.
  C6. ``@login_required`` without a login view answers 401 (the API blueprint's login view is
      ``None``); with one, it redirects there with the path asked for in ``next``
      (``/login?next=%2Fprivate``), and logging in there goes back to ``/private``.
  C7. Correction: the Mega-Tutorial's ``urlsplit(next_page).netloc != ""`` check is meant to
      keep ``next`` on the site, but ``////host`` passes it (no netloc) and Werkzeug 3.1 sends
      it as ``Location: //host``: Chromium, logging in at
      ``/tutorial-login?next=////127.0.0.1:<port>/phish``, lands on the other server. At
      ``/login`` that ``next`` and every other way off the site lands on ``/private``; a local
      ``next`` is followed, and no ``next`` means ``/private``.
  C8. The tutorial's login tells an attacker which names exist by its timing: an unknown name
      is answered at least 5 times faster than a wrong password; the book's login answers both
      with the same 401 in comparable time, one hash check each, compared with
      ``hmac.compare_digest``.
  C9. Without "remember me" the login sets only the session cookie (no Expires: a browser
      drops it when it closes); with it Flask-Login adds an HttpOnly ``remember_token`` cookie
      that expires in 365 days and logs the client in again without the session cookie.
  C10. ``logout_user`` logs the client out and deletes its remember cookie, but after the
      tutorial's logout a copy of the session or remember cookie taken before still logs in;
      after the book's logout, which replaces the user's token, both copies are refused.
  C11. The session after login is a new one: a key planted in the session before login is gone
      after it (``login_user`` alone keeps it), and the attacker's copy of the pre-login cookie
      stays anonymous after the victim logs in.
  C12. The key that signs the session comes from ``FLASK_SECRET_KEY`` in the environment
      (``app.config.from_prefixed_env()``), as Try it sets it: none in the code.
  C13. Flask-Login 0.6.3 calls ``datetime.utcnow()`` once for each remember-me login (never for
      a plain one), and on Python 3.12 and later that call emits a ``DeprecationWarning``:
      on 3.11 the same login emits none.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ export JAR=$(mktemp)
  $ flask --app chapters.ch35_login run
  $ curl -i http://127.0.0.1:5000/private        → 302 FOUND
  → Location: /login?next=%2Fprivate
  $ curl -i http://127.0.0.1:5000/api/me         → 401 UNAUTHORIZED
  $ curl -i -d username=ada -d password=correct-horse http://127.0.0.1:5000/register   → 201 CREATED
  $ curl -i -d username=ada -d password=wrong http://127.0.0.1:5000/login   → 401 UNAUTHORIZED
  → wrong username or password
  $ curl -i -c $JAR -d username=ada -d password=correct-horse 'http://127.0.0.1:5000/login?next=/private'
  → 302 FOUND
  → Location: /private
  $ curl -b $JAR http://127.0.0.1:5000/private   → hello ada
  $ curl -i -d username=ada -d password=correct-horse 'http://127.0.0.1:5000/tutorial-login?next=////example.org/'
  → Location: //example.org/  # a browser reads it as http://example.org/: C7
  $ curl -i -d username=ada -d password=correct-horse 'http://127.0.0.1:5000/login?next=////example.org/'
  → Location: /private
"""

import hashlib
import secrets
from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

TOPICS = ("login", "security", "extensions")

LOGIN_FORM = """<form method="post"><input name="username"> <input name="password" type="password">
<label><input name="remember" type="checkbox" value="yes"> remember me</label> <button>Log in</button></form>"""


class User(UserMixin):
    def __init__(self, name, password_hash):
        self.name, self.password_hash = name, password_hash
        self.token = secrets.token_urlsafe()  # replaced at logout

    def get_id(self):  # what the session and the remember cookie hold
        return f"{self.name}:{self.token}"


def tutorial_hash(password):  # a specimen: the tutorial's call (C2), not to copy
    return generate_password_hash(password, method="sha256")


def unsalted_hash(password):  # a specimen: one fast hash and no salt (C3), not to copy
    return hashlib.sha256(password.encode()).hexdigest()


@cache
def missing_user_hash():  # what an unknown name is checked against: a miss costs a hash too
    return generate_password_hash(secrets.token_urlsafe())


def is_local_path(target):
    """A path on this site; nothing a browser could read as another host (chapter 9)."""
    if any(char in target for char in "\t\n\r\\"):
        return False
    return target.startswith("/") and not target.startswith("//")


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY, for Try it
    app.config.update(config or {})
    users = app.extensions["users"] = {}  # name -> User, in memory (a database: chapter 13)
    login_manager = LoginManager(app)
    login_manager.login_view = "login"  # a page redirects to the login form...
    login_manager.blueprint_login_views["api"] = None  # pragma: no mutate: "" is no view either; an API answers 401
    api = Blueprint("api", __name__, url_prefix="/api")

    @login_manager.user_loader
    def load_user(user_id):
        name, _, token = user_id.rpartition(":")  # a name may hold ":", a token never does
        user = users.get(name)
        return user if user is not None and user.token == token else None

    @app.post("/register")
    def register():
        name = request.form["username"]
        if name in users:
            return "taken", 409
        users[name] = User(name, generate_password_hash(request.form["password"]))
        return f"registered {name}", 201

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            return LOGIN_FORM
        user = users.get(request.form.get("username"))
        password = request.form.get("password", "")  # pragma: no mutate: a missing password is any wrong one
        stored = user.password_hash if user is not None else missing_user_hash()
        if not check_password_hash(stored, password) or user is None:
            return "wrong username or password", 401
        session.clear()  # nothing from before the login carries into it
        login_user(user, remember=request.form.get("remember") == "yes")
        target = request.args.get("next", "")  # pragma: no mutate: any other default is not a local path either
        return redirect(target if is_local_path(target) else url_for("private"))

    @app.route("/tutorial-login", methods=["GET", "POST"])
    def tutorial_login():  # a specimen: the Mega-Tutorial's login (C7, C8), not to copy
        if request.method == "GET":
            return LOGIN_FORM
        user = users.get(request.form.get("username"))
        password = request.form.get("password", "")  # pragma: no mutate: a missing password is any wrong one
        if user is None or not check_password_hash(user.password_hash, password):
            return "wrong username or password", 401
        login_user(user)
        next_page = request.args.get("next")
        if not next_page or urlsplit(next_page).netloc != "":
            next_page = url_for("private")
        return redirect(next_page)

    @app.post("/logout")
    @login_required
    def logout():
        current_user.token = secrets.token_urlsafe()  # every copy of the old cookies dies
        logout_user()
        return redirect(url_for("login"))

    @app.post("/tutorial-logout")
    def tutorial_logout():  # a specimen: the tutorials' logout (C10), not to copy
        logout_user()
        return redirect(url_for("login"))

    @app.get("/private")
    @login_required
    def private():
        return f"hello {current_user.name}"

    @api.get("/me")
    @login_required
    def me():
        return {"user": current_user.name}

    app.register_blueprint(api)
    return app
