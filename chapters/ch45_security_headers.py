"""
Q: How do you harden a Flask app's responses? (security headers, cookie flags)

A: Flask sends what a response needs and nothing more: a Flask 3.1 page has ``Content-Type``
and ``Content-Length`` (and ``Vary: Cookie`` if the view read the session), and no
``Content-Security-Policy``, ``X-Frame-Options``, ``X-Content-Type-Options`` or
``Strict-Transport-Security``. The browser's protections behind those headers stay off until
the app asks for them. Flask's docs point to Flask-Talisman for this; it is not installed here,
and it is not needed: one ``after_request`` hook adds the headers to every response, error pages
and plain-text responses included. Adding them only to HTML pages is the usual slip (opinion),
and ``nosniff`` matters most on the responses that are not HTML.

What each header does, shown in Chromium with the attacks it stops:

- ``Content-Security-Policy`` with ``script-src 'self' 'nonce-…'`` runs only the scripts the page
  was sent with: its own, marked with a nonce that is new in every response. A script an attacker
  injects through a reflected XSS (the ``|safe`` specimen) is blocked; without the header it
  runs. CSP is a second line, not a fix: escape first (chapter 33; opinion).
- ``X-Content-Type-Options: nosniff``: ``'self'`` also admits a script whose ``src`` is any URL
  of the site, a text file a visitor controls included; Chromium runs a ``text/plain`` response
  as a script unless ``nosniff`` forbids it.
- ``X-Frame-Options: DENY`` or CSP's ``frame-ancestors 'none'`` (either one suffices in
  Chromium) stops another site from framing the page, the setup of clickjacking.
  ``ALLOW-FROM``, still in some guides (the mintlify page below lists it), is not understood:
  Chromium frames the page.
- ``Strict-Transport-Security`` tells a browser to use https for the host from then on, but
  only when it arrives over https; over plain http Chromium ignores it (RFC 6797, section 8.1),
  so sending it always is harmless, and moving visitors to https is a redirect's job (what
  Talisman's ``force_https`` does; opinion). That it takes effect over https is not proven
  here: it needs a certificate the browser trusts.
- ``X-XSS-Protection`` is not sent. Guides still advise ``1; mode=block`` as a "fallback"
  (https://www.mintlify.com/darkroot192-sudo/auth-security-project/security/security-headers;
  twaldear/flask-secure-headers sends it by default), but Chromium removed the filter it
  switched on (in Chrome 78; not proven here): with that header and no CSP, the reflected
  script runs. Talisman stopped sending it (wntrblm/flask-talisman#28); OWASP advises against
  it.

Cookies: ``SESSION_COOKIE_SECURE``, ``SESSION_COOKIE_HTTPONLY`` and ``SESSION_COOKIE_SAMESITE``
set the session cookie's attributes. Flask's defaults are ``HttpOnly`` and nothing else:
unfault.dev lists ``SESSION_COOKIE_HTTPONLY = False`` among Flask's "insecure defaults"
(https://unfault.dev/docs/reference/rules/python/flask-cookie-settings); it is ``True`` by
default, and ``Secure`` and ``SameSite`` are what is missing (chapter 32 shows each flag at
work). Those settings touch only the session cookie: ``response.set_cookie`` has its own
arguments, all off by default, so a "remember me" token set without them is readable by any
script on the page. ``SESSION_COOKIE_SAMESITE = None`` (Python's None) sends no ``SameSite`` at
all; cross-site embedding needs the string ``"None"`` (pallets/flask#3845), and Chromium refuses
a ``SameSite=None`` cookie that is not ``Secure``, so this app turns ``Secure`` on with it.

The ``Server`` header belongs to the server, not to Flask: setting
``response.headers["Server"]``, as schwern.net suggests to "tune" it
(http://schwern.net/headers-in-flask/), adds a second ``Server`` header after Werkzeug's own.
Change the banner in the server or the proxy in front of it (not proven here).

Claims:
  C1. A Flask 3.1 response has only ``Content-Type`` and ``Content-Length`` (``Vary: Cookie``
      after reading the session): none of CSP, X-Frame-Options, X-Content-Type-Options and
      Strict-Transport-Security, in a bare app or in this one with ``SECURITY_HEADERS`` empty;
      Flask-Talisman is not installed.
  C2. The ``after_request`` hook adds the four headers to every response: any path and method,
      404, 405, a 500 and ``text/plain`` included, with a nonce that differs in every response.
  C3. CSP: the specimen ``/unsafe/search`` reflects a visitor's ``<script>`` (``/search``
      escapes it); Chromium blocks it under this app's policy and runs it without the header,
      while the page's own script, which carries the response's nonce, runs; a script with a
      guessed nonce is blocked.
  C4. Correction: guides advise ``X-XSS-Protection: 1; mode=block`` as a fallback against XSS;
      with it and no CSP (the ``LEGACY_HEADERS`` specimen) Chromium runs the reflected script;
      this app does not send it.
  C5. ``nosniff``: under CSP ``'self'`` an injected ``<script src>`` pointing at the site's own
      ``text/plain`` export runs in Chromium without ``nosniff`` and is refused with it.
  C6. Framing from another loopback origin: ``X-Frame-Options: DENY`` alone, or
      ``frame-ancestors 'none'`` alone, keeps the page out of the frame in Chromium; without
      either, or with the specimen's ``X-Frame-Options: ALLOW-FROM``, the page loads inside it.
  C7. Over plain http Chromium ignores ``Strict-Transport-Security``: after a response carrying it
      from ``http://shop.example`` (a host name that is not loopback, through a proxy), the next
      visit still goes over http and is answered.
  C8. Correction: unfault.dev counts ``HttpOnly`` off among Flask's defaults; Flask's session
      cookie is ``HttpOnly`` and nothing else by default, and this app's config makes it
      ``Secure; HttpOnly; Path=/; SameSite=Lax``.
  C9. ``SESSION_COOKIE_*`` do not reach ``set_cookie``: the specimen's ``remember`` cookie has no
      flag and ``document.cookie`` reads it in Chromium; the one set with ``secure``,
      ``httponly`` and ``samesite`` is invisible to scripts, as the session cookie is.
  C10. ``SESSION_COOKIE_SAMESITE=None`` sends no ``SameSite``; the string ``"None"`` sends
      ``SameSite=None``, which Chromium refuses without ``Secure`` (a bare app logs nobody in);
      this app adds ``Secure`` to it and Chromium keeps the session.
  C11. Correction: schwern.net says setting ``response.headers["Server"]`` changes the Server
      header; on Werkzeug's server the response carries two, Werkzeug's first.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch45_security_headers run
  $ curl -sI http://127.0.0.1:5000/   → Content-Security-Policy: default-src 'self'; script-src 'self' 'nonce-
  → X-Frame-Options: DENY
  → X-Content-Type-Options: nosniff
  → Strict-Transport-Security: max-age=31536000; includeSubDomains
  $ curl -sI http://127.0.0.1:5000/no-such-page   → 404 NOT FOUND
  → X-Content-Type-Options: nosniff  # C2: error pages too
  $ curl -si -X POST http://127.0.0.1:5000/login/ann   → Set-Cookie: remember=
  → Secure; HttpOnly; Path=/; SameSite=Lax
  $ curl -si -X POST http://127.0.0.1:5000/unsafe/login/ann   → Max-Age=2592000; Path=/  # C9: no flag
  $ curl -sI http://127.0.0.1:5000/unsafe/banner   → Server: Werkzeug/
  → Server: hidden  # C11: a second one
  # open /unsafe/search?q=<script>alert(1)</script> in a browser: the console shows CSP's refusal
"""

