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
``int`` converter refuses a minus sign unless the rule says ``int(signed=True)``, and accepts
leading zeros, so ``/users/007`` reaches the same view as ``/users/7``.

A rule ends with a slash or it does not, and Flask treats the two differently: a rule with a
trailing slash redirects the slashless URL to it with 308; a rule without one answers 404 for
the slashed URL. A rule registered for some methods answers others with 405 and an ``Allow``
header naming the ones it accepts.

Claims:
  C1. Correction: ``app.route(rule)`` returns a decorator, and the decorator returns the very
      function it registers, under the function's name as endpoint.
  C2. An ``int`` variable reaches the view as a Python ``int``: every non-negative integer in
      the URL arrives as that integer.
  C3. ``int`` refuses ``-1`` (404) unless the rule says ``int(signed=True)``, and accepts leading
      zeros: ``/users/007`` reaches the view as 7.
  C4. ``float``, ``path`` and ``uuid`` convert their part: ``2.5`` to a float, ``a/b/c`` to a
      string with slashes, a UUID to ``uuid.UUID``; the default ``string`` stops at a slash.
  C5. A rule with a trailing slash redirects the slashless URL with 308; a rule without one
      answers 404 for the slashed URL.
  C6. A method the rule does not accept gets 405 with an ``Allow`` header naming the ones it
      does (plus ``OPTIONS``, and ``HEAD`` with ``GET``).
  C7. ``url_for`` builds the URL of an endpoint from its values, adding unknown values as a
      query string, and the URL it builds routes back to the same endpoint and values.

Try it:
  flask --app chapters.ch07_routes routes
  flask --app chapters.ch07_routes run
  curl -i http://127.0.0.1:5000/users/007
  curl -i http://127.0.0.1:5000/docs
"""

from flask import Flask

TOPICS = ("routing",)


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

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
