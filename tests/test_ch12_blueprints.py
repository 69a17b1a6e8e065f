import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('app.register_blueprint(shop, url_prefix="/shop")', "app.register_blueprint(shop)"),  # prefix dropped
           ('Blueprint("shop", __name__', 'Blueprint("shops", __name__')],  # endpoints named shops.*
    "C2": [('return url_for(".items")', 'return url_for("shop.items")'),  # the blueprint's name hard-coded
           ('return url_for("shop.items")', 'return url_for("items")')],  # the blueprint left out outside
    "C3": [('template_folder=FILES / "templates"', 'template_folder="templates"'),  # relative to chapters/
           ('static_folder=FILES / "static"', 'static_folder="static"')],
    "C4": ('DictLoader({"banner.html":', 'DictLoader({"app/banner.html":'),  # only the blueprint has banner.html
    "C5": (', url_prefix="/store", name="store")', ', url_prefix="/store")'),  # the second name forgotten
    "C6": [("@shop.app_errorhandler(404)", "@shop.errorhandler(404)"),  # an unknown URL is not the blueprint's
           ("@shop.errorhandler(404)", "@shop.app_errorhandler(404)")],  # one handler for every 404
}


@pytest.mark.claim("C1")
def test_blueprint_routes_answer_under_the_prefix(app, client):
    assert client.get("/shop/items/3").status_code == 200
    assert {"shop.items", "shop.item", "shop.banner", "shop.static"} <= set(app.view_functions)


@pytest.mark.claim("C2")
def test_dot_builds_the_url_of_the_registration_handling_the_request(client):
    assert client.get("/shop/items").text == "/shop/items"
    assert client.get("/store/items").text == "/store/items"


@pytest.mark.claim("C2")
def test_the_full_name_outside_builds_the_shop_url(client):
    assert client.get("/links").text == "/shop/items"


@pytest.mark.claim("C3")
def test_blueprint_serves_its_template_and_static_file(client):
    assert client.get("/shop/items/10").text == "<p>shop page for 10</p>"
    response = client.get("/shop/static/shop.css")
    assert (response.status_code, response.text) == (200, ".shop { color: green; }\n")
    response.close()


@pytest.mark.claim("C4")
def test_the_apps_template_wins_over_the_blueprints(client):
    assert client.get("/shop/banner").text == "<p>the app's banner</p>"


@pytest.mark.claim("C5")
def test_registering_twice_needs_a_new_name(chapter):
    from flask import Flask

    app, shop = Flask(__name__), chapter.create_blueprint()
    app.register_blueprint(shop, url_prefix="/shop")
    with pytest.raises(ValueError, match="The name 'shop' is already registered for this blueprint"):
        app.register_blueprint(shop, url_prefix="/store")


@pytest.mark.claim("C5")
def test_a_second_registration_with_its_own_name_answers(app, client):
    assert client.get("/store/items/3").text == "<p>shop page for 3</p>"
    assert {"shop.items", "store.items"} <= set(app.view_functions)


@pytest.mark.claim("C6")
def test_blueprint_404_handler_covers_its_views_only(client):
    response = client.get("/shop/items/11")
    assert (response.status_code, response.text) == (404, "no such item in the shop")
    response = client.get("/shop/no-such-page")
    assert (response.status_code, response.text) == (404, "not found anywhere")
