import pytest


@pytest.mark.claim("C1")
def test_blueprint_routes_answer_under_the_prefix(app, client):
    assert client.get("/shop/items/3").status_code == 200
    assert {"shop.items", "shop.item", "shop.banner", "shop.static"} <= set(app.view_functions)


@pytest.mark.claim("C2")
def test_url_for_inside_and_outside_build_the_same_url(client):
    assert client.get("/shop/items").text == client.get("/links").text == "/shop/items"


@pytest.mark.claim("C3")
def test_blueprint_serves_its_template_and_static_file(client):
    assert client.get("/shop/items/3").text == "<p>shop page for 3</p>"
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
    assert client.get("/store/items").text == "/store/items"
    assert {"shop.items", "store.items"} <= set(app.view_functions)


@pytest.mark.claim("C6")
def test_blueprint_404_handler_covers_its_views_only(client):
    assert client.get("/shop/items/11").text == "no such item in the shop"
    assert client.get("/shop/no-such-page").text == "not found anywhere"
