import warnings
from importlib import metadata

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('return {"id": order_id}, 200, {"X-Order": str(order_id)}', 'return {"id": order_id}, 200'),  # headers lost
    "C2": ("class Order(Resource):\n",  # a handler nobody meant: DELETE answers 200
           "class Order(Resource):\n    def delete(self, order_id):\n        return {}\n\n"),
    "C3": ("app.config.update(config or {})",  # production told to propagate, to reach the handler
           'app.config.update({"PROPAGATE_EXCEPTIONS": True, **(config or {})})'),
    "C4": ("    @app.errorhandler(ValueError)\n", "    @app.errorhandler(LookupError)\n"),  # the handler for the wrong error
    "C5": [("    if order_id > 100:\n        abort(404)\n", ""),  # no 404: any id is an order
           ('api = Api(app, prefix="/restful")', 'api = Api(app, prefix="/restful", catch_all_404s=True)')],
    "C6": [("locations = None  #", 'locations = ("args", "form")  #'),  # the fix, so no 415
           ("type=int, required=True,", "type=int,")],  # a missing qty passes as None
    "C7": ('    locations = ("args", "form")\n', '    locations = ("args",)\n'),  # the form forgotten
    "C8": ("locations = None  #", 'locations = ("args", "form")  #'),  # JSON never read: 400, no crash
    "C9": ('FLASK_RESTFUL = "0.3.10"', 'FLASK_RESTFUL = "0.3.9"'),  # the premise: the release run
    "C10": ('FLASK_RESTFUL = "0.3.10"', 'FLASK_RESTFUL = "0.3.9"'),
    "C11": ('headers = [(name, value) for name, value in error.get_headers() if name == "Allow"]',
            "headers = []"),  # the plain 405 loses its Allow header
    "C12": ('api.add_resource(Order, "/orders/<int:order_id>")',  # the endpoint named by hand
            'api.add_resource(Order, "/orders/<int:order_id>", endpoint="order_detail")'),
}

NOT_FOUND = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."


def allowed(response):
    return set(response.headers["Allow"].split(", "))


@pytest.mark.claim("C1")
def test_tuple_return_sets_body_status_and_headers(client):
    response = client.get("/restful/orders/7")
    assert (response.status_code, response.get_json()) == (200, {"id": 7})
    assert ("X-Order", "7") in response.headers.to_wsgi_list()  # the name as sent


@pytest.mark.claim("C2")
def test_undefined_verb_gets_405_with_allow_and_json(client):
    response = client.delete("/restful/orders/7")
    assert (response.status_code, allowed(response)) == (405, {"GET", "HEAD", "OPTIONS"})
    assert response.get_json() == {"message": "The method is not allowed for the requested URL."}


@pytest.mark.claim("C3")
@pytest.mark.flask_config(TESTING=False)
def test_app_errorhandler_is_bypassed_without_testing(client):
    response = client.get("/restful/orders/0")
    assert (response.status_code, response.get_json()) == (500, {"message": "Internal Server Error"})


@pytest.mark.claim("C4")
@pytest.mark.parametrize("flag", ["TESTING", "DEBUG", "PROPAGATE_EXCEPTIONS"])
def test_app_errorhandler_runs_when_exceptions_propagate(chapter, flag):
    client = chapter.create_app({"TESTING": False, flag: True}).test_client()
    response = client.get("/restful/orders/0")
    assert (response.status_code, response.get_json()) == (400, {"message": "order 0 is reserved"})


@pytest.mark.claim("C4")
@pytest.mark.flask_config(TESTING=True, PROPAGATE_EXCEPTIONS=False)
def test_propagate_exceptions_false_shows_the_production_answer_under_testing(client):
    assert client.get("/restful/orders/0").status_code == 500


@pytest.mark.claim("C5")
@pytest.mark.parametrize("testing", [True, False], ids=["testing-on", "testing-off"])
def test_abort_in_a_resource_is_answered_by_the_api(chapter, testing):
    client = chapter.create_app({"TESTING": testing}).test_client()
    assert client.get("/restful/orders/100").status_code == 200
    # The Api's JSON has a space after the colon; the app's handler (jsonify) has none.
    assert client.get("/restful/orders/101").data == b'{"message": "%s"}\n' % NOT_FOUND.encode()
    assert client.get("/nowhere").data == b'{"message":"%s"}\n' % NOT_FOUND.encode()


