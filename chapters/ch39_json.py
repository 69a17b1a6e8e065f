"""
Q: What is the difference between jsonify and returning a dict? How do you control JSON output?

A: For a dict there is none. Flask 3.1 hands a dict, or a list (lists since Flask 2.2, by
its changelog; not proven here), returned from a view to ``app.json.response``, the very method
``jsonify`` calls: same status, same ``application/json`` mimetype, same bytes. ``jsonify``
still does what a return value cannot: it takes keyword arguments (``jsonify(id=7)`` is an
object), several values (an array), one scalar (``jsonify(42)``), or nothing (``null``).
Keyword arguments and positional ones together raise ``TypeError``. Other return values are
not JSON: a string, ``json.dumps``'s output included, is sent as ``text/html``, and an int is an
error.

JSON output is controlled on the provider, ``app.json``, never in ``app.config``:
``sort_keys`` (on by default, and then the keys must be comparable: a dict that mixes int and
str keys fails), ``ensure_ascii`` (on: every non-ASCII character sent as a ``\\uXXXX`` escape)
and ``compact`` (``None``: compact out of debug mode, indented in it). Flask 2.3 removed the
``JSON_SORT_KEYS``, ``JSON_AS_ASCII``, ``JSONIFY_PRETTYPRINT_REGULAR`` and
``JSONIFY_MIMETYPE`` config keys (deprecated in 2.2; that history is Flask's changelog, not
proven here): on 3.1 they are stored like any key and nothing reads them, with no error and no
warning. This app's factory takes the provider's settings from a config key of its own,
``JSON_OPTIONS``, and sets them on ``app.json``.

The default provider turns what ``json.dumps`` rejects into strings: datetimes and dates into
HTTP dates (RFC 822, in GMT: an aware datetime is converted, a naive one is taken as UTC), UUIDs
into their text, Decimals into strings (``"19.90"``, so a client gets a string, not a number),
and dataclasses into objects; a set or a time still raises ``TypeError``. To change that,
subclass ``DefaultJSONProvider`` and set ``app.json`` to an instance; this chapter's sends ISO
8601 dates and sets as sorted lists. The Flask 2.2 way, a ``JSONEncoder`` subclass in
``app.json_encoder``, is gone: ``flask.json`` has no ``JSONEncoder`` and nothing reads
``app.json_encoder``.

Reading JSON: ``request.get_json()`` parses the body only when its Content-Type is
``application/json`` or ``application/<something>+json``; otherwise Werkzeug 3.1 answers 415
(chapter 28 shows it too). ``silent=True`` returns ``None`` instead, for a wrong content type
and for malformed JSON alike, so the view cannot tell them apart; ``force=True`` parses
whatever the content type. What it returns is whatever the client sent, and a list, a string,
a number and ``null`` are JSON too: code that indexes it as a dict (``data["name"]``) fails with
``TypeError`` or ``KeyError``, a 500, where a missing ``request.form["name"]`` raises
Werkzeug's ``BadRequestKeyError``, a 400. Check the shape and ``abort(400)``. Flask's own error
pages are HTML; this app's error handler answers them in JSON, keeping status and headers (the
pattern of Flask's docs).

In a template, ``|tojson`` writes a value as JSON that is safe in a ``<script>`` element and in
a single-quoted attribute: ``<``, ``>``, ``&`` and ``'`` become ``\\u`` escapes, so a value
holding ``</script>`` cannot end the script, as it does when ``json.dumps`` output is marked
``|safe``. It uses the app's provider, but sorts keys whatever ``app.json.sort_keys`` says:
Jinja passes ``sort_keys=True`` itself (its ``json.dumps_kwargs`` policy), which this factory
clears when it turns sorting off.

Published answers get this wrong. An article at kouhan.cn (/en/article/00046065) says that a
view returning a dict makes Flask call it (``TypeError: 'dict' object is not callable``) and that
``jsonify`` is the fix; openillumi.com (/en/en-flask-jsonify-return-list-fix) says ``jsonify``
cannot return a top-level list; runebook.dev's page on ``DefaultJSONProvider.sort_keys``
advises ``app.config['JSON_SORT_KEYS'] = False`` and ``jsonify(data, sort_keys=False)``;
stevejoe1412.gitbook.io ("Custom Encoder") subclasses ``flask.json.JSONEncoder`` and sets
``app.json_encoder``. Each is run below.

Claims:
  C1. Correction (of kouhan.cn): a dict returned from a view is a JSON response, made by
      ``app.json.response`` as ``jsonify``'s is, with the same status, mimetype and bytes;
      ``(dict, 201)`` sets the status.
  C2. Correction (of openillumi.com): a list is JSON too, returned from a view or given to
      ``jsonify``.
  C3. ``jsonify`` makes an object of keyword arguments, an array of several values, and JSON of
      one scalar or of nothing (``null``); given both kinds, as runebook.dev's
      ``jsonify(data, sort_keys=False)`` does, it raises ``TypeError``. A view's ``json.dumps``
      string is sent as ``text/html``, and an int is a ``TypeError``.
  C4. Correction (of runebook.dev): ``JSON_SORT_KEYS``, ``JSON_AS_ASCII``,
      ``JSONIFY_PRETTYPRINT_REGULAR`` and ``JSONIFY_MIMETYPE`` are not Flask 3.1 settings: set,
      they change no byte of a response and raise no warning. ``app.json.sort_keys = False``
      keeps the view's order.
  C5. With ``sort_keys`` on, a dict with an int key beside a str key raises ``TypeError``; with
      it off, the int keys are sent as strings.
  C6. JSON responses are compact by default, indented by two spaces in debug mode, and compact
      in debug mode too with ``app.json.compact = True``.
  C7. The default provider sends datetimes and dates as HTTP dates in GMT (aware ones converted,
      naive ones taken as UTC), UUIDs and Decimals as strings and dataclasses as objects, where
      ``json.dumps`` raises ``TypeError``; a set or a time raises ``TypeError`` still.
  C8. A ``DefaultJSONProvider`` subclass set as ``app.json`` changes every JSON the app writes:
      ISO 8601 dates and sorted lists for sets, in responses and in ``|tojson``. Correction (of
      stevejoe1412.gitbook.io): ``from flask.json import JSONEncoder`` raises ``ImportError``,
      and an encoder set as ``app.json_encoder``, which works with ``json.dumps``, changes
      nothing the app sends.
  C9. ``get_json()`` answers 415 to a body not sent as JSON, accepts ``application/*+json``,
      and answers 400 to malformed JSON; ``silent=True`` returns ``None`` for both;
      ``force=True`` parses the body whatever its content type. Flask's error page is HTML;
      the app's handler sends JSON with the same status and headers (a 405 keeps ``Allow``).
  C10. For any JSON body, the checked view answers 201 when it is an object with a string
      ``name`` and 400 otherwise, never 500; the specimen that indexes the body raises
      ``TypeError`` for a list or a string and ``KeyError`` for an object without ``name`` (a
      500), where a missing form field raises ``BadRequestKeyError`` (a 400).
  C11. For any text, the default output is ASCII only and decodes to the text; with
      ``ensure_ascii`` off it is UTF-8, no longer, and decodes the same, except that a lone
      surrogate, which a client can send as ``\\ud800``, cannot be encoded: ``UnicodeEncodeError``.
  C12. For any name, ``|tojson`` writes the profile with no ``<``, ``>``, ``&`` or ``'`` and it
      decodes to the name; in Chromium a ``</script>`` name runs the attacker's script on the
      specimen page (``json.dumps`` marked ``|safe``) and not on the ``|tojson`` page.
  C13. ``|tojson`` sorts keys even when ``app.json.sort_keys`` is off, by Jinja's
      ``json.dumps_kwargs`` policy; with the policy cleared, as the factory does, the page keeps
      the view's order.

Try it:
  $ flask --app chapters.ch39_json run
  $ curl -i http://127.0.0.1:5000/user   → Content-Type: application/json
  → {"email":"ada@example.org","id":7,"name":"Ada"}
  $ curl http://127.0.0.1:5000/users     → [{"id":7},{"id":8}]
  $ curl -i http://127.0.0.1:5000/dumped   → Content-Type: text/html; charset=utf-8
  $ curl http://127.0.0.1:5000/types     → "price":"19.90"
  → "day":"Thu, 02 Jan 2025 00:00:00 GMT"
  $ curl -i -d '{"name": "Ada"}' http://127.0.0.1:5000/users   → 415 UNSUPPORTED MEDIA TYPE
  $ curl -i -H 'Content-Type: application/json' -d '["Ada"]' http://127.0.0.1:5000/users   → 400 BAD REQUEST
  $ curl -i -H 'Content-Type: application/json' -d '["Ada"]' http://127.0.0.1:5000/users/unchecked   → 500 INTERNAL SERVER ERROR  # on purpose: C10
  $ curl 'http://127.0.0.1:5000/profile?name=%3C/script%3E'   → const profile = {"id": 7, "name": "
  → u003c/script  # after a backslash: the script goes on
  $ curl 'http://127.0.0.1:5000/profile/unsafe?name=%3C/script%3E'   → {"name": "</script>", "id": 7}  # it ends here
  # The Flask 2.2 key is ignored; the provider's setting is not:
  $ FLASK_JSON_SORT_KEYS=false flask --app chapters.ch39_json run --port 5001
  $ curl http://127.0.0.1:5001/user   → {"email":"ada@example.org","id":7,"name":"Ada"}
  $ FLASK_JSON_OPTIONS='{"sort_keys":false,"ensure_ascii":false}' flask --app chapters.ch39_json run --port 5002
  $ curl http://127.0.0.1:5002/user   → {"name":"Ada","id":7,"email":"ada@example.org"}
  $ curl -H 'Content-Type: application/json' -d '{"text": "café"}' http://127.0.0.1:5002/echo/plain   → {"received":{"text":"café"}}
"""

