"""
Q: What is the use of Flask-JWT?

A: Flask-JWT was an extension that issued JSON Web Tokens from a login endpoint (``/auth``) and
checked them on views marked ``@jwt_required()``. Its last release, 0.3.2, dates from November
2015, and its repository has marked it abandoned since 2017 (not proven here: the package index
and pallets-eco/flask-jwt#123 say so). It cannot work with today's libraries.

The book does not install it, and cannot: its release pins ``PyJWT>=1.4.0,<1.5.0`` (its
published metadata, not read here), and the book needs PyJWT 2. What the book runs is every line
that stands between the source's answer and a working app, with the libraries installed here:

- the source's ``from flask_jwt import JWT, jwt_required, current_identity`` raises
  ``ModuleNotFoundError``;
- its ``from werkzeug.security import safe_str_cmp`` raises ``ImportError``: Werkzeug removed the
  function (in 2.1; not proven here). Chapter 20 uses ``hmac.compare_digest``, the standard
  library's constant-time comparison;
- Flask-JWT's module imports ``_request_ctx_stack`` from ``flask`` (its line 18, read in its
  source, not run here), and that import raises ``ImportError`` on Flask 3.1;
- its login endpoint calls ``.decode('utf-8')`` on what PyJWT's ``encode`` returns (its line 132,
  read, not run); PyJWT 2 returns a ``str``, which has no ``decode``;
- the installed PyJWT is outside the range Flask-JWT pins.

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
  C2. The source's ``from flask_jwt import JWT, jwt_required, current_identity`` raises
      ``ModuleNotFoundError``: the book installs neither Flask-JWT nor Flask-JWT-Extended.
  C3. Correction: ``from flask import _request_ctx_stack``, the import Flask-JWT 0.3.2 makes
      (read in its source, not run), raises ``ImportError`` on Flask 3.1.
  C4. PyJWT 2's ``jwt.encode`` returns a ``str``, so the ``.decode('utf-8')`` that Flask-JWT
      0.3.2's login calls on it (read in its source, not run) raises ``AttributeError``.
  C5. The installed PyJWT is outside ``>=1.4.0,<1.5.0``, the range Flask-JWT 0.3.2 pins (its
      published metadata, not read here).
  C6. A JWT's payload is readable with base64 alone, without the key: the chapter's token
      carries the user's name and role and nothing else.
  C7. The token's signature verifies with the app's ``SECRET_KEY`` only: another key, or a
      changed payload, is refused.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch19_flask_jwt run
  $ curl http://127.0.0.1:5000/token   → {"token":"eyJ
  $ python -c 'from chapters.ch19_flask_jwt import SOURCE_IMPORTS; exec(SOURCE_IMPORTS[1])'
  → ImportError: cannot import name 'safe_str_cmp' from 'werkzeug.security'
"""

import jwt
from flask import Flask

TOPICS = ("jwt", "security", "install")
SOURCE_IMPORTS = (  # the source's first two lines
    "from flask_jwt import JWT, jwt_required, current_identity",
    "from werkzeug.security import safe_str_cmp",
)
FLASK_JWT_IMPORT = "from flask import _request_ctx_stack"  # Flask-JWT 0.3.2, line 18 (its source)
FLASK_JWT_PYJWT_PIN = ">=1.4.0,<1.5.0"  # what Flask-JWT 0.3.2 requires (its published metadata)


def sign(claims, key):
    """A token as PyJWT 2 makes one: HS256, the algorithm Flask-JWT used by default."""
    return jwt.encode(claims, key, algorithm="HS256")  # pragma: no mutate: HS256 is PyJWT's default, the same token without it


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY from the environment, for "Try it"
    app.config.update(config or {})

    @app.route("/token")
    def token():
        claims = {"sub": "ada", "role": "reader"}  # a name and a role: never a secret
        return {"token": sign(claims, app.config["SECRET_KEY"])}

    return app
