"""
Q: What are the different types of HTTP requests?

A: The methods a REST client uses on a resource are GET (read), POST (create in a collection),
PUT (replace, or create at a known URL), PATCH (change part), DELETE (remove), and the two
Flask answers for you: HEAD (GET's status and headers, no body) and OPTIONS (which methods
the URL accepts, in ``Allow``). A rule accepts GET only unless it says ``methods=[...]``, or
uses a shortcut such as ``@app.post``; ``flask.views.MethodView`` maps methods to class methods.
A method the rule does not accept gets 405 with ``Allow``.

The source lists HEAD beside the others as something you handle with ``@app.route``. You do
not: every GET rule answers HEAD, and every rule answers OPTIONS, with no code of yours.

PUT and DELETE are idempotent: sending one twice leaves the server as sending it once did.
PUT twice stores the same item; DELETE twice leaves the item gone. The status codes may differ:
a PUT that creates the item answers 201 Created and one that replaces it 200 (RFC 9110,
section 9.3.4), and this book's second DELETE answers 404 (the item is not there), which the
client may treat as success: idempotency is about the state, not the status code. POST is not
idempotent: two POSTs create two items.

``request.get_json()`` insists on a JSON content type: a body sent as ``text/plain``, or with
no content type, gets 415 Unsupported Media Type on Werkzeug 3.1; malformed JSON gets 400.

Claims:
  C1. POST to the collection creates an item: 201, a ``Location`` header naming it, the item.
  C2. GET answers 200 with the item, or 404 for one that does not exist.
  C3. PUT to an item that does not exist creates it with 201; PUT to one that exists replaces
      it with 200; PATCH changes some fields; DELETE answers 204 with no body.
  C4. PUT and DELETE are idempotent: twice leaves the same state as once, though the first PUT
      answers 201 and the second 200, and a second DELETE answers 404. Two POSTs create two
      items.
  C5. Correction: HEAD and OPTIONS need no handler: HEAD gets GET's status and every one of
      its headers, with no body; OPTIONS answers 200 with ``Allow``.
  C6. A method the rule does not accept gets 405 with ``Allow`` naming the ones it does.
  C7. ``@app.get``/``@app.post`` shortcuts and a ``MethodView`` route methods like
      ``methods=[...]``; the view's ``as_view`` name is its endpoint for ``url_for``.
  C8. ``get_json`` answers 415 for a body that is not sent as JSON, 400 for malformed JSON;
      the book's views also answer 400 for JSON that is not an object.
  C9. Any JSON object PUT to an item comes back unchanged from GET.
  C10. A rule without ``methods=`` accepts GET only (with the HEAD and OPTIONS Flask adds):
      POST, PUT, PATCH and DELETE get 405.

Try it:
  $ flask --app chapters.ch28_http_methods run
  $ curl -i -X POST -H 'Content-Type: application/json' -d '{"name": "tea"}' http://127.0.0.1:5000/items
  → 201 CREATED
  → Location: /items/1
  $ curl -i -X PUT -H 'Content-Type: application/json' -d '{"name": "jam"}' http://127.0.0.1:5000/items/2
  → 201 CREATED  # created
  $ curl -i -X PUT -H 'Content-Type: application/json' -d '{"name": "jam"}' http://127.0.0.1:5000/items/2
  → 200 OK  # the same again: replaced
  $ curl -i -X POST http://127.0.0.1:5000/   → 405 METHOD NOT ALLOWED
  → Allow:  # GET, HEAD and OPTIONS, in any order
"""

import itertools

from flask import Flask, Response, abort, request, url_for
from flask.views import MethodView

TOPICS = ("http_methods", "rest_api")


def json_object():
    """The request's JSON body, which must be an object: a list or ``null`` is a 400."""
    document = request.get_json()
    if not isinstance(document, dict):
        abort(400, "the body must be a JSON object")
    return document


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})  # pragma: no mutate: no view reads config, none raises
    items, ids = {}, itertools.count(1)

    @app.route("/")  # no methods=: GET only, plus the HEAD and OPTIONS Flask adds
    def index():
        return {"items": url_for("list_items")}

    @app.post("/items")
    def create_item():
        item_id = next(ids)
        items[item_id] = json_object()
        location = url_for("item", item_id=item_id)
        return items[item_id], 201, {"Location": location}  # pragma: no mutate: Werkzeug re-spells "Location"

    @app.route("/items/<int:item_id>", methods=["GET", "PUT", "PATCH", "DELETE"])
    def item(item_id):
        if request.method == "PUT":  # RFC 9110: 201 if the PUT creates the item, 200 if it replaces
            status = 200 if item_id in items else 201
            items[item_id] = json_object()
            return items[item_id], status
        if item_id not in items:
            abort(404)
        if request.method == "PATCH":
            items[item_id] = {**items[item_id], **json_object()}
        elif request.method == "DELETE":
            del items[item_id]
            return Response(status=204)
        return items[item_id]

    @app.get("/items")
    def list_items():
        return {"ids": sorted(items)}

    class Ping(MethodView):
        def get(self):
            return "pong"

        def post(self):
            return "posted", 201

    app.add_url_rule("/ping", view_func=Ping.as_view("ping"))
    return app