import dataclasses
import datetime
import decimal
import json
import uuid

from flask import Flask, abort, jsonify, render_template_string, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException

TOPICS = ("json", "rest_api")
DELIBERATE_ERRORS = {
    "jsonify_both": "runebook.dev's jsonify(data, sort_keys=False) raises TypeError, by design (C3)",
    "number": "a view that returns an int fails by design (C3)",
    "scores": "an int key beside a str key cannot be sorted: TypeError, by design (C5)",
    "create_user_unchecked": "the specimen that trusts the body's shape fails by design (C10)",
}

USER = {"name": "Ada", "id": 7, "email": "ada@example.org"}  # built in this order


@dataclasses.dataclass
class Book:
    title: str
    price: decimal.Decimal
    published: datetime.date


TYPES = {  # all but the first two are refused by json.dumps
    "count": 3,
    "ratio": 0.5,
    "naive": datetime.datetime(2025, 1, 2, 3, 4, 5),
    "aware": datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    "day": datetime.date(2025, 1, 2),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "price": decimal.Decimal("19.90"),
    "book": Book("Flask", decimal.Decimal("19.90"), datetime.date(2025, 1, 2)),
}

PAGE = "<!doctype html><title>Profile</title><script>const profile = {{ profile|tojson }};</script>"
# Specimen: the pattern many answers show, json.dumps output marked safe.
UNSAFE_PAGE = "<!doctype html><title>Profile</title><script>const profile = {{ profile_json|safe }};</script>"


