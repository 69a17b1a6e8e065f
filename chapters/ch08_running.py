"""
Q: How do you run a Flask application?

A: During development, with the ``flask`` command: ``flask --app chapters.ch08_running run``
finds the app (here the ``create_app`` factory) and serves it with Werkzeug's development
server on 127.0.0.1, port 5000, unless ``--host`` and ``--port`` say otherwise. 127.0.0.1 is
the loopback address: the server takes no connection on any other address of the machine, so
no other machine can reach it. The other way
is ``app.run()`` inside the module, guarded by ``if __name__ == "__main__":`` and started with
``python -m``; with no ``host`` it binds 127.0.0.1 too. Both start the same development server,
and it says so when it starts: it prints a warning that it is a development server, not for
production (chapter 25 serves with Gunicorn).

The source's answer is only a view, and its ``@app.route("/user/<username>")`` was lost in
copying. Restored, it is also unsafe: it puts the URL's text into an HTML response as it is,
so ``/user/<img src=x onerror=...>`` sends the browser markup whose script runs on your site
(reflected XSS).
Escape what a view echoes (``markupsafe.escape``, or a template, which escapes for you).

Claims:
  C1. ``flask --app chapters.ch08_running run --port N`` serves the app over real HTTP on
      127.0.0.1 only: a connection to 127.0.0.2, another loopback address of the same machine,
      is refused.
  C2. Without ``--host`` and ``--port``, ``flask run`` asks Werkzeug's server for 127.0.0.1 and
      port 5000. (The test intercepts that call, so it needs no free port 5000; C1 shows that the
      server listens where it is asked.)
  C3. ``python -m chapters.ch08_running`` runs ``main()``, whose ``app.run()`` serves the same
      app on 127.0.0.1 only, on the port in ``PORT``, or, without ``PORT``, asks for port 5000.
  C4. Both print the development server's warning that it is not for production.
  C5. The source's view, restored, answers ``/source/user/ada`` with ``Hello, ada!`` as
      ``text/html``.
  C6. The source's view reflects markup unescaped into its HTML: an XSS.
  C7. The book's view escapes the name: for any text, the response has no raw ``<``, and it
      reads back as the name.

Try it:
  $ flask --app chapters.ch08_running run     → Running on http://127.0.0.1:5000
  → WARNING: This is a development server. Do not use it in a production deployment.
  $ curl -i http://127.0.0.1:5000/user/ada    → 200 OK
  → Hello, ada!
  $ curl 'http://127.0.0.1:5000/source/user/%3Cimg%20src=x%20onerror=alert(1)%3E'
  → Hello, <img src=x onerror=alert(1)>!  # the tag, raw: the source's view
  $ curl 'http://127.0.0.1:5000/user/%3Cimg%20src=x%20onerror=alert(1)%3E'
  → Hello, &lt;img src=x onerror=alert(1)&gt;!
  $ PORT=5001 python -m chapters.ch08_running   → Running on http://127.0.0.1:5001
"""

import os

from flask import Flask
from markupsafe import escape

TOPICS = ("serving", "command_line", "security")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/source/user/<username>")
    def show_user(username):  # the source's view, decorator restored: unsafe
        return f"Hello, {username}!"

    @app.route("/user/<username>")
    def greet_user(username):
        return f"Hello, {escape(username)}!"

    return app


def main():
    # No host: app.run() binds 127.0.0.1. Without PORT, port is None and Flask picks 5000.
    create_app().run(port=os.environ.get("PORT"))


if __name__ == "__main__":
    main()
