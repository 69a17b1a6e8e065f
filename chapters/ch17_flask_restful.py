"""
Q: What is Flask-RESTful used for?

A: Flask-RESTful adds class-based resources (one method per HTTP method), an ``Api`` that
routes them and turns their return values into JSON, and ``reqparse`` for reading arguments.
A resource method may return a body, ``(body, status)`` or ``(body, status, headers)``.

Two behaviours differ from plain Flask, verified on Flask-RESTful 0.3.10 with Flask 3.1:

- Errors inside a resource go to the ``Api``'s own handler, not the app's: an
  ``@app.errorhandler(ValueError)`` is bypassed and the client gets a JSON 500; an ``abort(404)``
  becomes a JSON 404. (Under ``TESTING`` the exception propagates, as in plain Flask.)
- ``reqparse`` arguments look in the JSON body by default. Since Werkzeug 2.3 reading JSON from
  a request that is not ``application/json`` raises 415, so a parser with default locations
  answers a query string or a form post with 415 Unsupported Media Type. Name the locations
  (``location=("args", "form")``) to read them. And a JSON body that is not an object
(``false``, ``[null]``) makes the parser itself raise ``TypeError``: the client gets a 500, not a
400. The fuzz test found this; the book declares it rather than hiding it.

The installed release is 0.3.10, the newest on the package index, which has seen no release
since 2023 (not proven here); the project's documentation says ``reqparse`` is slated for
removal in favour of libraries such as marshmallow (not proven here either). Flask's own
``MethodView`` gives the same class-per-resource shape with no extension; the app below serves
the same resource both ways.

Claims:
  C1. A resource's ``(body, status, headers)`` return sets all three; a method it does not
      define gets 405.
  C2. An ``@app.errorhandler`` for an exception raised in a resource is bypassed: the client
      gets the ``Api``'s JSON 500 (with ``TESTING`` off).
  C3. ``abort(404)`` in a resource answers JSON, not Flask's HTML page.
  C4. Correction (of answers that show ``reqparse`` reading any input): with default locations,
      a query string or form post gets 415; a JSON body is parsed, and a bad value gets 400.
  C5. With ``location=("args", "form")`` the same argument is read from a query string or form.
  C6. The installed Flask-RESTful is 0.3.10.
  C7. A ``MethodView`` serves the same resource with the same status, headers and body.
  C8. reqparse crashes on a JSON body that is not an object: ``false`` or ``[null]`` raises
      ``TypeError`` inside the parser, a 500 instead of a 400 (found by the fuzz test).

Try it:
  flask --app chapters.ch17_flask_restful run
  curl -i -X POST 'http://127.0.0.1:5000/restful/orders?qty=3'
"""

from flask import Flask, abort
from flask.views import MethodView
from flask_restful import Api, Resource, reqparse

TOPICS = ("rest_api", "errors", "http_methods")
DELIBERATE_ERRORS = {
    "broken": "raises on purpose to show the Api's error handling",
    "orders": "reqparse's default parser crashes on JSON that is not an object (C8)",
}


def order_parser(locations=None):
    parser = reqparse.RequestParser()
    options = {"location": locations} if locations else {}
    parser.add_argument("qty", type=int, required=True, **options)
    return parser


class Order(Resource):
    def get(self, order_id):
        if order_id > 100:
            abort(404)
        return {"id": order_id}, 200, {"X-Order": str(order_id)}


class Orders(Resource):
    def post(self):  # the parser with its default locations
        return order_parser().parse_args(), 201


class OrdersFromArgsOrForm(Resource):
    def post(self):
        return order_parser(("args", "form")).parse_args(), 201


class Broken(Resource):
    def get(self):
        raise ValueError("no handler of the app sees this")


class OrderView(MethodView):
    def get(self, order_id):
        return {"id": order_id}, 200, {"X-Order": str(order_id)}


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    api = Api(app, prefix="/restful")
    api.add_resource(Order, "/orders/<int:order_id>")
    api.add_resource(Orders, "/orders")
    api.add_resource(OrdersFromArgsOrForm, "/orders-args-form")
    api.add_resource(Broken, "/broken")
    app.add_url_rule("/plain/orders/<int:order_id>", view_func=OrderView.as_view("order_view"))

    @app.errorhandler(ValueError)
    def value_error(error):
        return {"handled_by": "the app"}, 418

    return app