class ISODatesProvider(DefaultJSONProvider):
    """Dates and times in ISO 8601, as most APIs expect them, and sets as sorted lists."""

    @staticmethod
    def default(o):
        if isinstance(o, (datetime.date, datetime.time)):
            return o.isoformat()
        if isinstance(o, (set, frozenset)):
            return sorted(o)
        return DefaultJSONProvider.default(o)


def with_json_encoder(app):
    """Specimen (stevejoe1412.gitbook.io's custom encoder, rebuilt): the Flask 2.2 way, a
    ``json.JSONEncoder`` subclass in ``app.json_encoder``, an attribute Flask 3.1 never reads."""

    class ISOEncoder(json.JSONEncoder):
        def default(self, o):
            return o.isoformat() if isinstance(o, datetime.date) else super().default(o)

    app.json_encoder = ISOEncoder
    return app


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_JSON_OPTIONS='{"sort_keys":false}' sets JSON_OPTIONS
    app.config.update(config or {})
    if app.config.get("ISO_DATES"):
        app.json = ISODatesProvider(app)
    for name, value in app.config.get("JSON_OPTIONS", {}).items():  # Flask 3.1 reads app.json only
        setattr(app.json, name, value)
    if not app.json.sort_keys:  # |tojson asks for sorted keys itself (Jinja's policy) unless cleared
        app.jinja_env.policies["json.dumps_kwargs"] = {}

    @app.errorhandler(HTTPException)
    def error_as_json(error):  # Flask's error pages are HTML: keep the status and headers, send JSON
        response = error.get_response()
        response.data = app.json.dumps({"error": error.name, "description": error.description})
        response.content_type = "application/json"
        return response

    @app.route("/user")
    def user():
        return USER

    @app.route("/user/jsonify")
    def user_jsonify():
        return jsonify(USER)

    @app.route("/users")
    def users():
        return [{"id": 7}, {"id": 8}]

    @app.post("/users")
    def create_user():
        data = request.get_json()
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            abort(400, description='send a JSON object with a string "name"')
        return {"id": 9, "name": data["name"]}, 201

    @app.post("/users/unchecked")
    def create_user_unchecked():  # specimen: trusts the body to be an object with a name
        return {"id": 9, "name": request.get_json()["name"]}, 201

    @app.route("/jsonify/<any(keywords, several, one, nothing):form>")
    def jsonify_forms(form):
        if form == "keywords":
            return jsonify(name="Ada", id=7)
        if form == "several":
            return jsonify("Ada", 7)
        if form == "one":
            return jsonify(42)
        return jsonify()

    @app.route("/jsonify/both")
    def jsonify_both():  # specimen (runebook.dev): the data and an option in one call
        return jsonify(USER, sort_keys=False)  # pragma: no mutate: any keyword here raises the same TypeError

    @app.route("/dumped")
    def dumped():  # specimen: a string of JSON is a string, sent as HTML
        return json.dumps(USER)

    @app.route("/number")
    def number():
        return 42  # pragma: no mutate: any int is the same error

    @app.route("/scores")
    def scores():  # medals by user id, and their total: int keys beside a str key
        return {7: "gold", 8: "silver", "total": 2}

    @app.route("/types")
    def types():
        return TYPES

    @app.post("/echo/<any(plain, silent, force):how>")
    def echo(how):
        return {"received": request.get_json(silent=how == "silent", force=how == "force")}

    @app.route("/profile")
    def profile():
        return render_template_string(PAGE, profile={"name": request.args.get("name", ""), "id": 7})

    @app.route("/profile/unsafe")
    def profile_unsafe():  # specimen: json.dumps output marked safe
        data = {"name": request.args.get("name", ""), "id": 7}
        return render_template_string(UNSAFE_PAGE, profile_json=json.dumps(data))

    return app
