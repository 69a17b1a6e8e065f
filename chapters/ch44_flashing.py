"""
Q: What is ``flash()`` and how does it work?

A: ``flash(message, category="message")`` appends the pair ``(category, message)`` to a list
kept in the session under ``_flashes``, and ``get_flashed_messages()`` takes that list out of
the session again. That is all of it: no store on the server, no expiry, no notion of "the next
request". The usual pattern is flash, redirect, and a layout template that calls
``get_flashed_messages()``: the message crosses the redirect inside the session cookie, the
page shows it, and since the session no longer holds it, a reload shows nothing.

Because the session is a signed cookie (chapter 32), flashed text travels to the browser and
back in it, readable by anyone holding the cookie: base64 decodes it without the key. Packt's
*Full-Stack Flask and React* says the opposite, that flashed messages "are only accessible by
the server and are not sent to the client in plain text, making them secure"
(https://packtpub.com/en-tw/product/full-stack-flask-and-react-9781803248448/chapter/chapter-12-authentication-and-authorization-14/section/implementing-flash-messages-in-flask-ch14lvl1sec18),
and leyaa.ai calls them "temporary notes stored on the server"
(https://leyaa.ai/codefly/learn/flask/part-1/flask-flash-messages-for-user-feedback/deep).
So never flash a secret, such as the API token in this chapter's specimen (opinion). Without a
``SECRET_KEY`` there is no session to write to: ``flash`` raises ``RuntimeError``, while pages
that only read messages still render.

Flask's own docs say flashing records a message "and access it on the next (and only the next)
request" (https://flask.palletsprojects.com/en/stable/quickstart/#message-flashing, and
"next request and only next request" in patterns/flashing). Both halves are off. A message
flashed before the page reads the messages is shown in the same response: a form that fails
validation flashes its error and renders, no redirect needed. And a message waits through any
number of requests that do not read it, a JSON call for example, until some page does; messages
flashed by an API that no page reads pile up in the cookie (apache/superset#44541), which is
also why learncodefast.org's "survives exactly one hop" is wrong
(https://learncodefast.org/courses/flask/flash-messages).

The first ``get_flashed_messages()`` in a request removes every message from the session and
keeps the list on the request: later calls in that request return the same list, so a layout
may read it twice (here: the list, then a count), and a message flashed after the first call
waits in the session for the next request. ``with_categories=True`` gives ``(category,
message)`` pairs, category first, not ``(message, category)`` as sodocumentation.net has it
(https://sodocumentation.net/flask/topic/10756/message-flashing). ``category_filter`` filters
what the call returns, not what it removes: a login page that shows only errors, as the docs'
pattern for "a separate block" does, silently drops every other message, Flask-Login's "Please
log in to access this page." (category ``message``) among them.

Flashed text is a value like any other: the layout's ``{{ message }}`` escapes a visitor's name
that holds a ``<script>``. A layout that adds ``|safe`` so that some message can hold a link
runs that script. The message that needs markup should be ``Markup`` itself: Flask's session
serializer tags ``Markup`` and brings it back as ``Markup``, so that one message keeps its link
and every other message stays escaped.

A cookie holds about 4 KB. When flashed text makes the session cookie larger than 4093 bytes,
Werkzeug warns ("The 'session' cookie is too large") and sends it anyway. Chromium discards such
a cookie (its limit, 4096 bytes of name and value, is not proven here to the byte) and keeps the
one it had, so the message is never shown and nothing fails: the docs' "fail silently"
(pallets/flask#1789). Under warnings as errors, as in this book's tests, the same request raises
``UserWarning``, and outside testing it answers 500 without the cookie. Keep flashed text short
and put long reports in the page itself or on the server (opinion).

Claims:
  C1. ``flash`` then redirect: ``POST /register`` answers 302, the next page shows
      ``Welcome, ann!`` in the ``success`` category, and a reload shows nothing (in Chromium too).
  C2. Correction: Packt's *Full-Stack Flask and React* says flashed messages are not sent to the
      client in plain text, leyaa.ai that they are stored on the server; they are in the session
      cookie, and the specimen's API token is read from it with base64 alone, without the key.
  C3. Correction: Flask's docs say a message is available on the next and only the next request;
      it waits through any requests that do not read it: three ``/api/save`` calls, then a page,
      which shows all three.
  C4. Correction: the same docs sentence; a message flashed before the page reads the messages
      is shown in the same response: ``/register`` with an empty name renders its error, 400.
  C5. The first ``get_flashed_messages()`` in a request removes the messages from the session;
      later calls in the same request return the same list (the layout's count agrees with its
      list), even when a message was flashed after the first call: that one waits in the session
      for the next request, which gets nothing else.
  C6. Correction: sodocumentation.net says ``with_categories=True`` gives ``(message,
      category)``; it gives ``(category, message)``, and a message flashed without a category is
      in ``message``.
  C7. ``category_filter`` filters the return value, not the removal: ``/login`` shows only its
      error, and the welcome message flashed before it is gone from the next page; Flask-Login
      flashes its "Please log in" in the category ``message``.
  C8. Any visitor's name flashed by ``/register`` is shown as text: Chromium's HTML parser finds
      no element inside the message and exactly the name in its text; a ``<script>`` in it does
      not run.
  C9. The specimen layout with ``|safe`` (``/unsafe/``) runs a visitor's ``<script>`` in Chromium.
  C10. A ``Markup`` message keeps its markup through the cookie: ``/login``'s error shows a real
      link, and the session stores it tagged as markup.
  C11. Without a ``SECRET_KEY``, ``flash`` raises ``RuntimeError`` ("The session is unavailable
      because no secret key was set"); a page that reads messages still renders, with none.
  C12. A message that makes the session cookie larger than 4093 bytes makes Werkzeug warn; under
      warnings as errors the request raises ``UserWarning`` (outside testing: 500, no cookie);
      with the warning only logged, Chromium drops the cookie: the message is never shown and the
      cookie Chromium had stays.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch44_flashing run
  $ curl -si -c ~/jar -X POST -d name=ann http://127.0.0.1:5000/register   → 302 FOUND
  → Set-Cookie: session=eyJfZmxhc2hlcyI6W3siIHQiOlsic3VjY2VzcyIsIldlbGNvbWUsIGFubiEiXX1dfQ.
  $ python -c 'import base64; print(base64.urlsafe_b64decode("eyJfZmxhc2hlcyI6W3siIHQiOlsic3VjY2VzcyIsIldlbGNvbWUsIGFubiEiXX1dfQ=="))'   → {"_flashes":[{" t":["success","Welcome, ann!"]}]}  # C2: no key
  $ curl -s -b ~/jar -c ~/jar http://127.0.0.1:5000/   → <p class="flash success">Welcome, ann!</p>
  → <p id="count">1 new</p>
  $ curl -s -b ~/jar -c ~/jar http://127.0.0.1:5000/   → <p id="count">0 new</p>  # C5: read once
  $ curl -s -b ~/jar -c ~/jar -X POST http://127.0.0.1:5000/api/save   → {"saved":true}
  $ curl -s -b ~/jar -c ~/jar -X POST http://127.0.0.1:5000/api/save   → {"saved":true}
  $ curl -s -b ~/jar -c ~/jar http://127.0.0.1:5000/   → <p id="count">2 new</p>  # C3: they waited
  $ curl -s -X POST -d name= http://127.0.0.1:5000/register   → <p class="flash error">Please enter a name.</p>  # C4
  $ curl -s -c ~/jar -X POST -d 'name=<script>alert(1)</script>' http://127.0.0.1:5000/register   → Redirecting
  $ curl -s -b ~/jar http://127.0.0.1:5000/   → Welcome, &lt;script&gt;alert(1)&lt;/script&gt;!
  # open /unsafe/ in a browser instead, after registering that name, to watch the script run
"""

