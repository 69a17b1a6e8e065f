"""
Q: What is route in Flask?

A: A route is a URL rule bound to an endpoint, and the endpoint to a view function. When a
request arrives, Werkzeug's URL map matches its path and method against the rules, converts
the variable parts, and Flask calls the endpoint's view with them as keyword arguments.
``url_for`` runs the map the other way: from an endpoint and values to a URL.

``@app.route(rule, **options)`` takes the rule and options such as ``methods`` and returns a
decorator; the decorator registers the function it is applied to and returns it unchanged.
The source says the decorator "takes a URL as the argument and a function as the value",
which runs the two steps together.

Variables in a rule are typed by converters: ``string`` (the default: any text without a
slash), ``int``, ``float``, ``path`` (text with slashes) and ``uuid``. A value the converter
refuses is not an error in the view: the rule does not match, and the client gets 404. The
``int`` converter refuses a minus sign unless the rule says ``int(signed=True)``, and on
Werkzeug 3.1 it accepts leading zeros and the digits of other scripts, so ``/users/007``
reaches the same view with the same value as ``/users/7``: one resource, several URLs.
Werkzeug's maintainers call that unintended (pallets/werkzeug#3237). On Werkzeug 3.1,
``url_for`` runs the converter backwards without checking the value, so it can build a URL its
own rule refuses.

A rule ends with a slash or it does not, and Flask treats the two differently: a rule with a
trailing slash redirects the slashless URL to it with 308; a rule without one answers 404 for
the slashed URL. A rule registered for some methods answers others with 405 and an ``Allow``
header naming the ones it accepts.

Claims:
  C1. Correction: ``app.route(rule)`` returns a decorator, and the decorator returns the very
      function it registers, under the function's name as endpoint.
  C2. An ``int`` variable reaches the view as a Python ``int``: every non-negative integer of up
      to 4300 digits (Python's limit for reading an ``int`` from text) arrives as that integer;
      a longer one is a 404.
  C3. ``int`` refuses ``-1`` (404) unless the rule says ``int(signed=True)``, and on Werkzeug 3.1
      accepts more than one spelling of a number: ``/users/007`` and ``/users/٠٠٧`` (Arabic-Indic
      digits) reach the view as 7.
  C4. ``float``, ``path`` and ``uuid`` convert their part: ``2.5`` to a float, ``a/b/c`` to a
      string with slashes, a UUID to ``uuid.UUID``; the default ``string`` stops at a slash.
      Each refuses what it cannot convert with 404: ``/prices/2`` (``float`` wants a dot),
      ``/prices/-2.5`` (and no sign), ``/orders/42``.
  C5. A rule with a trailing slash redirects the slashless URL to it with 308; a rule without
      one answers 404 for the slashed URL.
  C6. A method the rule does not accept gets 405 with an ``Allow`` header naming the ones it
      does (plus ``OPTIONS``, and ``HEAD`` with ``GET``); a method it accepts reaches the view.
  C7. ``url_for`` builds the URL of an endpoint from its values, adding unknown values as a
      query string; for every value an ``int``, signed ``int`` or ``string`` rule accepts, the URL
      routes back to the same endpoint and values. On Werkzeug 3.1 it does not check the value against the
      converter: ``user_id=-1`` builds ``/users/-1``, which is a 404.

Try it:
  $ flask --app chapters.ch07_routes routes   → user GET /users/<int:user_id>
  $ flask --app chapters.ch07_routes run
  $ curl -i http://127.0.0.1:5000/users/007   → 200 OK
  → {"user_id":7}
  $ curl -i http://127.0.0.1:5000/users/-1    → 404 NOT FOUND
  $ curl -i http://127.0.0.1:5000/docs        → 308 PERMANENT REDIRECT
  → Location: http://127.0.0.1:5000/docs/
  $ curl -i http://127.0.0.1:5000/messages    → 405 METHOD NOT ALLOWED
"""

from flask import Flask

TOPICS = ("routing",)


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})  # pragma: no mutate: no claim here reads a config value

    @app.route("/users/<int:user_id>")
    def user(user_id):
        return {"user_id": user_id}

    @app.route("/offsets/<int(signed=True):offset>")
    def offset(offset):
        return {"offset": offset}

    @app.route("/prices/<float:price>")
    def price(price):
        return {"price": price}

    @app.route("/files/<path:subpath>")
    def files(subpath):
        return {"subpath": subpath}

    @app.route("/orders/<uuid:order_id>")
    def order(order_id):
        return {"order_id": str(order_id), "type": type(order_id).__name__}

    @app.route("/tags/<name>")
    def tag(name):
        return {"name": name}

    @app.route("/docs/")  # with a trailing slash: /docs redirects here
    def docs():
        return "docs"

    @app.route("/about")  # without one: /about/ is not found
    def about():
        return "about"

    @app.route("/messages", methods=["POST"])
    def post_message():
        return "created", 201

    return app
