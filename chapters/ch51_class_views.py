"""
Q: What is a class-based view? How do you write a URL converter?

A: A class-based view is a class that ``as_view(name, *args, **kwargs)`` turns into an ordinary
view function, which you register with ``add_url_rule``. For each request that function makes
an instance of the class (passing ``args`` and ``kwargs`` to ``__init__``) and calls its
``dispatch_request`` with the URL's variables. ``name`` becomes the endpoint that ``url_for``
names, and the function keeps the class as ``view.view_class``. The classes live in
``flask.views``: runebook.dev's page on ``init_every_request``
(https://runebook.dev/en/articles/flask/api/index/flask.views.View.init_every_request) starts
its example with ``from flask import Flask, request, View``, which raises ``ImportError``.

``MethodView`` routes each HTTP method to the method of the same name: ``get``, ``post``,
``delete``... The rule accepts exactly the methods the class defines, plus HEAD (which runs
``get`` and drops the body) and OPTIONS (which Flask answers); any other method gets 405 with an
``Allow`` header that names them. fullstackpython.com
(https://www.fullstackpython.com/flask-views-methodview-examples.html) calls ``MethodView`` "a
Python Metaclass". On Flask 3.1 it is a plain class. Its ``__init_subclass__`` computes
``methods`` once, when each subclass is created, from the methods it defines or inherits, so a
method attached to the class later is never routed. Writing ``methods`` by hand overrides that:
``Ping`` below lists POST and has no ``post``, and POST gets a 500 where a 405 was due.

``init_every_request`` (added in Flask 2.2: not proven here) decides how many instances there
are. True (the default) makes a new instance per request, so whatever a request puts on
``self`` is gone when it ends. False makes one instance, at ``as_view``, shared by every request: ``SharedGreeting``
remembers the last visitor's name and greets the next visitor with it. Keep per-request data on
``g`` or in locals (opinion: leave the default unless ``__init__`` is expensive).

Decorators go in the ``decorators`` class attribute, which wraps the function ``as_view``
makes, so one guard covers every method (the first decorator in the list is the innermost).
A view decorator put on the class with ``@`` replaces the class by a function, and registering
it fails (``AttributeError``). One put on a single method guards that method only: ``Notes``
guards ``get`` and leaves ``post`` open to anyone.

A converter turns a part of the URL into a Python value and back. Werkzeug brings ``string``
(the default), ``int``, ``float``, ``path``, ``uuid`` and ``any``: ``any(tea, coffee)`` matches
those words only, exact case, and ``url_for`` refuses any other with ``ValueError``. ``int``
refuses ``+1`` as it refuses ``-1``. ``uuid`` accepts upper case and hands the view the same
UUID, so one order has two URLs (chapter 7 covers the rest). Your own converter subclasses
``werkzeug.routing.BaseConverter``: ``regex`` is the part of the URL it may match,
``to_python`` makes the view's value, ``to_url`` makes the URL's text for ``url_for``. Register
it in ``app.url_map.converters`` before any rule names it: a rule naming an unknown converter
raises ``LookupError``. ``to_python`` raising ``ValidationError`` means "this rule does not
match": ``/archive/2023-02-30`` is a 404. A ``ValueError`` let out of it is a 500, and URL
matching itself raises it. Make ``to_url`` the exact inverse: ``IsoDateConverter`` uses
``isoformat()``, because ``strftime("%Y-%m-%d")`` writes the year 999 as ``999`` on Linux
(glibc), a URL its own regex refuses.

Flask's own documentation gets a converter wrong. The ``ListConverter`` in the docstring of
``Flask.url_map`` (``flask/sansio/app.py``, 3.1.3), copied as ``DocsListConverter`` below,
splits on commas and joins with ``BaseConverter.to_url``, which leaves ``,`` and ``/`` as they
are. ``url_for`` therefore builds, for ``["a,b"]``, a URL that comes back as ``["a", "b"]``,
and for ``["a/b"]`` or ``[]`` a URL that is a 404. ``TagsConverter`` accepts slugs only and its
``to_url`` raises ``ValueError`` for anything it could not read back: every list ``url_for``
can build comes back unchanged.

Claims:
  C1. ``as_view(name, ...)`` returns a view function: its ``__name__`` is the endpoint, its
      ``view_class`` the class; each call makes an instance with the arguments given to
      ``as_view`` and returns its ``dispatch_request``. Correction: runebook.dev imports
      ``View`` from ``flask``; it lives in ``flask.views``, and ``from flask import View``
      raises ``ImportError``.
  C2. Correction: fullstackpython.com calls ``MethodView`` a metaclass; on Flask 3.1 its type
      is ``type``, and ``methods`` is computed once per subclass, when it is created, from the
      methods it defines or inherits: a method attached afterwards gets 405.
  C3. A ``MethodView`` answers each method it defines with that method, HEAD with ``get`` and
      no body, OPTIONS by itself with ``Allow``; any other method gets 405 with ``Allow``
      naming exactly GET, HEAD, OPTIONS and POST.
  C4. ``methods`` written by hand wins: ``Ping`` lists POST without a ``post`` method, and POST
      gets a 500 (``AssertionError: Unimplemented method 'POST'``), not a 405.
  C5. ``init_every_request`` is True by default: a new instance for every request, so nothing
      on ``self`` reaches the next request. ``SharedGreeting`` sets it to False: one instance,
      created at ``as_view``, and the next visitor is greeted with the previous one's name.
  C6. ``decorators`` wraps the view function, so every method is guarded: without the API key
      (``FLASK_API_KEY``, read as text) GET, HEAD and POST on ``/items`` get 401, with it 200
      and 201; the first decorator listed runs innermost. A decorator on one method guards only that method: ``POST /notes``
      succeeds without a key. A view decorator on the class makes ``as_view`` an
      ``AttributeError``.
  C7. ``any(tea, coffee)`` matches those words only (``Tea`` and ``milk`` are 404s) and
      ``url_for`` refuses another with ``ValueError``; ``int`` refuses ``+7`` and ``-7``;
      ``uuid`` accepts upper case and gives the view the same ``UUID``.
  C8. A custom converter is a ``BaseConverter`` with ``regex``, ``to_python`` and ``to_url``,
      registered in ``app.url_map.converters`` before the rules that name it (a rule naming an
      unregistered converter raises ``LookupError``); ``/archive/2024-02-29`` hands the view
      ``datetime.date(2024, 2, 29)``.
  C9. For any date from 0001-01-01 to 9999-12-31, ``url_for("archive", day=...)`` builds
      ``/archive/YYYY-MM-DD`` and that URL hands the view the same date.
  C10. ``to_python`` raising ``ValidationError`` makes the rule not match: ``2023-02-30`` and
      ``2024-13-01`` are 404s. A ``ValueError`` let out (``NaiveDateConverter``) is a 500,
      raised by URL matching itself.
  C11. Correction: the ``ListConverter`` of Flask's ``url_map`` docstring does not give back
      what ``url_for`` gave it: ``["a,b"]`` returns as ``["a", "b"]``, ``["a/b"]`` and ``[]``
      build 404s. ``TagsConverter`` raises ``ValueError`` for any list it could not read
      back, and any list of slugs goes to the view and back unchanged.

Try it:
  $ export FLASK_API_KEY=$(python -c 'import secrets; print(secrets.token_hex(16))')
  $ flask --app chapters.ch51_class_views run
  $ curl -i -X PUT http://127.0.0.1:5000/items   → 405 METHOD NOT ALLOWED
  $ curl -i http://127.0.0.1:5000/items   → 401 UNAUTHORIZED
  $ curl -s -H "X-Api-Key: $FLASK_API_KEY" -d name=tea http://127.0.0.1:5000/items   → {"added":"tea"}
  $ curl -s -H "X-Api-Key: $FLASK_API_KEY" http://127.0.0.1:5000/items   → {"items":["tea"]}
  $ curl -si -d text=spam http://127.0.0.1:5000/notes   → 201 CREATED  # no key needed: C6
  $ curl -s 'http://127.0.0.1:5000/shared-greeting?name=ada'   → hello, ada
  $ curl -s http://127.0.0.1:5000/shared-greeting   → hello, ada  # another visitor: C5
  $ curl -s http://127.0.0.1:5000/greeting   → hello, stranger
  $ curl -s http://127.0.0.1:5000/archive/2024-02-29   → 2024-02-29 is a Thursday
  $ curl -i http://127.0.0.1:5000/archive/2023-02-30   → 404 NOT FOUND
  $ curl -s http://127.0.0.1:5000/tags/flask,web   → {"tags":["flask","web"]}
  $ flask --app chapters.ch51_class_views shell
  >>> from flask import url_for
  >>> ctx = app.test_request_context(); ctx.push()
  >>> url_for("docs_tagged", tags=["a,b"])   → '/docs-tags/a,b'
  >>> app.test_client().get(url_for("docs_tagged", tags=["a,b"])).json   → {'tags': ['a', 'b']}
"""

