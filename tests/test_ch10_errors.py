import logging

import pytest


@pytest.mark.claim("C1")
def test_404_handler_renders_its_page_with_404(client):
    response = client.get("/missing/<b>")
    assert response.status_code == 404
    assert response.text == "<h1>Not found</h1><p>/missing/&lt;b&gt;</p>"


@pytest.mark.claim("C2")
def test_source_404_handler_without_template_answers_500(chapter):
    client = chapter.create_source_app({"TESTING": False}).test_client()
    response = client.get("/missing")
    assert (response.status_code, response.text) == (500, "Internal Server Error")


@pytest.mark.claim("C3")
def test_handler_returning_only_a_body_answers_200(app):
    app.register_error_handler(405, lambda error: "not allowed here")
    response = app.test_client().post("/boom")
    assert (response.status_code, response.text) == (200, "not allowed here")


@pytest.mark.claim("C4")
def test_testing_propagates_an_unhandled_exception(client):
    with pytest.raises(RuntimeError, match="hunter2"):
        client.get("/boom")


@pytest.mark.claim("C4")
@pytest.mark.flask_config(TESTING=False)
def test_without_testing_an_unhandled_exception_is_a_500(client):
    response = client.get("/boom")
    assert (response.status_code, response.text) == (500, "<h1>Something went wrong</h1>")


@pytest.mark.claim("C5")
@pytest.mark.parametrize(("name", "kind"), [("tea", "OutOfStock"), ("gold", "SoldOut")])
def test_exception_class_handler_covers_subclasses(client, name, kind):
    response = client.get(f"/items/{name}")
    assert (response.status_code, response.get_json()) == (409, {"error": "out of stock", "kind": kind})


@pytest.mark.claim("C6")
def test_catch_all_handler_turns_404_into_500(chapter):
    response = chapter.create_catch_all_app(False).test_client().get("/missing")
    assert (response.status_code, response.text) == (500, "oops")


@pytest.mark.claim("C6")
def test_catch_all_passing_http_exceptions_keeps_404(chapter):
    response = chapter.create_catch_all_app(True).test_client().get("/missing")
    assert response.status_code == 404


@pytest.mark.claim("C7")
@pytest.mark.parametrize("num", ["4", "0", "abc"])
def test_source_divide_leaks_the_error_text_with_200(chapter, num):
    response = chapter.create_source_app().test_client().get(f"/divide/{num}")
    assert response.status_code == 200
    assert response.text == "An error occurred: unsupported operand type(s) for /: 'int' and 'str'"


@pytest.mark.claim("C8")
def test_book_divide_divides_and_refuses_zero(client):
    assert client.get("/divide/4").text == "The result is: 2.5"
    response = client.get("/divide/0")
    assert (response.status_code, response.text) == (400, "Cannot divide by zero.")


@pytest.mark.claim("C9")
@pytest.mark.flask_config(TESTING=False)
def test_500_page_is_generic_and_the_exception_is_logged(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/boom")
    assert "hunter2" not in response.text and "Traceback" not in response.text
    logged = [(r.name, r.getMessage(), r.exc_info[1].args) for r in caplog.records if r.exc_info]
    assert logged == [(client.application.logger.name, "Exception on /boom [GET]",
                       ("database password is hunter2",))]
