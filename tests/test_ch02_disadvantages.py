import importlib.util
import os

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("    app.config.update(config or {})\n",
           "    app.config.update(config or {})\n"
           "    from flask_wtf import CSRFProtect\n    CSRFProtect(app)\n"),  # the app takes on an extension
    "C2": ("    async def async_view():", "    def async_view():"),  # the view is not a coroutine
    "C3": [('    @app.route("/async")\n', ""),  # the async view is never registered
           ('return "sync works"', 'return None')],  # a view that returns nothing: 500
    "C4": ('app.add_url_rule("/late", view_func=lambda: "added before serving")',
           'app.view_functions["late"] = lambda: "added before serving"\n'
           '    app.url_map.add(app.url_rule_class("/late", endpoint="late"))'),  # the guard bypassed
    "C5": ("    return app\n",
           '    app.test_client().get("/sync")  # a warm-up request: set-up is over\n    return app\n'),
}


@pytest.mark.claim("C1")
def test_core_has_no_orm_or_validation_api(client):
    import flask

    words = ("sql", "database", "model", "form", "login", "user", "admin")
    assert [name for name in dir(flask) if any(word in name.lower() for word in words)] == []
    assert client.get("/extensions").get_json() == {"extensions": []}


MISSING = 'raise ModuleNotFoundError("No module named asgiref")\n'  # what import finds


def hide_asgiref(directory, chapter):
    (directory / "asgiref.py").write_text(MISSING, encoding="utf-8")


# The real `flask run`, as a plain install would run it: the book installs the async extra, so
# the child's import path starts with a folder whose asgiref.py fails as a missing package does.
# Started in the background when collection ends (textbook/live.py), adopted below.
WITHOUT_ASGIREF = live.Background(
    [live.executable("flask"), "--app", "chapters.ch02_disadvantages", "run", "--port", "{port}"],
    env=lambda chapter: {"PYTHONPATH": os.pathsep.join(["{directory}", live.book_environment()["PYTHONPATH"]])},
    prepare=hide_asgiref)


@pytest.mark.claim("C2")
def test_async_view_without_asgiref_asks_for_the_extra(chapter):
    with WITHOUT_ASGIREF.serve(chapter) as server:
        statuses = [server.request("GET", "/async")[0] for _ in range(2)]  # every request, not the first
        assert statuses == [500, 500] and server.request("GET", "/sync")[0] == 200
        log = server.output()
    assert log.count("RuntimeError: Install Flask with the 'async' extra in order to use async views.") == 2


@pytest.mark.claim("C2")
def test_the_same_view_answers_where_asgiref_is_installed(client):
    assert importlib.util.find_spec("asgiref") is not None  # this book installs flask[async]
    response = client.get("/async")
    assert (response.status_code, response.text) == (200, "async works only with the async extra")


@pytest.mark.claim("C3")
def test_async_view_is_a_working_coroutine_beside_a_sync_view(app, client):
    import asyncio
    import inspect

    view = app.view_functions["async_view"]
    assert app.url_map.bind("localhost").match("/async") == ("async_view", {})
    assert inspect.iscoroutinefunction(view)
    assert asyncio.run(view()) == "async works only with the async extra"
    assert client.get("/sync").text == "sync works"


@pytest.mark.claim("C4")
def test_adding_a_route_mid_request_raises_and_adds_nothing(client):
    with pytest.raises(AssertionError, match=r"The setup method 'add_url_rule' can no longer be called on the application\."):
        client.get("/register")
    assert client.get("/late").status_code == 404


@pytest.mark.claim("C4")
@pytest.mark.parametrize("setup", [
    lambda app: app.errorhandler(404)(lambda error: "gone"),
    lambda app: app.before_request(lambda: None),
    lambda app: app.register_blueprint(__import__("flask").Blueprint("late", __name__)),
], ids=["error-handler", "before-request", "blueprint"])
def test_every_setup_method_is_closed_after_the_first_request(app, client, setup):
    client.get("/sync")
    with pytest.raises(AssertionError, match=r"can no longer be called on the application\."):
        setup(app)


@pytest.mark.claim("C5")
def test_a_route_added_before_the_first_request_works(app, chapter, client):
    chapter.add_late_route(app)
    response = client.get("/late")
    assert (response.status_code, response.text) == (200, "added before serving")
