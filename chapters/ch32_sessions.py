"""
Q: How do sessions work in Flask? Is the session cookie secure?

A: Flask's ``session`` is a dictionary that lives in a cookie named ``session``. At the end of a
request that changed it, Flask serialises the dictionary to JSON, signs it with the app's
``SECRET_KEY`` (itsdangerous: HMAC-SHA1 over the data and a timestamp) and sends the whole of it
to the browser; the next request brings it back and Flask checks the signature before the view
sees a single key. There is no session id and nothing stored on the server: the cookie is the
session.

Signed is not encrypted. The cookie is ``payload.timestamp.signature`` and the payload is the
JSON in URL-safe base64 (zlib-compressed first, behind a leading dot, when that is shorter):
anyone who holds the cookie reads it without the key, as Miguel Grinberg shows in "How Secure Is
The Flask User Session?" (https://blog.miguelgrinberg.com/post/how-secure-is-the-flask-user-session).
Pages that say otherwise are wrong: Packt's *Building Web Applications with Flask*
(https://www.oreilly.com/library/view/building-web-applications/9781784396152/ch08s06.html) says
Flask encrypts the session so its content cannot be read; runebook.dev says Flask "decrypts" it
(https://runebook.dev/en/articles/flask/api/index/flask.sessions.SecureCookieSession); and
enpatika.com says each client is given a session id (https://enpatika.com/soru-cevap/is-flask-session-safe/page/2).
So never put a secret in the session (Grinberg's example keeps a game's answer there).

What the signature does give is integrity: a cookie whose payload was edited, or one signed with
any other key, is silently ignored and the request runs with an empty session. That protection is
exactly as good as the key. Whoever has the key signs any session they like, an admin's included,
without Flask even (itsdangerous, salt ``cookie-session``). Replace a leaked key; never keep it in
``SECRET_KEY_FALLBACKS``, the list of old keys that Flask 3.1 still accepts so that a planned
rotation logs nobody out (new cookies are signed with ``SECRET_KEY``; Flask 3.1.0 signed them
with a fallback by mistake, fixed in 3.1.1: GHSA-4grg-w6v8-c28g, not proven here). Without any key, reading the
session gives an empty one and writing raises.

Flask notices assignments to the session, not changes inside the values it holds:
``session["cart"].append(item)`` changes a list, the session does not know, and the change is
lost unless the view sets ``session.modified = True``. A default session is written back only
when modified (runebook.dev says "on every request", which is wrong:
https://runebook.dev/en/articles/flask/api/index/flask.session.modified). A permanent session
(``session.permanent = True``) is written on every request, because its expiry slides
(``SESSION_REFRESH_EACH_REQUEST``), and that hides the bug. Its cookie expires after
``PERMANENT_SESSION_LIFETIME`` (31 days by default, 7 here); a default session's cookie has no
expiry, so the browser forgets it when it closes (that part is the browser's, not proven here). The server, though, checks only the signed
timestamp: a copy of any session cookie, permanent or not, logs its holder in until it is
``PERMANENT_SESSION_LIFETIME`` old, even after the user logged out. Revoking sessions needs
server-side state (not proven here: Flask-Session and the like).

The cookie's flags decide where the browser sends it. Flask's defaults set only ``HttpOnly``
(scripts cannot read the cookie, so an XSS cannot steal it); this app also sets ``Secure`` (only
over https) and ``SameSite=Lax`` (not with another site's form POST). In Chromium, ``Secure``
works on a real host name but not on loopback: ``127.0.0.1`` and ``localhost`` count as secure
there, as tooli.top notes (https://tooli.top/posts/flask_cookie_security), so a Secure cookie
over plain http on your laptop proves nothing. ``SameSite`` is missing by default, and
runebook.dev is wrong to call ``Lax`` the default
(https://runebook.dev/en/articles/flask/api/index/flask.sessions.SessionInterface.get_cookie_samesite):
Chromium treats such a cookie more loosely than ``Lax`` and sends it with another site's form
POST made just after login, which a cross-site request forgery needs (for two minutes after the
cookie is set, by Chromium's rule for cookies without ``SameSite``; the limit is not proven here). ``Strict`` withholds the
cookie even when the user follows a link from another site, so they arrive logged out (opinion:
``Lax`` with CSRF tokens, chapter 11, is the usual choice).

Claims:
  C1. Correction: Packt's book says Flask encrypts the session so nobody can read the cookie,
      runebook.dev says Flask decrypts it, and enpatika.com says each client gets a session id;
      the cookie holds the session itself, signed, not encrypted: its first part is the
      session's JSON in URL-safe base64, which base64 alone decodes, without the key.
  C2. A longer session is compressed with zlib before base64 and its cookie starts with a dot;
      ``read_cookie`` reads any session the app writes, still without the key.
  C3. A cookie made without the key is ignored, without an error: an edit anywhere in the signed
      part, or any session signed with any other key (``dev`` and ``your_secret_key_here``, keys
      that tutorials print, included) leaves the view an empty session and ``/admin`` answers 403.
  C4. With the app's key an attacker signs ``{"user": "mallory", "role": "admin"}`` with
      itsdangerous alone and ``/admin`` lets mallory in; once the key is replaced, the same cookie
      is refused.
  C5. ``SECRET_KEY_FALLBACKS`` rotates the key: a cookie signed with a fallback is still read, the
      app signs every new cookie with ``SECRET_KEY`` alone, and a leaked key kept as a fallback
      still lets its forgeries in.
  C6. Without ``SECRET_KEY``, reading the session gives an empty session and writing to it raises
      ``RuntimeError``: "The session is unavailable because no secret key was set."
  C7. A change inside a value is lost: the specimen's ``session["cart"].append(item)`` keeps only
      the first item (``setdefault`` on an empty session is an assignment); with
      ``session.modified = True`` every item is kept.
  C8. Correction: runebook.dev says Flask updates the session cookie on every request even when
      ``session.modified`` is not set; a default session is sent back only when it changed, and
      only a permanent session is sent on every request, which is why the specimen's items
      survive in a permanent session.
  C9. ``session.permanent = True`` (``/login/ann?remember=1``) gives the cookie an ``Expires`` of
      now plus ``PERMANENT_SESSION_LIFETIME``, 7 days here (Flask's default is 31); a default
      session's cookie has no ``Expires``.
  C10. The server accepts a copy of a session cookie until its signed timestamp is
      ``PERMANENT_SESSION_LIFETIME`` old, permanent or not: a copy taken before ``/logout`` still
      logs its holder in after it; 7 days and a moment later it is refused.
  C11. Flask's defaults mark the session cookie ``HttpOnly`` and nothing else (not ``Secure``, no
      ``SameSite``); this app's cookie is ``Secure; HttpOnly; Path=/; SameSite=Lax``.
  C12. ``HttpOnly`` hides the cookie from scripts: in Chromium ``document.cookie`` is empty while
      the cookie is there; with ``SESSION_COOKIE_HTTPONLY=False`` a script on the page reads it.
  C13. ``Secure``: on a host name that is not loopback (``shop.example``, reached through a
      proxy) Chromium neither keeps a Secure cookie sent over plain http nor sends one over it; on
      ``127.0.0.1`` and ``localhost`` it does both.
  C14. ``SameSite=Strict`` keeps the cookie off a link followed from another site (a page on
      ``localhost`` linking to ``127.0.0.1``): the user arrives logged out; with this app's
      ``Lax`` they arrive logged in.
  C15. Correction: runebook.dev calls ``Lax`` the default; Flask sends no ``SameSite`` by
      default, and Chromium then sends the session with another site's form POST made just after
      login; with this app's ``SameSite=Lax`` that POST arrives without it.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch32_sessions run
  $ curl -i -X POST http://127.0.0.1:5000/login/ann   → Set-Cookie: session=eyJyb2xlIjoicmVhZGVyIiwidXNlciI6ImFubiJ9.
  → Secure; HttpOnly; Path=/; SameSite=Lax
  $ python -c 'import base64; print(base64.urlsafe_b64decode("eyJyb2xlIjoicmVhZGVyIiwidXNlciI6ImFubiJ9"))'   → {"role":"reader","user":"ann"}  # C1: no key
  $ export COOKIE=$(curl -si -X POST http://127.0.0.1:5000/login/ann | grep -o 'session=[^;]*')
  $ curl -s -b "$COOKIE" http://127.0.0.1:5000/me   → {"role":"reader","user":"ann"}
  $ curl -i -b "$(echo $COOKIE | sed 's/session=[^.]*/session=eyJyb2xlIjoiYWRtaW4iLCJ1c2VyIjoiYW5uIn0/')" http://127.0.0.1:5000/admin   → 403 FORBIDDEN  # C3: role edited to admin
  $ export FORGED=$(python -c 'import os; from flask import Flask; from flask.sessions import SecureCookieSessionInterface as S; app = Flask("attacker"); app.secret_key = os.environ["FLASK_SECRET_KEY"]; print(S().get_signing_serializer(app).dumps({"user": "mallory", "role": "admin"}))')
  $ curl -s -b "session=$FORGED" http://127.0.0.1:5000/admin   → {"admin":"mallory"}  # C4: the key leaked
  $ curl -s -X POST -b "$COOKIE" http://127.0.0.1:5000/logout   → {"user":null}
  $ curl -s -b "$COOKIE" http://127.0.0.1:5000/me   → {"role":"reader","user":"ann"}  # C10: a copy outlives logout
"""

