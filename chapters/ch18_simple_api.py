"""
Q: Explain how to create a simple RESTful API using Flask-RESTful.

A: Subclass ``Resource``, write one method per HTTP method, and register the class on an
``Api`` bound to the app. A method's return value (a dict here) is serialised to JSON by the
``Api``. The source's snippet does exactly that and works as written on Flask-RESTful 0.3.10
with Flask 3.1; only its ``if __name__ == '__main__':`` line lost its body, which was
``app.run(debug=True)``.

What a client sees of the hello-world resource: ``GET /`` answers 200 with
``{"message": "Hello, World!"}`` followed by a newline (Flask-RESTful's own JSON output, with a
space after the colon, unlike Flask's compact ``jsonify``) as ``application/json``; a real
server sends those 29 bytes with ``Content-Length: 29``. A method the resource does not define
gets 405 with an ``Allow`` header and a JSON error body, not Flask's HTML page. HEAD (the same
headers, no body) and OPTIONS are answered without code. A URL the ``Api`` does not know is
left to Flask: a plain HTML 404.

The restored ``app.run(debug=True)`` starts Werkzeug's development server with its reloader and
its interactive debugger on. Chapter 30 shows that debugger serving a traceback page with a
console. Opinion: a console that runs Python from the browser is why debug mode must never
ship. Debug mode also changes the answer: Flask-RESTful indents its JSON by four spaces when
``app.debug`` is on, so the developer sees 35 bytes where production sends 29.

The book's ``__main__`` block starts the server with both off, and says so with
``run(debug=False)``: a bare ``run()`` is not enough, because ``Flask.run`` reads ``FLASK_DEBUG``
from the environment when no ``debug`` argument is given, and ``FLASK_DEBUG=1`` left in a shell
turns the debugger and the reloader back on. The source's call is kept beside it as
``run_as_the_source_did`` and proven too.
Opinion: the development server itself is for development; deploy behind a WSGI server
(chapter 25).

Claims:
  C1. The source's resource, as written, answers ``GET /`` with 200, ``application/json`` and
      exactly ``{"message": "Hello, World!"}`` and a newline.
  C2. ``POST /`` gets 405 with ``Allow`` listing GET, HEAD and OPTIONS, and a JSON error body.
  C3. HEAD answers 200 with no body, and OPTIONS answers 200 with the same ``Allow``.
  C4. An unknown URL gets Flask's HTML 404, not JSON: the ``Api`` answers only for its resources.
  C5. Over a real socket, GET sends exactly those 29 bytes with ``Content-Length: 29``, and HEAD
      sends the same ``Content-Length`` and no body.
  C6. The source's restored ``app.run(debug=True)`` starts the server with the debugger and the
      reloader on.
  C7. With ``DEBUG`` on, Flask-RESTful indents its JSON by four spaces: ``GET /`` answers 35
      bytes instead of 29.
  C8. The book's ``__main__`` block starts the server on 127.0.0.1:5000 with the debugger and the
      reloader off, also with ``FLASK_DEBUG=1`` in the environment, which turns both on for a
      bare ``run()``.

Try it:
  $ python -m chapters.ch18_simple_api   → Debug mode: off
  $ curl -i http://127.0.0.1:5000/                   → 200 OK
  → {"message": "Hello, World!"}
  $ curl -i -X POST http://127.0.0.1:5000/           → 405 METHOD NOT ALLOWED
  → Allow:  # GET, HEAD and OPTIONS, in any order
  $ FLASK_DEBUG=1 PORT=5001 python -m chapters.ch18_simple_api   → Debug mode: off
"""

import os

from flask import Flask
from flask_restful import Api, Resource

TOPICS = ("rest_api",)


class HelloWorld(Resource):
    def get(self):
        return {"message": "Hello, World!"}


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    api = Api(app)
    api.add_resource(HelloWorld, "/")
    return app


def run_as_the_source_did(app):  # the source's approach: never ship this
    app.run(debug=True)


if __name__ == "__main__":
    # not a bare run(): that one obeys FLASK_DEBUG=1; without PORT, port None means 5000
    create_app().run(debug=False, port=os.environ.get("PORT"))
