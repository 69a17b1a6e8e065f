"""
Q: How does Flask protect against XSS? What does ``|safe`` do?

A: Cross-site scripting is a visitor's text that the browser runs as code on your page. Flask's
defence is Jinja's autoescaping: every ``{{ value }}`` has ``&``, ``<``, ``>``, ``"`` and ``'``
replaced by character references, so the browser shows the text instead of parsing it. Jinja
itself escapes nothing by default (openillumi.com and runebook.dev say it does:
https://openillumi.com/en/en-flask-jinja2-html-escape-safe-filter,
https://runebook.dev/en/articles/jinja/templates/index/jinja-filters.forceescape); Flask turns
escaping on, and only by the template's name: on Flask 3.1 names ending in ``.html``, ``.htm``,
``.xml``, ``.xhtml`` or ``.svg``, and a template from a string (``render_template_string``).
Anything else, ``page.jinja``, ``page.j2``, an Ansible-style ``page.html.j2`` or ``page.HTML``
(pallets/flask#6013, merged for a later release, ignores case: not proven here), renders
unescaped: "quite a serious gotcha", says the report pallets/flask#2989, to which the maintainers
answer that an app may override ``Flask.select_jinja_autoescape``. For ``.txt`` that is right:
text is served as ``text/plain`` and the browser runs none of it.

``|safe`` and ``Markup`` mark a string as markup: the template prints it as it is. That is for
HTML you wrote or sanitised, never for a visitor's text, and ``Markup(f"<b>{name}</b>")`` marks
the visitor's part too. ``Markup("<b>%s</b>") % name`` (or ``.format``) escapes what goes in and
keeps the bold. A marked value is markup, not template code: ``{{ 7*7 }}`` in it stays as typed.

Autoescaping protects values, not the template. ``render_template_string(f"<p>Hello {name}</p>")``
makes the visitor's text part of the template: ``{{ 7*7 }}`` becomes 49, ``{{ config.SECRET_KEY }}``
prints the key (chapter 32 shows what a key buys), and the template reaches Python's objects and
runs code on the server. This is server-side template injection, and escaping does not stop it,
whatever Packt's *Mastering Flask Web and API Development* says
(https://packtpub.com/en-nl/product/mastering-flask-web-and-api-development-9781837633227/chapter/chapter-9-securing-flask-applications-11/section/securing-response-data-ch11lvl1sec87).
Escaping the name first does not help either, since ``escape`` leaves ``{`` and ``}`` alone
(runebook.dev says otherwise: https://runebook.dev/en/articles/jinja/templates/index/jinja-filters.escape).
Pass the text as a value, ``render_template_string("<p>Hello {{ name }}</p>", name=name)``, and
it is never evaluated, contrary to markaicode.com, which fears that a value such as
``{{ config.SECRET_KEY }}`` may run (https://markaicode.com/flask-3-1-jinja2-template-sanitization).

HTML escaping fits text between tags and attribute values in quotes. It is not enough elsewhere:
in an attribute without quotes a space starts a new attribute, such as ``onerror``; inside a
``<script>`` a backslash escapes the quote that follows it, and the visitor's next value becomes
code, so use ``|tojson`` there, which writes a JavaScript string and escapes ``<``, ``>``, ``&``
and ``'``; and in ``href`` a ``javascript:`` URL has nothing to escape, so check the scheme the
way a browser reads it (``safe_url``). Every attack below runs in Chromium against the unsafe
version (the injected script sets ``window.xss``) and fails against the safe one.

Claims:
  C1. Flask 3.1 autoescapes by the template's name: ``.html``, ``.htm``, ``.xml``, ``.xhtml`` and
      ``.svg`` yes; ``.txt``, ``.jinja``, ``.j2``, ``.html.j2`` and ``.HTML`` no; a subclass that
      overrides ``select_jinja_autoescape`` adds to the list.
  C2. The specimen ``greet.html.j2``, the greeting under a Jinja-style name, runs a visitor's
      ``<script>`` in Chromium; ``greet.html`` shows the same text.
  C3. Correction: openillumi.com and runebook.dev say Jinja escapes by default; a plain Jinja
      ``Environment`` does not, Flask's does, and ``render_template_string`` escapes too.
  C4. ``greet.txt`` is not escaped and is served as ``text/plain``: Chromium shows the script as
      text and runs nothing.
  C5. Any name sent to ``/greet`` comes out as text: Chromium's HTML parser finds no element in
      the greeting and exactly the name in its text.
  C6. ``|safe`` prints a value unescaped: ``/unsafe/bio`` runs a visitor's script in Chromium; the
      value stays markup, not template code (``{{ 7*7 }}`` stays as typed).
  C7. ``Markup(f"<b>{name}</b>")`` (the specimen) runs a visitor's script; ``Markup("<b>%s</b>") %
      name`` keeps any name as text inside the bold.
  C8. Correction: Packt's book says Jinja's escaping avoids server-side template injection;
      ``render_template_string(f"<p>Hello {name}</p>")`` renders ``{{ 7*7 }}`` as 49, prints
      ``config.SECRET_KEY``, runs Python on the server (``os.getpid()``) and runs a script in
      Chromium, with autoescaping on.
  C9. Correction: runebook.dev says ``escape`` turns ``{{ }}`` into entities so that input cannot
      become template code; it leaves braces alone, and the specimen that escapes the name before
      building the template still gives 49, the key, and a script passed on through
      ``request.args`` with ``|safe``.
  C10. Correction: markaicode.com says a value such as ``{{ config.SECRET_KEY }}`` may run; a
      value is never evaluated: any name passed as a value to ``/hello`` or ``/greet`` comes back
      as typed.
  C11. In an attribute without quotes, escaping is not enough: ``src=x onerror=...`` runs its
      handler in Chromium; in quotes the same value is only a broken image's URL.
  C12. In a ``<script>``, HTML escaping is not enough: ``user=\\`` and ``city=;window.xss=1;//`` run
      the attacker's code in the quoted-string specimen; with ``|tojson`` the script's variables
      hold any two strings exactly and run nothing.
  C13. A ``javascript:`` URL in ``href`` runs when clicked, escaped or not; ``safe_url`` keeps
      http, https and relative URLs as they are and turns anything else into ``#``, so for any
      input the link Chromium builds is http, https or no URL at all.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch33_templates_xss run
  $ curl -s 'http://127.0.0.1:5000/greet?name=<script>alert(1)</script>'   → <p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>
  $ curl -s 'http://127.0.0.1:5000/unsafe/greet?name=<script>alert(1)</script>'   → <p>Hello <script>alert(1)</script></p>  # C2: .html.j2
  $ curl -s 'http://127.0.0.1:5000/badge?name=<i>x</i>'   → <p>Hello <b>&lt;i&gt;x&lt;/i&gt;</b></p>
  $ curl -sg 'http://127.0.0.1:5000/unsafe/hello?name={{7*7}}'   → <p>Hello 49</p>  # C8: template injection
  $ curl -sg 'http://127.0.0.1:5000/unsafe/hello?name={{config.SECRET_KEY}}' | grep -c $FLASK_SECRET_KEY   → 1  # the key, printed
  $ curl -sg 'http://127.0.0.1:5000/hello?name={{7*7}}'   → <p>Hello {{7*7}}</p>
  $ curl -s 'http://127.0.0.1:5000/unsafe/profile?user=x&city=y'   → var user = 'x', city = 'y';
  $ curl -s 'http://127.0.0.1:5000/profile?user=x&city=y'   → var user = "x", city = "y";
  $ curl -s 'http://127.0.0.1:5000/link?url=javascript:alert(1)'   → href="#"
  # open the /unsafe/ URLs in a browser to watch the scripts run
"""