import base64
import json
import zlib
from datetime import timedelta

from flask import Flask, abort, request, session

TOPICS = ("sessions", "cookies", "security")


def read_cookie(value):
    """The session in a cookie, read the way anyone holding the cookie can: without the key."""
    compressed = value.startswith(".")  # Flask's mark for JSON that zlib made shorter
    payload = value.removeprefix(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "==")  # itsdangerous strips the padding; excess is ignored
    return json.loads(zlib.decompress(data) if compressed else data)


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(
        SESSION_COOKIE_SECURE=True,  # https only (browsers let loopback off: C13)
        SESSION_COOKIE_SAMESITE="Lax",  # not with another site's form POST (C15)  # pragma: no mutate: Werkzeug title-cases it
        PERMANENT_SESSION_LIFETIME=timedelta(days=7),  # also how long a stolen copy works (C10)
    )
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY; FLASK_SECRET_KEY_FALLBACKS='["old key"]'
    app.config.update(config or {})

    @app.post("/login/<name>")
    def login(name):  # no password: this chapter is about what happens after it
        session.clear()
        session.update(user=name, role="reader")
        if "remember" in request.args:  # "remember me": a cookie that outlives the browser
            session.permanent = True
        return {"user": name}

    @app.get("/me")
    def me():
        return {"user": session.get("user"), "role": session.get("role")}

    @app.get("/admin")
    def admin():
        if session.get("role") != "admin":
            abort(403)
        return {"admin": session.get("user")}

    @app.post("/cart/<item>")
    def add_to_cart(item):
        session.setdefault("cart", []).append(item)
        session.modified = True  # the append changed the list, not the session: say so
        return {"user": session.get("user"), "cart": session["cart"]}

    @app.post("/unsafe/cart/<item>")
    def unsafe_add_to_cart(item):  # specimen: the usual cart code, without session.modified
        session.setdefault("cart", []).append(item)
        return {"user": session.get("user"), "cart": session["cart"]}

    @app.post("/logout")
    def logout():
        session.clear()
        return {"user": None}

    return app
