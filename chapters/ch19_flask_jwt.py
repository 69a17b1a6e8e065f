"""
Q: What is the use of Flask-JWT?

A: Flask-JWT was an extension that issued JSON Web Tokens from a login endpoint and checked them
on views marked ``@jwt_required()``. Its last release, 0.3.2, is from 2015, and it cannot
work with today's libraries. Its module does ``from flask import ... _request_ctx_stack``, a
name Flask removed in 3.0, so importing it fails on the Flask this book uses. Its
``requirements.txt`` pins ``PyJWT>=1.4.0,<1.5.0``, which excludes the PyJWT 2 this book uses,
so pip cannot install the two together. The source's own snippet fails one line earlier:
``from werkzeug.security import safe_str_cmp``, removed in Werkzeug 2.1. (The import line and
the pin were read from the 0.3.2 source distribution; the book does not install it.)

What a JWT is, which the source leaves out: three base64url segments, a header, a payload of
claims and a signature. It is signed, not encrypted: anyone holding a token can read its
payload with base64 alone, no key needed, and only the server's key can produce a signature
that verifies. So a token may carry a user id, never a secret.

The maintained ways today are PyJWT directly (chapter 20) and Flask-JWT-Extended, which this
book does not install (not proven here).

Claims:
  C1. Correction: the source's ``from werkzeug.security import safe_str_cmp`` raises
      ``ImportError`` on Werkzeug 3.
  C2. Correction: Flask-JWT 0.3.2's ``from flask import _request_ctx_stack`` raises
      ``ImportError`` on Flask 3.1.
  C3. The PyJWT installed here is outside Flask-JWT 0.3.2's pin ``>=1.4.0,<1.5.0``, and Flask-JWT
      is not installed.
  C4. A JWT's payload is readable with base64 alone, without the key.
  C5. Only the key verifies the signature: another key, or a changed payload, is refused.

Try it:
  flask --app chapters.ch19_flask_jwt run   # needs SECRET_KEY in the config
  curl http://127.0.0.1:5000/token
"""

import jwt
from flask import Flask

TOPICS = ("jwt", "security", "install")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/token")
    def token():
        claims = {"sub": "ada", "role": "reader"}
        return {"token": jwt.encode(claims, app.config["SECRET_KEY"], algorithm="HS256")}

    return app
