import importlib.util

import pytest


@pytest.mark.claim("C1")
def test_core_has_no_orm_or_validation_api(client):
    import flask

    assert not {"SQLAlchemy", "Model", "Form", "FlaskForm", "LoginManager"} & set(dir(flask))
    assert client.get("/extensions").get_json() == {"extensions": []}


@pytest.mark.claim("C2")
def test_async_view_without_asgiref_asks_for_the_extra(client):
    assert importlib.util.find_spec("asgiref") is None
    with pytest.raises(RuntimeError, match=r"Install Flask with the 'async' extra in order to use async views\."):
        client.get("/async")


@pytest.mark.claim("C3")
def test_sync_view_works_and_async_view_is_registered(app, client):
    assert client.get("/sync").text == "sync works"
    assert {"sync_view", "async_view"} <= set(app.view_functions)


@pytest.mark.claim("C4")
def test_route_after_first_request_raises(app, client):
    client.get("/sync")
    with pytest.raises(AssertionError, match=r"The setup method 'route' can no longer be called on the application\."):
        app.route("/late")(lambda: "too late")


@pytest.mark.claim("C5")
@pytest.mark.parametrize(("path", "status"), [("/sync", 200), ("/extensions", 200), ("/late", 404)])
def test_routes_from_the_factory_all_work(client, path, status):
    assert client.get(path).status_code == status