import functools
import hmac
import re
from datetime import date

from flask import Flask, abort, current_app, request
from flask.views import MethodView, View
from werkzeug.routing import BaseConverter, ValidationError

TOPICS = ("views", "converters")
DELIBERATE_ERRORS = {"ping": "lists POST in methods without a post method: a 500 on purpose (C4)"}

SLUG = re.compile(r"[a-z0-9-]+")


def require_key(view):
    """A view decorator: 401 unless the request's ``X-Api-Key`` is the configured ``API_KEY``."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        key = current_app.config.get("API_KEY")
        given = request.headers.get("X-Api-Key", "")  # pragma: no mutate: names ignore case; any default but the key is refused
        if not key or not hmac.compare_digest(given.encode(), key.encode()):
            abort(401)
        return view(*args, **kwargs)

    return guarded


class Greeting(View):
    """A plain ``View``: one ``dispatch_request`` for every method; a new instance per request."""

    def __init__(self, word):
        self.word = word
        self.visitor = "stranger"

    def dispatch_request(self):
        if "name" in request.args:
            self.visitor = request.args["name"]
        return f"{self.word}, {self.visitor}"


class SharedGreeting(Greeting):
    """A specimen: one instance for every request, so what a request leaves on ``self`` stays."""

    init_every_request = False


class Items(MethodView):
    """GET lists, POST adds; ``decorators`` guards both, and HEAD, which runs ``get``."""

    decorators = [require_key]

    def __init__(self, store):
        self.store = store

    def get(self):
        return {"items": self.store}

    def post(self):
        self.store.append(request.form.get("name", ""))
        return {"added": self.store[-1]}, 201


class Notes(MethodView):
    """A specimen: the decorator on one method guards that method and no other."""

    def __init__(self, store):
        self.store = store

    @require_key
    def get(self):
        return {"notes": self.store}

    def post(self):
        self.store.append(request.form.get("text", ""))
        return "", 201


class Ping(MethodView):
    """A specimen: ``methods`` written by hand, naming a method the class does not have."""

    methods = ["GET", "POST"]

    def get(self):
        return "pong"


class IsoDateConverter(BaseConverter):
    """``<date:day>``: a calendar date written YYYY-MM-DD, a ``datetime.date`` for the view."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        try:
            return date.fromisoformat(value)
        except ValueError:  # 2023-02-30 has the shape of a date and is none
            raise ValidationError() from None

    def to_url(self, value):
        return value.isoformat()  # the year always in four digits: 0999, not 999