import secrets

from flask import Flask, flash, get_flashed_messages, redirect, render_template, request, url_for
from jinja2 import DictLoader
from markupsafe import Markup

TOPICS = ("flash", "sessions")

TEMPLATES = {
    # Every page shows the messages at the top: the list, then a count (a second call: C5).
    "layout.html": (
        "<!doctype html><title>Flashing</title>\n"
        "{% for category, message in get_flashed_messages(with_categories=true) %}"
        '<p class="flash {{ category }}">{{ message }}</p>\n{% endfor %}'
        '<p id="count">{{ get_flashed_messages()|length }} new</p>\n{% block body %}{% endblock %}'
    ),
    "unsafe-layout.html": (  # specimen: |safe added "so that a message may hold a link"
        "<!doctype html><title>Flashing</title>\n"
        "{% for category, message in get_flashed_messages(with_categories=true) %}"
        '<p class="flash {{ category }}">{{ message|safe }}</p>\n{% endfor %}'
    ),
    "home.html": '{% extends layout %}{% block body %}<form method="post" action="/register">'
                 '<input name="name"><button>Join</button></form>{% endblock %}',
    # The docs' "separate block" for errors, alone on the page: the other messages go too (C7).
    "login.html": '{% for message in get_flashed_messages(category_filter=["error"]) %}'
                  '<p class="flash error">{{ message }}</p>\n{% endfor %}<form method="post"></form>',
}


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY: without a key there is no flashing (C11)
    app.config.update(config or {})
    app.jinja_loader = DictLoader(TEMPLATES)

    @app.get("/")
    def home():
        return render_template("home.html", layout="layout.html")

    @app.get("/unsafe/")
    def unsafe_home():
        return render_template("home.html", layout="unsafe-layout.html")

    @app.post("/register")
    def register():
        name = request.form.get("name", "")
        if not name.strip():  # shown in this very response: no redirect, no next request (C4)
            flash("Please enter a name.", "error")
            return render_template("home.html", layout="layout.html"), 400
        flash(f"Welcome, {name}!", "success")
        return redirect(url_for("home"))

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "POST":  # no users here: every password is wrong
            flash(Markup('Wrong password. <a href="/">Create an account?</a>'), "error")
            return redirect(url_for("login"))
        return render_template("login.html")

    @app.post("/api/save")
    def api_save():  # a JSON endpoint that flashes: no page reads it yet (C3)
        flash("Saved.")
        return {"saved": True}

    @app.post("/unsafe/token")
    def unsafe_token():  # specimen: a secret shown "once" through flash, so in the cookie (C2)
        flash(f"Your new API token: {secrets.token_hex(16)}", "success")
        return redirect(url_for("home"))

    @app.post("/import")
    def import_rows():  # specimen (pallets/flask#1789): every rejected row flashed back
        rejected = [row for row in request.form["rows"].splitlines() if "," not in row]
        flash(f"{len(rejected)} rows rejected: {'; '.join(rejected)}", "error")
        return redirect(url_for("home"))

    return app
