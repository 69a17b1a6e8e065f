"""
Q: What is Flask-RESTful used for?

A: Flask-RESTful gives an API one class per resource, with one method per HTTP verb
(``Resource``); an ``Api`` object routes the classes and turns what their methods return into
JSON, and ``reqparse`` reads arguments from the request. A method may return a body,
``(body, status)`` or ``(body, status, headers)``; a verb the class does not define gets 405.
Everything below was run on Flask-RESTful 0.3.10 with Flask 3.1 and Werkzeug 3.1.

Errors are where it differs from plain Flask. An ``HTTPException`` raised in a resource
(``abort(404)``) is always answered by the ``Api`` as JSON. Any other exception goes to the
``Api`` first: with ``TESTING``, ``DEBUG`` and ``PROPAGATE_EXCEPTIONS`` all off, as in
production, the ``Api`` answers a JSON 500 and the app's ``@app.errorhandler`` never runs; with
any of them on, the ``Api`` steps aside and the app's handler answers. So a test suite run with
``TESTING`` sees a different answer than production does, unless it also sets
``PROPAGATE_EXCEPTIONS=False``.

``reqparse`` looks in the JSON body first by default. Werkzeug 3.1 answers any attempt to read
JSON from a request that is not ``application/json`` with 415 (since 2.3; not proven here), so a
default parser answers even a plain ``GET /orders?qty=3`` with 415 Unsupported Media Type, and a
form post too; naming the locations (``location=("args", "form")``) fixes it. A required argument
that is missing gets 400, with a message naming the places the parser looked. A JSON body that is
not an object (``false``, ``[null]``) makes the parser itself raise ``TypeError``: a 500, not a
400. Upstream's documentation calls ``reqparse`` deprecated (not proven here), but 0.3.10 emits
no warning.

The installed 0.3.10, released in 2023, was still the newest on the package index when this was
written (neither proven here); its metadata lists Python versions only up to 3.8, and still 2.7.
Opinion: for new work use Flask's own ``MethodView``, which gives the same class-per-resource
shape with no extension. Below, the same order is served both ways with the same answers, and
the app's error handlers apply to the ``MethodView`` whatever ``TESTING`` is. ``url_for`` finds
both by endpoint name: the ``Api`` names a resource after its class, in lower case, and adds its
prefix; ``as_view`` takes the name it is given.

Claims:
  C1. A resource's ``(body, status, headers)`` return sets all three.
  C2. A verb the resource does not define gets 405 with an ``Allow`` header (GET, HEAD,
      OPTIONS) and a JSON body.
  C3. With ``TESTING`` off, an ``@app.errorhandler(ValueError)`` is bypassed for an exception
      raised in a resource: the client gets the ``Api``'s JSON 500.
  C4. With ``TESTING``, ``DEBUG`` or ``PROPAGATE_EXCEPTIONS`` on, the same exception reaches the
      app's handler (400); ``TESTING`` with ``PROPAGATE_EXCEPTIONS=False`` shows the 500.
  C5. ``abort(404)`` in a resource (for an order above 100) is answered by the ``Api`` as JSON,
      with ``TESTING`` on or off; a URL no resource owns goes to the app's own handler.
  C6. Correction (of answers that show ``reqparse`` reading any input): with default locations
      a GET with a query string, and a form post, get 415; a JSON body is parsed, and a bad or a
      missing value gets 400.
  C7. With ``location=("args", "form")`` the same argument is read from a query string or a form.
  C8. A JSON body that is not an object (``false``, ``[null]``) makes ``reqparse`` raise
      ``TypeError``: a 500 instead of a 400 (found by the fuzz test).
  C9. Building and using a ``reqparse`` parser emits no warning on 0.3.10.
  C10. The installed Flask-RESTful is 0.3.10, whose metadata lists Python up to 3.8 and 2.7.
  C11. A ``MethodView`` answers the same status, headers and JSON document as the resource (the
      bytes differ by a space) for a found order, a missing one and an undefined verb; its
      ``ValueError`` reaches the app's handler with ``TESTING`` on or off.
  C12. ``url_for("order", order_id=7)`` builds ``/restful/orders/7`` (the ``Api`` names the
      endpoint after the class ``Order`` and adds its prefix), and ``url_for("order_view",
      order_id=7)`` builds ``/plain/orders/7``.

Try it:
  $ flask --app chapters.ch17_flask_restful run
  $ curl -i 'http://127.0.0.1:5000/restful/orders?qty=3'           → 415 UNSUPPORTED MEDIA TYPE  # the default parser (C6)
  $ curl -i 'http://127.0.0.1:5000/restful/orders-args-form?qty=3' → 200 OK
  → {"qty": 3}
  $ curl -i http://127.0.0.1:5000/restful/orders/0   → 500 INTERNAL SERVER ERROR  # the Api's JSON (C3)
  $ curl -i http://127.0.0.1:5000/plain/orders/0     → 400 BAD REQUEST  # the app's handler (C11)
"""

from flask import Flask, abort
from flask.views import MethodView
from flask_restful import Api, Resource, reqparse
from werkzeug.exceptions import HTTPException

TOPICS = ("rest_api", "errors", "http_methods")
FLASK_RESTFUL = "0.3.10"  # the release every claim here was run on
DELIBERATE_ERRORS = {
    "orders": "reqparse's default parser crashes on JSON that is not an object (C8)",
}


def find_order(order_id):
    if order_id == 0:
        raise ValueError("order 0 is reserved")
    if order_id > 100:
        abort(404)
    return {"id": order_id}, 200, {"X-Order": str(order_id)}


class Order(Resource):
    def get(self, order_id):
        return find_order(order_id)


class OrderView(MethodView):  # the plain-Flask version of the same resource
    def get(self, order_id):
        return find_order(order_id)


class Orders(Resource):
    locations = None  # reqparse's default: the JSON body, then the query string and form

    def parse(self):
        parser = reqparse.RequestParser()
        options = {"location": self.locations} if self.locations else {}
        parser.add_argument("qty", type=int, required=True, **options)
        return parser.parse_args()

    def get(self):
        return self.parse()

    def post(self):
        return self.parse(), 201


class OrdersFromArgsOrForm(Orders):
    locations = ("args", "form")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    api = Api(app, prefix="/restful")
    api.add_resource(Order, "/orders/<int:order_id>")
    api.add_resource(Orders, "/orders")
    api.add_resource(OrdersFromArgsOrForm, "/orders-args-form")
    app.add_url_rule("/plain/orders/<int:order_id>", view_func=OrderView.as_view("order_view"))

    @app.errorhandler(ValueError)
    def bad_value(error):
        return {"message": str(error)}, 400

    @app.errorhandler(HTTPException)
    def http_error(error):  # JSON like the Api's, keeping the Allow header of a 405
        headers = [(name, value) for name, value in error.get_headers() if name == "Allow"]
        return {"message": error.description}, error.code, headers

    return app
