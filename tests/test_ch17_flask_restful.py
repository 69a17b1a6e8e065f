from importlib import metadata

import pytest


@pytest.mark.claim("C1")
def test_tuple_return_sets_body_status_and_headers(client):
    response = client.get("/restful/orders/7")
    assert (response.status_code, response.get_json(), response.headers["X-Order"]) == (200, {"id": 7}, "7")
    assert client.delete("/restful/orders/7").status_code == 405


@pytest.mark.claim("C2")
@pytest.mark.flask_config(TESTING=False)
def test_app_errorhandler_is_bypassed_inside_a_resource(client):
    response = client.get("/restful/broken")
    assert (response.status_code, response.get_json()) == (500, {"message": "Internal Server Error"})


@pytest.mark.claim("C3")
def test_abort_in_a_resource_answers_json(client):
    response = client.get("/restful/orders/101")
    assert (response.status_code, response.mimetype) == (404, "application/json")


@pytest.mark.claim("C4")
@pytest.mark.parametrize("kwargs", [{"query_string": {"qty": "3"}}, {"data": {"qty": "3"}}])
def test_default_parser_answers_415_to_args_and_form_posts(client, kwargs):
    assert client.post("/restful/orders", **kwargs).status_code == 415


@pytest.mark.claim("C4")
def test_default_parser_reads_json_and_refuses_a_bad_value(client):
    assert client.post("/restful/orders", json={"qty": 3}).get_json() == {"qty": 3}
    response = client.post("/restful/orders", json={"qty": "x"})
    assert (response.status_code, response.get_json()) == (
        400, {"message": {"qty": "invalid literal for int() with base 10: 'x'"}})


@pytest.mark.claim("C5")
@pytest.mark.parametrize("kwargs", [{"query_string": {"qty": "3"}}, {"data": {"qty": "3"}}])
def test_named_locations_read_args_and_form_posts(client, kwargs):
    response = client.post("/restful/orders-args-form", **kwargs)
    assert (response.status_code, response.get_json()) == (201, {"qty": 3})


@pytest.mark.claim("C6")
def test_flask_restful_here_is_0_3_10():
    assert metadata.version("flask-restful") == "0.3.10"


@pytest.mark.claim("C7")
def test_method_view_serves_the_same_resource(client):
    restful, plain = client.get("/restful/orders/7"), client.get("/plain/orders/7")
    assert (plain.status_code, plain.headers["X-Order"]) == (restful.status_code, restful.headers["X-Order"])
    assert plain.get_json() == restful.get_json()


@pytest.mark.claim("C8")
@pytest.mark.flask_config(TESTING=False)
@pytest.mark.parametrize("document", [False, [None]], ids=["false", "list-of-null"])
def test_reqparse_crashes_on_json_that_is_not_an_object(client, document):
    response = client.post("/restful/orders", json=document)
    assert (response.status_code, response.get_json()) == (500, {"message": "Internal Server Error"})


@pytest.mark.claim("C8")
def test_reqparse_raises_type_error_under_testing(client):
    with pytest.raises(TypeError, match="'bool' object is not iterable"):
        client.post("/restful/orders", json=False)