import re

from flask import Flask, render_template, render_template_string, request
from jinja2 import DictLoader
from markupsafe import Markup, escape

TOPICS = ("templates", "security")

TEMPLATES = {
    # One greeting under three names: Flask 3.1 decides escaping by the ending (C1).
    "greet.html": "<p>Hello {{ name }}</p>",
    "greet.html.j2": "<p>Hello {{ name }}</p>",  # specimen: a Jinja-style name, never escaped
    "greet.txt": "Hello {{ name }}",
    "bio.html": "<div>{{ bio|safe }}</div>",  # specimen: |safe on a visitor's text
    "avatar.html": '<img alt="avatar" src="{{ src }}">',
    "unsafe-avatar.html": "<img alt=avatar src={{ src }}>",  # specimen: an attribute without quotes
    "profile.html": "<script>var user = {{ user|tojson }}, city = {{ city|tojson }};</script>",
    "unsafe-profile.html": "<script>var user = '{{ user }}', city = '{{ city }}';</script>",  # specimen
    "link.html": '<a id="home" href="{{ url }}">home page</a>',
}

DELIBERATE_ERRORS = {
    "unsafe_hello": "the specimen compiles the visitor's text: '{{' alone is a template syntax error",
    "unsafe_hello_escaped": "the same specimen, with the name escaped first: '{{' still fails",
}

