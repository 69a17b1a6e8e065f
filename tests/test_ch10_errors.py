import logging

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("{{ request.path }}", "{{ request.path|safe }}"),  # the path reflected raw: XSS
           ('def not_found(error):\n        return render_template("404.html"), 404',
            'def not_found(error):\n        return render_template("404.html")')],  # status lost: 200
    "C2": ('render_template("404.html"), 404  # a template',  # the page inline: no template to miss
           '"<h1>Not found</h1>", 404  # a template'),
    "C3": ('return "no such page"  #', 'return "no such page", 404  #'),  # the fix: the status kept
    "C4": ("app.config.update(config or {})\n    app.jinja_loader",  # set to see the error page
           "app.config.update(config or {}, PROPAGATE_EXCEPTIONS=False)\n    app.jinja_loader"),
    "C5": ("app.config.update(config or {})\n    app.jinja_loader",  # set for an error tracker
           "app.config.update(config or {}, PROPAGATE_EXCEPTIONS=True)\n    app.jinja_loader"),
    "C6": [("@app.errorhandler(OutOfStock)", "@app.errorhandler(SoldOut)"),  # the subclass only
           ("class SoldOut(OutOfStock):", "class SoldOut(LookupError):")],  # not a subclass
    "C7": [("return error  # an HTTPException", "return str(error)  # an HTTPException"),  # 200
           ("@app.errorhandler(Exception)\n    def everything", "@app.errorhandler(500)\n    def everything")],
    "C8": ('@app.route("/divide/<num>")', '@app.route("/divide/<int:num>")'),  # the converter fix
    "C9": [('        if num == 0:\n            return "Cannot divide by zero.", 400\n', ""),  # 500s
           ('return "Cannot divide by zero.", 400', 'return "Cannot divide by zero."')],  # 200
    "C10": [('render_template_string("<h1>Something went wrong</h1>"), 500',  # the error text leaks
             'f"<h1>Something went wrong: {error.original_exception}</h1>", 500'),
            ("@app.errorhandler(500)\n    def server_error",  # it answers first: nothing is logged
             "@app.errorhandler(Exception)\n    def server_error")],
}


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


@pytest.mark.claim("C2")
def test_source_404_handler_raises_template_not_found(chapter):
    from jinja2 import TemplateNotFound

    with pytest.raises(TemplateNotFound, match=r"^404\.html$"):
        chapter.create_source_app({"TESTING": True}).test_client().get("/missing")


@pytest.mark.claim("C2")
def test_source_404_handler_given_the_template_answers_404(chapter):
    from jinja2 import DictLoader

    app = chapter.create_source_app()
    app.jinja_loader = DictLoader({"404.html": "gone"})
    response = app.test_client().get("/missing")
    assert (response.status_code, response.text) == (404, "gone")


@pytest.mark.claim("C3")
def test_handler_returning_only_a_body_answers_200(chapter):
    response = chapter.create_lost_status_app().test_client().get("/missing")
    assert (response.status_code, response.text) == (200, "no such page")


@pytest.mark.claim("C4")
@pytest.mark.parametrize("config", [{"TESTING": True}, {"TESTING": False, "DEBUG": True},
                                    {"TESTING": False, "PROPAGATE_EXCEPTIONS": True}])
def test_an_unhandled_exception_is_raised_into_the_caller(chapter, config):
    client = chapter.create_app(config).test_client()
    with pytest.raises(RuntimeError, match="hunter2"):
        client.get("/boom")


@pytest.mark.claim("C5")
@pytest.mark.parametrize("config", [{"TESTING": False}, {"TESTING": True, "PROPAGATE_EXCEPTIONS": False}])
def test_otherwise_an_unhandled_exception_is_a_500(chapter, config):
    response = chapter.create_app(config).test_client().get("/boom")
    assert (response.status_code, response.text) == (500, "<h1>Something went wrong</h1>")


@pytest.mark.claim("C6")
@pytest.mark.parametrize(("name", "kind"), [("tea", "OutOfStock"), ("gold", "SoldOut")])
def test_exception_class_handler_covers_subclasses(client, name, kind):
    response = client.get(f"/items/{name}")
    expected = {"error": "out of stock", "item": name, "kind": kind}
    assert (response.status_code, response.get_json()) == (409, expected)


@pytest.mark.claim("C7")
def test_catch_all_handler_turns_404_into_500(chapter):
    response = chapter.create_catch_all_app(False).test_client().get("/missing")
    assert (response.status_code, response.text) == (500, "oops")


@pytest.mark.claim("C7")
def test_catch_all_passing_http_exceptions_keeps_404(chapter):
    response = chapter.create_catch_all_app(True).test_client().get("/missing")
    assert (response.status_code, response.mimetype) == (404, "text/html")
    assert "<h1>Not Found</h1>" in response.text


@pytest.mark.claim("C8")
def test_source_divide_leaks_the_error_text_with_200_for_any_number(chapter):
    from urllib.parse import quote

    from hypothesis import example, given, strategies as st

    client = chapter.create_source_app({"TESTING": True}).test_client()
    text = st.text(st.characters(exclude_characters="/", exclude_categories=["Cs"]), min_size=1)

    @given(st.one_of(st.integers().map(str), st.floats().map(str), text))  # numbers weighted in
    @example("4")
    @example("0")
    @example("-1")
    @example("abc")
    def check(num):
        response = client.get("/divide/" + quote(num, safe=""))
        assert response.status_code == 200
        assert response.text == "An error occurred: unsupported operand type(s) for /: 'int' and 'str'"

    check()


@pytest.mark.claim("C9")
def test_book_divide_divides_and_refuses_zero(client):
    assert client.get("/divide/4").text == "The result is: 2.5"
    response = client.get("/divide/0")
    assert (response.status_code, response.text) == (400, "Cannot divide by zero.")


@pytest.mark.claim("C10")
@pytest.mark.flask_config(TESTING=False)
def test_500_page_is_generic_and_the_exception_is_logged(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/boom")
    assert "hunter2" not in response.text and "Traceback" not in response.text
    logged = [(r.name, r.getMessage(), r.exc_info[1].args) for r in caplog.records if r.exc_info]
    assert logged == [(client.application.logger.name, "Exception on /boom [GET]",
                       ("database password is hunter2",))]


@pytest.mark.claim("C10")
@pytest.mark.flask_config(TESTING=False)
def test_the_exception_is_logged_before_the_500_handler_runs(app, caplog):
    from flask import template_rendered

    logged_when_rendering = []

    def rendering(sender, template, context, **extra):
        logged_when_rendering.append([record.getMessage() for record in caplog.records])

    with template_rendered.connected_to(rendering, app), caplog.at_level(logging.ERROR):
        assert app.test_client().get("/boom").status_code == 500
    assert logged_when_rendering == [["Exception on /boom [GET]"]]
