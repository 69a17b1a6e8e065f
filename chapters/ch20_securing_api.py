"""
Q: Explain how to secure a Flask API using Flask-JWT.

A: The source's code cannot run today (chapter 19: Flask-JWT imports a name Flask removed, and
the source itself imports ``safe_str_cmp``, which Werkzeug removed). This chapter builds the same
thing on PyJWT 2.15 directly. A login checks the password against a stored hash
(``werkzeug.security``; the source kept plain passwords in code) and answers with a token: a
signed JSON payload with a string subject (``sub``, the user name) and an expiry (``exp``). A
login's user name and password must be JSON strings: a ``null`` user name is refused, where
``str()`` would have made it the user ``"None"``. Each protected request sends ``Authorization:
Bearer <token>``; Werkzeug's ``request.authorization`` parses that header, with the scheme in
lower case (HTTP schemes are case-insensitive, RFC 9110 section 11.1; not proven here), so
``bearer`` works too. The app
decodes the token with the key and a pinned list of algorithms, requires ``exp`` and ``sub`` to
be present (PyJWT checks ``exp`` only when it is there, so without ``require`` a token with no
expiry would open forever), and trusts ``sub`` only if the signature and the expiry check out.
Anything else, a valid token under another scheme included (``Basic``, or ``JWT``, the prefix
Flask-JWT expected; not proven here), gets 401 with ``WWW-Authenticate: Bearer``.

What the book checks that the source did not. PyJWT 2.15 refuses a non-string ``sub`` on
decode (since 2.10; not proven here), though ``encode`` accepts one (the source's identity was an
int). ``decode`` without ``algorithms=`` raises, so the token's header never picks the
algorithm: ``alg: none``, HS512 where HS256 is pinned, and a header naming RS256 are all
refused, the last even over a signature made with the right key (algorithm-confusion attacks
start from such a header). The key and the users' hashes come from configuration (or
``FLASK_``-prefixed environment variables), never from code; the key must be at least 32 bytes,
since PyJWT warns about shorter HMAC keys (an error here: warnings are errors). PyJWT counts the
key's bytes in UTF-8, not its characters, and so does the factory: ``"é" * 16`` is 16 characters
and 32 bytes, which PyJWT accepts without a warning. The source's ``safe_str_cmp`` is gone;
``check_password_hash`` compares with ``hmac.compare_digest``, in constant time. A login for a
user name that does not exist still checks one hash, a stand-in made by Werkzeug's default
method like real users' hashes, so that it does the same work as a login with a wrong password
(how long either takes is not measured here). The app's clock is configurable, so a test issues
a token "16 minutes ago" instead of sleeping.

Which changed tokens are refused, stated exactly. Replacing any one character of a valid token
by any other printable ASCII character is refused. In the header or the payload that is because
the signature covers their base64 text. In the signature, the last of its 43 characters carries
two unused bits, so three other characters decode to the same signature bytes; PyJWT 2.15
refuses those too (it accepts only the canonical encoding). Adding a character is another
matter: one ``=`` appended to the signature is accepted, because PyJWT tolerates base64 padding
and no signed byte changes. Opinion: so never use the token string itself as an identity (a
deny-list keyed on it is bypassed by that ``=``); key on its claims.

Claims:
  C1. A login with the right password answers a token whose payload has the user as a string
      ``sub``, ``iat`` from the app's clock and ``exp`` the configured lifetime later; a wrong
      password or an unknown user gets 401 (even with the password of the stand-in hash that
      unknown users are checked against, and when no users are configured); a body that is not
      a JSON object, or whose ``username`` or ``password`` is missing or not a string (``null``
      included, even with a user named ``"None"``), gets 400.
  C2. The token opens the protected endpoint, which answers with its subject, until ``exp``:
      issued by the clock 14 minutes ago it opens, 16 minutes ago it gets 401. The scheme
      ``Bearer`` may be written in any case.
  C3. Missing, malformed, tampered, expired, ``alg: none``, HS512 and RS256-headed tokens (the
      last signed with the right key and HMAC-SHA256), tokens without ``exp`` or without ``sub``,
      and a valid token under another scheme (``Basic``, ``JWT``, ``Token``) or with no token after
      ``Bearer`` all get 401 with ``WWW-Authenticate: Bearer``.
  C4. PyJWT refuses to decode without ``algorithms=``, refuses a non-string ``sub`` that
      ``encode`` accepted, and decodes a token with no ``exp`` unless told to require one.
  C5. PyJWT warns (``InsecureKeyLengthWarning``) about an HMAC key under 32 bytes in UTF-8:
      ``"é" * 15 + "k"`` (31 bytes) warns, ``"é" * 16`` (32) does not. The factory accepts any
      ``SECRET_KEY`` of at least 32 such bytes and refuses every other, one that UTF-8 cannot
      encode included.
  C6. ``check_password_hash`` compares with ``hmac.compare_digest``; ``safe_str_cmp`` no longer
      exists in Werkzeug.
  C7. Replacing any one character of a token by any other printable ASCII character is refused,
      including the three changes to the signature's last character that decode to the same
      bytes.
  C8. Appending one ``=`` to the signature is accepted as the same token; appending two is
      refused.
  C9. ``SECRET_KEY`` and the users' hashes can come from the environment (``FLASK_SECRET_KEY``,
      ``FLASK_USERS`` as JSON), so the code holds neither.
  C10. Every login checks exactly one password hash: the user's, or for an unknown user the
      stand-in, which is made by Werkzeug's default method, as ``generate_password_hash(password)``
      makes the users' hashes in "Try it".

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ export FLASK_USERS=$(python -c 'import json; from werkzeug.security import generate_password_hash as h; print(json.dumps({"ada": h("pw")}))')
  $ flask --app chapters.ch20_securing_api run
  $ export TOKEN=$(curl -s -X POST http://127.0.0.1:5000/login -H 'Content-Type: application/json' -d '{"username": "ada", "password": "pw"}' | python -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  $ curl -i http://127.0.0.1:5000/me -H "Authorization: Bearer $TOKEN"   → 200 OK
  → {"user":"ada"}
  $ curl -i http://127.0.0.1:5000/me -H "Authorization: JWT $TOKEN"      → 401 UNAUTHORIZED
  → {"error":"missing token"}
"""

