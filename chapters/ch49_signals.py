"""
Q: What are signals in Flask?

A: Notifications. At fixed points of its work Flask sends a signal, and every function connected
to it (a receiver) is called with the sender (the app) and the details: ``request_started``,
``template_rendered`` (the template and its context), ``message_flashed`` (message, category),
``got_request_exception`` (the exception), ``request_finished`` (the response), the
``*_tearing_down`` signals (the exception or ``None``) and more. An app or an extension makes its
own with blinker: ``Namespace().signal("order-placed")``, sent with ``send(sender, **data)``.
Receivers are for what watches the app without being part of it: an audit trail, metrics, and
tests, which connect a receiver for one block with ``signal.connected_to(receiver, app)``;
``template_rendered`` tells a test which template a view rendered and with what.

Blinker is not optional. sodocumentation.net (https://sodocumentation.net/flask/topic/2331/signals,
copied at riptutorial.com) says "Signal support is optional; they will only be enabled if Blinker
is installed", and Packt's Mastering Flask Web and API Development
(https://packtpub.com/en-se/product/mastering-flask-web-and-api-development-9781837633227/chapter/chapter-5-building-asynchronous-transactions-7/section/utilizing-asynchronous-signal-notifications-ch07lvl1sec49)
says to "install blinker using the pip command if it is not yet in the virtual environment". That
was Flask before 2.3, whose changelog says "Signals are always available"; Flask 3.1 requires
blinker 1.9, pip installs it with Flask, and Flask does not even import without it.

Signals are synchronous: ``send`` calls each receiver in turn, in the sending thread, and returns
when the last one has returned; the request waits. The same Packt section sets out "to create
custom asynchronous signals"; since Flask 2.3 an ``async def`` receiver is allowed, and Flask
runs it to completion with ``app.ensure_sync`` (on asgiref's event loop, in another thread)
while the request waits for it. A custom signal needs
``send(..., _async_wrapper=app.ensure_sync)`` for that, as Flask's own sends do; without it
blinker raises "Cannot send to a coroutine function." Work that must not hold the request up
belongs in a queue (chapter 38), not in a receiver.

A receiver cannot answer for the view. ``request_started`` resembles ``before_request``, but a
``before_request`` function that returns a response replaces the view, while whatever a receiver
returns is ignored. Flask's docs (3.1.3) say signals "can't directly affect the application";
their receivers are handed live objects, though, and a ``request_finished`` receiver that sets a
header on the response it receives sends that header. A receiver is not isolated either: its
exception goes up through ``send`` into the request, which answers 500.

Two details decide whether a receiver is called at all. The sender: a receiver connected with
``sender=app`` hears that app only (several apps from one factory do not hear each other), and
Flask's docs warn never to send with the ``current_app`` proxy, which is another object: send
``current_app._get_current_object()``. And the reference: ``connect`` holds the receiver by a weak
reference, so a lambda, or a function defined inside ``create_app``, is collected and silently
disconnected as soon as nothing else holds it, as in sabuhish/fastapi-mail#214 and
getpelican/pelican#1386. Connect module-level functions, or pass ``weak=False``; ``connect_via``
and ``connected_to`` hold their receiver strongly. Not proven here: the order in which several
receivers of one signal run (blinker says it is undefined).

Claims:
  C1. Correction: sodocumentation.net says signal support is optional, on only if Blinker is
      installed, and Packt says to pip install blinker if it is missing; Flask 3.1 requires
      blinker 1.9 and does not import without it, and its signals are blinker ``NamedSignal``
      objects. An app makes its own from a blinker ``Namespace``: ``order_placed`` is not
      blinker's global ``signal("order-placed")``.
  C2. ``template_rendered``, connected for one block with ``connected_to``, tells a test which
      template a view rendered and with what context: ``index.html`` with ``name``, and
      ``order.html`` with the order just placed.
  C3. ``place_order`` sends ``order_placed`` with the app and the order, and ``flash`` sends
      ``message_flashed`` with the message and category; the app's receivers put both in its
      audit: ``POST /orders`` leaves ``["order 1: tea", "flash info: order 1 placed"]``.
  C4. A receiver connected with ``sender=app`` hears that app only: two apps from
      ``create_app`` each audit their own orders; a signal sent with the ``current_app`` proxy
      as sender reaches no receiver connected for the app.
  C5. Correction: Packt presents signals as asynchronous notifications; receivers run inside
      ``send``, at a fixed point of the request (``request_started`` before the
      ``before_request`` functions, ``template_rendered`` inside ``render_template``,
      ``request_finished`` after the ``after_request`` functions, each ``*_tearing_down`` after
      its teardown functions), a plain one in the request's thread, and an ``async def`` one is
      run to completion on asgiref's loop thread before ``send`` returns; a custom signal sent
      without ``_async_wrapper`` raises "Cannot send to a coroutine function." for it.
  C6. A receiver cannot answer for the view: ``maintenance``, a ``before_request`` function,
      answers 503 in the view's place, while a ``request_started`` receiver's return value is
      ignored (200). It is handed live objects: a header a ``request_finished`` receiver sets on
      the response is sent.
  C7. A receiver's exception goes up through ``send``: a receiver of ``order_placed`` that
      raises makes ``POST /orders`` answer 500, and one of ``request_started`` stops every view.
  C8. ``got_request_exception`` is sent for an exception nothing handled: ``/boom`` audits
      "error: RuntimeError" and answers 500 (under ``TESTING`` it is sent, then re-raised);
      ``abort(404)`` for an order that does not exist is a response and sends nothing.
  C9. ``connect`` holds receivers by weak references: ``count_request``, defined in
      ``create_app`` and connected with ``connect``, is gone when ``create_app`` returns
      (``counted`` stays 0); a lambda connected in a test is never called; with
      ``weak=False``, ``connect_via`` or ``connected_to`` the receiver is called.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch49_signals run
  $ curl -s -d item=tea http://127.0.0.1:5000/orders   → <p>Order 1: tea</p><p>order 1 placed</p>
  $ curl -si http://127.0.0.1:5000/boom   → 500 INTERNAL SERVER ERROR  # on purpose: C8
  $ curl -si http://127.0.0.1:5000/orders/7   → 404 NOT FOUND
  $ curl -s http://127.0.0.1:5000/audit   → "audit":["order 1: tea","flash info: order 1 placed","error: RuntimeError"]
  → "counted":0
  $ FLASK_MAINTENANCE=true flask --app chapters.ch49_signals run --port 5001
  $ curl -si http://127.0.0.1:5001/   → 503 SERVICE UNAVAILABLE
  $ flask --app chapters.ch49_signals shell
  >>> import flask; print(flask.template_rendered)   → blinker.base.NamedSignal
"""