@pytest.mark.claim("C6")
@pytest.mark.parametrize("method,kwargs", [("get", {"query_string": {"qty": "3"}}), ("post", {"data": {"qty": "3"}})],
                         ids=["get-query-string", "post-form"])
def test_default_parser_answers_415_to_query_string_and_form(client, method, kwargs):
    response = getattr(client, method)("/restful/orders", **kwargs)
    assert (response.status_code, response.get_json()) == (415, {"message": (
        "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.")})


@pytest.mark.claim("C6")
def test_default_parser_reads_json_and_refuses_a_bad_value(client):
    assert client.post("/restful/orders", json={"qty": 3}).get_json() == {"qty": 3}
    response = client.post("/restful/orders", json={"qty": "x"})
    assert (response.status_code, response.get_json()) == (
        400, {"message": {"qty": "invalid literal for int() with base 10: 'x'"}})


@pytest.mark.claim("C6")
def test_default_parser_refuses_a_missing_value(client):
    response = client.post("/restful/orders", json={})
    assert (response.status_code, response.get_json()) == (400, {"message": {
        "qty": "Missing required parameter in the JSON body or the post body or the query string"}})


@pytest.mark.claim("C7")
@pytest.mark.parametrize("method,kwargs,status", [("get", {"query_string": {"qty": "3"}}, 200),
                                                  ("post", {"data": {"qty": "3"}}, 201)],
                         ids=["get-query-string", "post-form"])
def test_named_locations_read_query_string_and_form(client, method, kwargs, status):
    response = getattr(client, method)("/restful/orders-args-form", **kwargs)
    assert (response.status_code, response.get_json()) == (status, {"qty": 3})


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


@pytest.mark.claim("C9")
def test_reqparse_emits_no_warning(chapter, client):
    assert metadata.version("flask-restful") == chapter.FLASK_RESTFUL
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert client.post("/restful/orders", json={"qty": 3}).status_code == 201
    assert caught == []


@pytest.mark.claim("C10")
def test_flask_restful_here_is_0_3_10_listing_python_up_to_3_8(chapter):
    meta = metadata.metadata("flask-restful")
    pythons = [c.rsplit(" :: ", 1)[1] for c in meta.get_all("Classifier") if c.startswith("Programming Language :: Python :: ")]
    assert (meta["Version"], pythons[-1], "2.7" in pythons) == (chapter.FLASK_RESTFUL, "3.8", True)


@pytest.mark.claim("C11")
@pytest.mark.parametrize("method,path", [("get", "/orders/7"), ("get", "/orders/101"), ("delete", "/orders/7")],
                         ids=["found", "missing", "undefined-verb"])
def test_method_view_answers_like_the_resource(client, method, path):
    restful, plain = getattr(client, method)("/restful" + path), getattr(client, method)("/plain" + path)
    assert (plain.status_code, plain.mimetype, plain.get_json()) == (restful.status_code, restful.mimetype, restful.get_json())
    assert (plain.headers.get("X-Order"), plain.headers.get("Allow")) == (restful.headers.get("X-Order"), restful.headers.get("Allow"))


@pytest.mark.claim("C11")
@pytest.mark.parametrize("testing", [True, False], ids=["testing-on", "testing-off"])
def test_method_view_value_error_reaches_the_app_handler(chapter, testing):
    client = chapter.create_app({"TESTING": testing}).test_client()
    assert client.get("/plain/orders/0").get_json() == {"message": "order 0 is reserved"}


@pytest.mark.claim("C12")
def test_url_for_finds_the_resource_and_the_method_view_by_name(app):
    from flask import url_for

    with app.test_request_context():
        assert (url_for("order", order_id=7), url_for("order_view", order_id=7)) == (
            "/restful/orders/7", "/plain/orders/7")
