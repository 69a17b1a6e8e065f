"""
Q: How do you run a Flask application?

A: During development, with the ``flask`` command: ``flask --app chapters.ch08_running run``
finds the app (here the ``create_app`` factory), and serves it with Werkzeug's development
server on 127.0.0.1:5000 unless ``--host`` and ``--port`` say otherwise. The other way is
``app.run()`` inside the module, guarded by ``if __name__ == "__main__":`` and started with
``python -m``. Both start the same development server, and it says so when it starts: it prints
a warning that it is a development server, not for production (chapter 25 serves with
Gunicorn).

The source's answer is only a view, and its ``@app.route("/user/<username>")`` was lost in
copying. Restored, it is also unsafe: it puts the URL's text into an HTML response as it is,
so ``/user/<img src=x onerror=...>`` sends the browser markup whose script runs on your site
(reflected XSS).
Escape what a view echoes (``markupsafe.escape``, or a template, which escapes for you).

Claims:
  C1. ``flask --app chapters.ch08_running run --port N`` serves the app on 127.0.0.1 over real
      HTTP.
  C2. ``python -m chapters.ch08_running`` (``app.run()`` under ``__main__``) serves the same app.
  C3. Both print the development server's warning that it is not for production.
  C4. The source's view, restored, answers ``/user/ada`` with ``Hello, ada!`` as ``text/html``.
  C5. The source's view reflects markup unescaped into its HTML: an XSS.
  C6. The book's view escapes the name: for any text, the response has no raw ``<``, and it
      reads back as the name.

Try it:
  flask --app chapters.ch08_running run
  curl -i 'http://127.0.0.1:5000/source/user/%3Cimg%20src=x%20onerror=alert(1)%3E'
  PORT=5001 python -m chapters.ch08_running
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


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