from blinker import Namespace
from flask import (Flask, abort, current_app, flash, got_request_exception, message_flashed,
                   render_template, request, request_started)
from jinja2 import DictLoader

TOPICS = ("signals",)
DELIBERATE_ERRORS = {"boom": "raises on purpose, for got_request_exception to hear (C8)"}
TEMPLATES = {
    "index.html": "<p>Hello {{ name }}!</p>",
    "order.html": "<p>Order {{ order.id }}: {{ order.item }}</p>"
                  "{% for message in get_flashed_messages() %}<p>{{ message }}</p>{% endfor %}",
}
shop = Namespace()  # the app's own signals, apart from Flask's and from blinker's global ones
order_placed = shop.signal("order-placed")


def place_order(item):  # service code, outside the factory: it finds the app through current_app
    app = current_app._get_current_object()  # the app itself: the proxy is another sender
    order = {"id": len(app.extensions["orders"]) + 1, "item": item}
    app.extensions["orders"].append(order)
    order_placed.send(app, _async_wrapper=app.ensure_sync, order=order)
    return order


# Module-level receivers: blinker's weak references to them stay alive, and each writes to the
# app that sent the signal.
def audit_order(sender, order, **extra):
    sender.extensions["audit"].append(f"order {order['id']}: {order['item']}")


def audit_flash(sender, message, category, **extra):
    sender.extensions["audit"].append(f"flash {category}: {message}")


def audit_error(sender, exception, **extra):
    sender.extensions["audit"].append(f"error: {type(exception).__name__}")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(MAINTENANCE=False)  # pragma: no mutate: None is as false as False
    app.config.from_prefixed_env()
    app.config.update(config or {})
    app.jinja_loader = DictLoader(TEMPLATES)
    app.extensions.update(orders=[], audit=[], counted=0)
    order_placed.connect(audit_order, app)
    message_flashed.connect(audit_flash, app)
    got_request_exception.connect(audit_error, app)

    def count_request(sender, **extra):  # held weakly: gone when create_app returns (C9)
        app.extensions["counted"] += 1  # pragma: no mutate: never runs, which is the point (C9)

    request_started.connect(count_request, app)  # pragma: no mutate: for any sender, gone on return

    @app.before_request
    def maintenance():  # a hook can answer in the view's place; a receiver cannot
        if app.config["MAINTENANCE"]:
            return "down for maintenance\n", 503

    @app.get("/")
    def index():
        return render_template("index.html", name=request.args.get("name", "world"))

    @app.post("/orders")
    def create_order():
        order = place_order(request.form.get("item", "tea"))
        flash(f"order {order['id']} placed", "info")
        return render_template("order.html", order=order), 201

    @app.get("/orders/<int:order_id>")
    def show_order(order_id):
        orders = app.extensions["orders"]
        if not 1 <= order_id <= len(orders):
            abort(404)
        return render_template("order.html", order=orders[order_id - 1])

    @app.get("/audit")
    def audit():
        return {"audit": app.extensions["audit"], "counted": app.extensions["counted"]}

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    return app