import secrets
from datetime import timedelta

from flask import Flask, g, make_response, render_template, request, session
from jinja2 import DictLoader

TOPICS = ("headers", "security", "cookies")

SECURITY_HEADERS = {
    # Scripts from this site, or inline with this response's nonce; no plugins, no <base>, no framing.
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",  # heeded over https only (C7)
}
# specimen: what some guides still give: "a fallback against XSS" (C4), framing "from a partner" (C6)
LEGACY_HEADERS = {"X-XSS-Protection": "1; mode=block", "X-Frame-Options": "ALLOW-FROM https://partner.example"}

# set_cookie takes nothing from SESSION_COOKIE_*: every other cookie needs its flags given (C9).
COOKIE_FLAGS = {"secure": True, "httponly": True, "samesite": "Lax"}

TEMPLATES = {
    "layout.html": '<!doctype html><title>Hardened</title>{% block body %}{% endblock %}'
                   '<script nonce="{{ g.csp_nonce }}">window.own = 1</script>',
    "account.html": '{% extends "layout.html" %}{% block body %}<h1>Your account</h1>'
                    '<button id="delete">Delete my account</button>{% endblock %}',
    "search.html": '{% extends "layout.html" %}{% block body %}<p>Results for {{ q }}</p>{% endblock %}',
    "unsafe-search.html": '{% extends "layout.html" %}{% block body %}<p>Results for {{ q|safe }}</p>{% endblock %}',
}


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(
        SECURITY_HEADERS=SECURITY_HEADERS,
        SESSION_COOKIE_SECURE=True,  # https only (loopback counts as secure in browsers)
        SESSION_COOKIE_SAMESITE="Lax",  # pragma: no mutate: Werkzeug title-cases it ("lax" is "Lax")
    )
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY
    app.config.update(config or {})
    if app.config["SESSION_COOKIE_SAMESITE"] == "None":  # browsers refuse SameSite=None without Secure (C10)
        app.config["SESSION_COOKIE_SECURE"] = True
    app.jinja_loader = DictLoader(TEMPLATES)

    @app.before_request
    def make_nonce():  # new in every response: an injected script cannot know it
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def harden(response):  # every response: errors and non-HTML too (nosniff matters there most)
        for name, value in app.config["SECURITY_HEADERS"].items():
            response.headers[name] = value.format(nonce=g.csp_nonce)
        return response

    @app.get("/")
    def account():  # a page worth clickjacking: one click deletes the account
        return render_template("account.html")

    @app.get("/search")
    def search():
        return render_template("search.html", q=request.args.get("q", ""))

    @app.get("/unsafe/search")
    def unsafe_search():  # specimen: a reflected XSS, for the headers to stop
        return render_template("unsafe-search.html", q=request.args.get("q", ""))

    @app.get("/export.txt")
    def export():  # "download your note as text": a visitor's text, on this origin
        return app.response_class(request.args["text"], mimetype="text/plain")

    @app.post("/login/<name>")
    def login(name):  # no password: this chapter is about what the response carries
        session["user"] = name
        response = make_response({"user": name})
        response.set_cookie("remember", secrets.token_urlsafe(16), max_age=timedelta(days=30), **COOKIE_FLAGS)
        return response

    @app.post("/unsafe/login/<name>")
    def unsafe_login(name):  # specimen: "SESSION_COOKIE_* cover every cookie"
        session["user"] = name
        response = make_response({"user": name})
        response.set_cookie("remember", secrets.token_urlsafe(16), max_age=timedelta(days=30))
        return response

    @app.get("/me")
    def me():
        return {"user": session.get("user")}

    @app.get("/unsafe/banner")
    def unsafe_banner():  # specimen: the banner "hidden" from the app
        return "", {"Server": "hidden"}

    return app