class NaiveDateConverter(IsoDateConverter):
    """A specimen: lets ``ValueError`` out of ``to_python``."""

    def to_python(self, value):
        return date.fromisoformat(value)


class DocsListConverter(BaseConverter):
    """A specimen: the ``ListConverter`` of ``Flask.url_map``'s docstring (flask/sansio/app.py)."""

    def to_python(self, value):
        return value.split(",")

    def to_url(self, values):
        return ",".join(super(DocsListConverter, self).to_url(value) for value in values)


class TagsConverter(BaseConverter):
    """``<tags:tags>``: slugs separated by commas; ``to_url`` refuses what it could not read back."""

    regex = r"[a-z0-9-]+(?:,[a-z0-9-]+)*"

    def to_python(self, value):
        return value.split(",")

    def to_url(self, values):
        if isinstance(values, str) or not values or not all(
                isinstance(value, str) and SLUG.fullmatch(value) for value in values):
            raise ValueError(f"not a list of slugs: {values!r}")
        return ",".join(values)


def add_naive_archive(app):
    """The specimen's rule, kept out of ``create_app``: its ``ValueError`` escapes URL matching."""
    app.url_map.converters["naive_date"] = NaiveDateConverter
    app.add_url_rule("/naive-archive/<naive_date:day>", "naive_archive", lambda day: day.isoformat())


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env(loads=str)  # pragma: no mutate: FLASK_API_KEY kept as text; loads=None fails and keeps it too
    app.config.update(config or {})
    # Converters first: a rule is compiled when it is added, and looks its converters up then.
    app.url_map.converters.update(date=IsoDateConverter, tags=TagsConverter, list=DocsListConverter)

    app.add_url_rule("/greeting", view_func=Greeting.as_view("greeting", "hello"))
    app.add_url_rule("/shared-greeting", view_func=SharedGreeting.as_view("shared_greeting", "hello"))
    app.add_url_rule("/items", view_func=Items.as_view("items", []))
    app.add_url_rule("/notes", view_func=Notes.as_view("notes", []))
    app.add_url_rule("/ping", view_func=Ping.as_view("ping"))

    @app.get("/drinks/<any(tea, coffee):drink>")
    def drink(drink):
        return drink

    @app.get("/pages/<int:number>")
    def page(number):
        return str(number)

    @app.get("/orders/<uuid:order_id>")
    def order(order_id):
        return str(order_id)

    @app.get("/archive/<date:day>")
    def archive(day):
        return f"{day.isoformat()} is a {day:%A}"

    @app.get("/tags/<tags:tags>")
    def tagged(tags):
        return {"tags": tags}

    @app.get("/docs-tags/<list:tags>")
    def docs_tagged(tags):
        return {"tags": tags}

    return app
