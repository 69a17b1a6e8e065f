"""
Q: What are Flask Blueprints? Flask Blueprints are used to organize a Flask application into
smaller, reusable components. They allow you to register views, templates, and static files
for a specific feature or module.

A: A blueprint records routes, error handlers, templates and static files, and applies them
when an app registers it, optionally under a URL prefix. Its endpoints are named
``"<blueprint>.<view>"``. Inside the blueprint, ``url_for(".items")`` names the view in the
registration that is handling the request, so a blueprint registered twice builds each one's own
URL; outside, ``url_for("shop.items")`` names the view in full. Its templates and static files
come from its own folders (here ``ch12_blueprints_files/``), the static files served at
``/<prefix>/static/``.

The source's description is right, with three details it leaves out. Templates share one
namespace: when the app and a blueprint both have ``banner.html``, the app's wins, which is why
a blueprint's templates usually live in a subfolder named after it (``shop/page.html``). A
blueprint registered twice needs a new ``name=`` for the second registration, else Flask 3.1
raises ``ValueError``. And a blueprint's ``errorhandler(404)`` handles only a 404 raised by its
own views: an unknown URL under its prefix never reaches the blueprint (routing fails before
any blueprint is chosen), so that 404 needs ``app_errorhandler`` or an app-level handler.

Claims:
  C1. The blueprint's routes answer under its prefix, with endpoints named ``shop.<view>``.
  C2. ``url_for(".items")`` inside the blueprint builds the URL of the registration handling the
      request (``/shop/items`` under ``/shop``, ``/store/items`` under ``/store``);
      ``url_for("shop.items")`` outside the blueprint builds ``/shop/items``.
  C3. The blueprint serves its own template and its own static file under its prefix.
  C4. When the app and the blueprint both have ``banner.html``, the app's template wins.
  C5. Registering the same blueprint twice raises ``ValueError`` unless the second registration
      has its own ``name=``; then both prefixes answer, with separate endpoint names.
  C6. The blueprint's ``errorhandler(404)`` handles ``abort(404)`` in its views but not an unknown
      URL under its prefix; ``app_errorhandler`` handles that.

Try it:
  $ flask --app chapters.ch12_blueprints routes   → shop.items GET /shop/items
  → store.items GET /store/items
  $ flask --app chapters.ch12_blueprints run
  $ curl http://127.0.0.1:5000/shop/items/3   → <p>shop page for 3</p>
  $ curl http://127.0.0.1:5000/links
"""

from pathlib import Path

from flask import Blueprint, Flask, abort, render_template, url_for
from jinja2 import DictLoader

TOPICS = ("blueprints", "templates", "routing", "errors")
FILES = Path(__file__).with_name("ch12_blueprints_files")


def create_blueprint():
    shop = Blueprint("shop", __name__, template_folder=FILES / "templates",
                     static_folder=FILES / "static")

    @shop.route("/items")
    def items():
        return url_for(".items")

    @shop.route("/items/<int:item_id>")
    def item(item_id):
        if item_id > 10:
            abort(404)
        return render_template("shop/page.html", item=item_id)

    @shop.route("/banner")
    def banner():
        return render_template("banner.html")

    @shop.errorhandler(404)
    def shop_not_found(error):
        return "no such item in the shop", 404

    @shop.app_errorhandler(404)
    def anywhere_not_found(error):
        return "not found anywhere", 404

    return shop


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})  # pragma: no mutate: no claim here reads a config value
    app.jinja_loader = DictLoader({"banner.html": "<p>the app's banner</p>"})
    shop = create_blueprint()
    app.register_blueprint(shop, url_prefix="/shop")
    app.register_blueprint(shop, url_prefix="/store", name="store")

    @app.route("/links")
    def links():
        return url_for("shop.items")

    return app
