"""
Q: What is the use of Flask-JWT?

A: Flask-JWT was an extension that issued JSON Web Tokens from a login endpoint and checked them
on views marked ``@jwt_required()``. Its last release, 0.3.2, dates from 2015 (not proven here),
and it cannot work with today's libraries. The book read the 0.3.2 source distribution without
installing it:

- line 18 of its ``flask_jwt/__init__.py`` imports ``_request_ctx_stack`` from ``flask``, a name
  Flask 3.0 removed, so importing the extension fails on the Flask 3.1 this book uses;
- line 132 calls ``.decode('utf-8')`` on the token that PyJWT's ``encode`` returns; PyJWT 2
  returns a ``str``, which has no ``decode``, so its login view would fail too;
- its ``requirements.txt`` pins ``PyJWT>=1.4.0,<1.5.0``, which excludes the PyJWT 2 this book
  uses, so the two cannot be installed together.

The source's own snippet fails one line before Flask-JWT does: ``from werkzeug.security import
safe_str_cmp`` raises ``ImportError``, since Werkzeug 2.1 removed that function (chapter 20 uses
``hmac.compare_digest``, the standard library's constant-time comparison).

What a JWT is, which the source leaves out: three base64url segments, a header, a payload of
claims and a signature, joined by dots. It is signed, not encrypted: anyone holding a token reads
its payload with base64 alone, no key needed, while only the key produces a signature that
verifies. So a token may carry a user id, never a secret.

The maintained ways today are PyJWT used directly (chapter 20 builds the source's app on it) and
Flask-JWT-Extended, a separate extension maintained as its successor (not proven here); the
book does not install it.

Claims:
  C1. Correction: the source's ``from werkzeug.security import safe_str_cmp`` raises
      ``ImportError`` on Werkzeug 3.
  C2. Correction: Flask-JWT 0.3.2's import of ``_request_ctx_stack`` from ``flask`` raises
      ``ImportError`` on Flask 3.1.
  C3. PyJWT 2's ``encode`` returns a ``str``: Flask-JWT's ``.decode('utf-8')`` on it raises
      ``AttributeError``.
  C4. The installed PyJWT is outside Flask-JWT 0.3.2's pin ``>=1.4.0,<1.5.0``.
  C5. A JWT's payload is readable with base64 alone, without the key.
  C6. Only the key verifies the signature: another key, or a changed payload, is refused.
  C7. Neither Flask-JWT nor Flask-JWT-Extended is installed here.

Try it:
  FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))') \\
    flask --app chapters.ch19_flask_jwt run
  curl http://127.0.0.1:5000/token
"""

import jwt
from flask import Flask

TOPICS = ("jwt", "security", "install")


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY from the environment, for "Try it"
    app.config.update(config or {})

    @app.route("/token")
    def token():
        claims = {"sub": "ada", "role": "reader"}
        return {"token": jwt.encode(claims, app.config["SECRET_KEY"], algorithm="HS256")}

    return app