import secrets
import time

import jwt
from flask import Flask, request
from werkzeug.security import check_password_hash, generate_password_hash

TOPICS = ("jwt", "security")
ALGORITHMS = ["HS256"]  # pinned: a token's own header never chooses
# An unknown user is checked against a hash nobody knows the password of, so that every login
# costs one hash check: how long a login takes must not tell which user names exist.
DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(32))


def read_token(token, key):
    """The token's claims, or ``jwt.InvalidTokenError``."""
    return jwt.decode(token, key, algorithms=ALGORITHMS, options={"require": ["exp", "sub"]})


def create_app(config=None):
    app = Flask(__name__)
    app.config.update({"USERS": {}, "TOKEN_LIFETIME": 900, "CLOCK": time.time})
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_USERS='{"ada": "<hash>"}'
    app.config.update(config or {})
    key = app.config.get("SECRET_KEY") or ""  # pragma: no mutate: any stand-in under 32 bytes is refused alike
    if len(key.encode() if isinstance(key, str) else key) < 32:  # PyJWT's measure: UTF-8 bytes
        raise ValueError("SECRET_KEY must be at least 32 bytes for HS256")

    def refuse(reason):
        return {"error": reason}, 401, {"WWW-Authenticate": "Bearer"}

    @app.post("/login")
    def login():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return {"error": "expected a JSON object"}, 400
        username, password = body.get("username"), body.get("password")
        if not (isinstance(username, str) and isinstance(password, str)):
            return {"error": "username and password must be strings"}, 400
        stored = app.config["USERS"].get(username, DUMMY_HASH)
        if not check_password_hash(stored, password) or username not in app.config["USERS"]:
            return refuse("bad credentials")
        now = int(app.config["CLOCK"]())
        claims = {"sub": username, "iat": now, "exp": now + app.config["TOKEN_LIFETIME"]}
        token = jwt.encode(claims, app.config["SECRET_KEY"], algorithm=ALGORITHMS[0])  # pragma: no mutate: HS256 is PyJWT's default, the same token without it
        return {"token": token}

    @app.get("/me")
    def me():
        auth = request.authorization  # Werkzeug's parse: the scheme in lower case, then the token
        if auth is None or auth.type != "bearer" or not auth.token:
            return refuse("missing token")
        try:
            claims = read_token(auth.token, app.config["SECRET_KEY"])
        except jwt.InvalidTokenError as error:
            return refuse(type(error).__name__)
        return {"user": claims["sub"]}

    return app