TABS_AND_NEWLINES = re.compile("[\t\n\r]")
C0_AND_SPACE = "".join(map(chr, range(0x21)))
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def safe_url(url):
    """``url`` if a browser would open it over http or https (a relative URL included), else "#"."""
    # As a browser does first: drop tabs and newlines anywhere, controls and spaces at the ends.
    cleaned = TABS_AND_NEWLINES.sub("", url).strip(C0_AND_SPACE)
    scheme = SCHEME.match(cleaned)
    return url if scheme is None or scheme[1].lower() in ("http", "https") else "#"


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY: a key for the injection to leak (C8)
    app.config.update(config or {})
    app.jinja_loader = DictLoader(TEMPLATES)
    arg = lambda name: request.args.get(name, "")  # noqa: E731

    @app.get("/greet")
    def greet():
        return render_template("greet.html", name=arg("name"))

    @app.get("/unsafe/greet")
    def unsafe_greet():
        return render_template("greet.html.j2", name=arg("name"))

    @app.get("/greet.txt")
    def greet_text():
        return app.response_class(render_template("greet.txt", name=arg("name")), mimetype="text/plain")

    @app.get("/unsafe/bio")
    def unsafe_bio():
        return render_template("bio.html", bio=arg("bio"))

    @app.get("/badge")
    def badge():
        return render_template("greet.html", name=Markup("<b>%s</b>") % arg("name"))

    @app.get("/unsafe/badge")
    def unsafe_badge():  # specimen: the f-string is built first, then all of it marked safe
        return render_template("greet.html", name=Markup(f"<b>{arg('name')}</b>"))

    @app.get("/hello")
    def hello():
        return render_template_string("<p>Hello {{ name }}</p>", name=arg("name"))

    @app.get("/unsafe/hello")
    def unsafe_hello():  # specimen: the visitor's text becomes part of the template
        return render_template_string(f"<p>Hello {arg('name')}</p>")

    @app.get("/unsafe/hello-escaped")
    def unsafe_hello_escaped():  # specimen: escaped first, still part of the template
        return render_template_string(f"<p>Hello {escape(arg('name'))}</p>")

    @app.get("/avatar")
    def avatar():
        return render_template("avatar.html", src=arg("src"))

    @app.get("/unsafe/avatar")
    def unsafe_avatar():
        return render_template("unsafe-avatar.html", src=arg("src"))

    @app.get("/profile")
    def profile():
        return render_template("profile.html", user=arg("user"), city=arg("city"))

    @app.get("/unsafe/profile")
    def unsafe_profile():
        return render_template("unsafe-profile.html", user=arg("user"), city=arg("city"))

    @app.get("/link")
    def link():
        return render_template("link.html", url=safe_url(arg("url")))

    @app.get("/unsafe/link")
    def unsafe_link():
        return render_template("link.html", url=arg("url"))

    return app
