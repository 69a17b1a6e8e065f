"""
Q: Explain how to secure a Flask API using Flask-JWT.

A: The source's code cannot run today (chapter 19: Flask-JWT imports a name Flask removed, and
the source itself imports ``safe_str_cmp``, which Werkzeug removed). This chapter builds the same
thing on PyJWT 2.15 directly. A login checks the password against a stored hash
(``werkzeug.security``; the source kept plain passwords in code) and answers with a token: a
signed JSON payload with a string subject (``sub``, the user name) and an expiry (``exp``). Each
protected request sends ``Authorization: Bearer <token>``; the app decodes it with the key and a
pinned list of algorithms and trusts ``sub`` only if the signature and the expiry check out.
Anything else gets 401 with ``WWW-Authenticate: Bearer``.

What the book checks that the source did not. PyJWT 2.15 refuses a non-string ``sub`` on
decode (since 2.10; not proven here), though ``encode`` accepts one (the source's identity was an
int). ``decode`` without ``algorithms=`` raises, so the token's header never picks the
algorithm: ``alg: none``, HS512 where HS256 is pinned, and a header naming RS256 are all
refused, the last even over a signature made with the right key (algorithm-confusion attacks
start from such a header). The key and the users' hashes come from configuration (or
``FLASK_``-prefixed environment variables), never from code; the key must be at least 32 bytes,
since PyJWT warns about shorter HMAC keys (an error here: warnings are errors). The source's
``safe_str_cmp`` is gone; ``check_password_hash`` compares with ``hmac.compare_digest``, in
constant time. The app's clock is configurable, so a test issues a token "16 minutes ago"
instead of sleeping.

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
      unknown users are checked against), a body that is not a JSON object 400.
  C2. The token opens the protected endpoint, which answers with its subject, until ``exp``:
      issued by the clock 14 minutes ago it opens, 16 minutes ago it gets 401.
  C3. Missing, malformed, tampered, expired, ``alg: none``, HS512 and RS256-headed tokens (the
      last signed with the right key and HMAC-SHA256) all get 401 with ``WWW-Authenticate: Bearer``.
  C4. PyJWT refuses to decode without ``algorithms=``, and refuses a non-string ``sub`` that
      ``encode`` accepted.
  C5. A key shorter than 32 bytes makes PyJWT warn (``InsecureKeyLengthWarning``); the factory
      refuses such a key.
  C6. ``check_password_hash`` compares with ``hmac.compare_digest``; ``safe_str_cmp`` no longer
      exists in Werkzeug.
  C7. Replacing any one character of a token by any other printable ASCII character is refused,
      including the three changes to the signature's last character that decode to the same
      bytes.
  C8. Appending one ``=`` to the signature is accepted as the same token; appending two is
      refused.
  C9. ``SECRET_KEY`` and the users' hashes can come from the environment (``FLASK_SECRET_KEY``,
      ``FLASK_USERS`` as JSON), so the code holds neither.

Try it:
  export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  export FLASK_USERS="{\\"ada\\": \\"$(python -c 'from werkzeug.security import generate_password_hash as h; print(h("pw"))')\\"}"
  flask --app chapters.ch20_securing_api run
  curl -s -X POST http://127.0.0.1:5000/login -H 'Content-Type: application/json' -d '{"username": "ada", "password": "pw"}'
  curl -i http://127.0.0.1:5000/me -H "Authorization: Bearer <the token>"
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
    if len(app.config.get("SECRET_KEY") or "") < 32:
        raise ValueError("SECRET_KEY must be at least 32 bytes for HS256")

    def refuse(reason):
        return {"error": reason}, 401, {"WWW-Authenticate": "Bearer"}

    @app.post("/login")
    def login():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return {"error": "expected a JSON object"}, 400
        username, password = str(body.get("username", "")), str(body.get("password", ""))
        stored = app.config["USERS"].get(username, DUMMY_HASH)
        if not check_password_hash(stored, password) or username not in app.config["USERS"]:
            return refuse("bad credentials")
        now = int(app.config["CLOCK"]())
        claims = {"sub": username, "iat": now, "exp": now + app.config["TOKEN_LIFETIME"]}
        return {"token": jwt.encode(claims, app.config["SECRET_KEY"], algorithm=ALGORITHMS[0])}

    @app.get("/me")
    def me():
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return refuse("missing token")
        try:
            claims = read_token(token, app.config["SECRET_KEY"])
        except jwt.InvalidTokenError as error:
            return refuse(type(error).__name__)
        return {"user": claims["sub"]}

    return app
