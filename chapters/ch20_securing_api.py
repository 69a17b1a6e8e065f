"""
Q: Explain how to secure a Flask API using Flask-JWT.

A: The source's code cannot run today (chapter 19: Flask-JWT imports names that Flask and
Werkzeug removed, and so does the source itself with ``safe_str_cmp``). This chapter builds the
same thing on PyJWT directly. A login checks the password against a stored hash
(``werkzeug.security``; the source kept plain passwords and compared them itself) and answers
with a token: a signed JSON payload with a string subject (``sub``, the user name) and an
expiry (``exp``). Each protected request sends ``Authorization: Bearer <token>``; the app
decodes it with the key and a pinned list of algorithms and trusts ``sub`` only if the
signature and the expiry check out. Anything else gets 401 with ``WWW-Authenticate: Bearer``.

What the book checks that the source did not: PyJWT 2.10 and later refuse a non-string ``sub``
(the source's ``identity`` was an int); ``decode`` without ``algorithms=`` raises, so the
algorithm can never be chosen by the token (``alg: none``, or HS512 where HS256 is pinned,
is refused); the key comes from configuration and must be at least 32 bytes, since PyJWT warns
about shorter HMAC keys (an error here: warnings are errors). The source's ``safe_str_cmp`` is
gone from Werkzeug; ``check_password_hash`` compares with ``hmac.compare_digest``, in constant
time.

Any single changed character in a token is refused. In the header or the payload that is
because the signature covers their base64 text itself. In the signature, one case looked like
an exception: the last character carries two unused bits, so three other characters decode to
the same signature bytes. PyJWT 2.15 refuses those too ("Invalid crypto padding"): it accepts
only the canonical encoding.

Claims:
  C1. A login with the right password answers a token whose payload has the user as a string
      ``sub`` and an ``exp`` the configured lifetime ahead; a wrong password or user gets 401.
  C2. The token opens the protected endpoint, which answers with its subject.
  C3. Missing, malformed, tampered, expired, ``alg: none`` and wrong-algorithm tokens all get
      401 with ``WWW-Authenticate: Bearer``.
  C4. PyJWT refuses to decode without ``algorithms=``, and refuses a non-string ``sub``.
  C5. A key shorter than 32 bytes makes PyJWT warn (``InsecureKeyLengthWarning``); the factory
      refuses such a key.
  C6. ``check_password_hash`` compares with ``hmac.compare_digest``; ``safe_str_cmp`` no longer
      exists in Werkzeug.
  C7. Any single-character change to a token is refused, including the three changes to the
      signature's last character that decode to the same bytes.

Try it:
  flask --app chapters.ch20_securing_api run   # needs SECRET_KEY and USERS in the config
"""

import time

import jwt
from flask import Flask, request
from werkzeug.security import check_password_hash, generate_password_hash

TOPICS = ("jwt", "security")
ALGORITHM = "HS256"
DUMMY_HASH = generate_password_hash("an unknown user still costs one hash check")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update({"USERS": {}, "TOKEN_LIFETIME": 900, "CLOCK": time.time})
    app.config.update(config or {})
    if len(app.config.get("SECRET_KEY") or "") < 32:
        raise ValueError("SECRET_KEY must be at least 32 bytes for HS256")

    def refuse(reason):
        return {"error": reason}, 401, {"WWW-Authenticate": "Bearer"}

    @app.post("/login")
    def login():
        body = request.get_json(silent=True) or {}
        username, password = str(body.get("username", "")), str(body.get("password", ""))
        stored = app.config["USERS"].get(username, DUMMY_HASH)
        if not check_password_hash(stored, password) or username not in app.config["USERS"]:
            return refuse("bad credentials")
        now = int(app.config["CLOCK"]())
        claims = {"sub": username, "iat": now, "exp": now + app.config["TOKEN_LIFETIME"]}
        return {"token": jwt.encode(claims, app.config["SECRET_KEY"], algorithm=ALGORITHM)}

    @app.get("/me")
    def me():
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return refuse("missing token")
        try:
            claims = jwt.decode(token, app.config["SECRET_KEY"], algorithms=[ALGORITHM],
                                options={"require": ["exp", "sub"]})
        except jwt.InvalidTokenError as error:
            return refuse(type(error).__name__)
        return {"user": claims["sub"]}

    return app
