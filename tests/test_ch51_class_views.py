import re
import secrets
from datetime import date

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('Greeting.as_view("greeting", "hello")', 'Greeting.as_view("greet", "hello")'),  # renamed endpoint
           ("from flask.views import MethodView, View",  # runebook.dev's import
            "from flask import View\nfrom flask.views import MethodView")],
    "C2": ('        return {"items": self.store}\n',  # a helper named like an HTTP method becomes a route
           '        return {"items": self.store}\n\n    def delete(self, name):\n        self.store.remove(name)\n'),
    "C3": ("    def get(self):\n        return {\"items\": self.store}", "    def index(self):\n        return {\"items\": self.store}"),
    "C4": ('    methods = ["GET", "POST"]\n', ""),  # without the hand-written list POST is a 405
    "C5": [("    init_every_request = False\n", ""),  # the specimen fixed: nothing leaks
           ('per request."""\n\n    def __init__', 'per request."""\n\n    init_every_request = False\n\n    def __init__')],
    "C6": [("    decorators = [require_key]\n", ""),  # the guard forgotten
           ("if not key or not hmac", "if not hmac"),  # no key configured: an empty header gets in
           ("    @require_key\n    def get(self):\n        return {\"notes\"",  # the specimen guarded everywhere
            "    def get(self):\n        return {\"notes\"")],
    "C7": [("<any(tea, coffee):drink>", "<drink>"),  # a plain string: any drink at all
           ("<int:number>", "<int(signed=True):number>")],
    "C8": [("            return date.fromisoformat(value)\n        except", "            return value\n        except"),
           ("date=IsoDateConverter, ", "")],  # registered under another name: the rule cannot be added
    "C9": ("return value.isoformat()", 'return value.strftime("%Y-%m-%d")'),  # the year 999 as "999"
    "C10": ("            raise ValidationError() from None\n", "            raise\n"),  # ValueError let out
    "C11": [("        if isinstance(values, str) or not values or not all(", "        if False and not all("),
            ("SLUG.fullmatch(value)", "SLUG.match(value)"),  # "a/b" passes on its first letter
            ("if isinstance(values, str) or not values", "if not values"),  # a string taken letter by letter
            ("if isinstance(values, str) or not values or", "if isinstance(values, str) or"),  # [] builds /tags/
            ('regex = r"[a-z0-9-]+(?:,[a-z0-9-]+)*"', 'regex = r"[a-z0-9-]+"')],  # two tags cannot match
}

KEY = secrets.token_hex(16)
pytestmark = pytest.mark.flask_config(API_KEY=KEY)
WITH_KEY = {"X-Api-Key": KEY}
OTHER_METHODS = ["PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"]


@pytest.mark.claim("C1")
def test_as_view_makes_a_view_function_named_for_its_endpoint(app, chapter):
    from flask import url_for

    view = app.view_functions["greeting"]
    assert (view.__name__, view.view_class) == ("greeting", chapter.Greeting)
    with app.test_request_context():
        assert url_for("greeting") == "/greeting"


@pytest.mark.claim("C1")
def test_each_class_is_registered_under_the_name_given_to_as_view(app):
    endpoints = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert {path: endpoints[path] for path in ("/greeting", "/shared-greeting", "/items", "/notes", "/ping")} == {
        "/greeting": "greeting", "/shared-greeting": "shared_greeting", "/items": "items", "/notes": "notes",
        "/ping": "ping"}


@pytest.mark.claim("C1")
def test_each_call_makes_an_instance_with_the_as_view_arguments(app, chapter):
    view = chapter.Greeting.as_view("hi", "hi")
    with app.test_request_context("/?name=ada"):
        assert view() == "hi, ada"
    with app.test_request_context("/"):
        assert view() == "hi, stranger"
    assert app.test_client().get("/greeting").text == "hello, stranger"


@pytest.mark.claim("C1")
def test_view_is_in_flask_views_not_in_flask():
    import flask.views

    with pytest.raises(ImportError, match="^cannot import name 'View' from 'flask'"):
        from flask import View  # noqa: F401
    assert flask.views.View.__module__ == "flask.views"


@pytest.mark.claim("C2")
def test_method_view_is_a_plain_class_not_a_metaclass():
    from flask.views import MethodView, View

    assert type(MethodView) is type
    assert not issubclass(MethodView, type)
    assert "__init_subclass__" in vars(MethodView)  # where methods is computed
    assert MethodView.__mro__[1:] == (View, object)


@pytest.mark.claim("C2")
def test_methods_come_from_the_methods_defined_or_inherited(chapter):
    class MoreItems(chapter.Items):
        def delete(self):
            return "", 204

    assert (chapter.Items.methods, MoreItems.methods) == ({"GET", "POST"}, {"GET", "POST", "DELETE"})


@pytest.mark.claim("C2")
def test_a_method_attached_after_the_class_is_never_routed(chapter):
    from flask import Flask
    from flask.views import MethodView

    class Late(MethodView):
        def get(self):
            return "got"

    Late.put = lambda self: "put"
    app = Flask(__name__)
    app.add_url_rule("/late", view_func=Late.as_view("late"))
    assert [app.test_client().open("/late", method=m).status_code for m in ("GET", "PUT")] == [200, 405]


@pytest.mark.claim("C3")
def test_each_method_defined_is_answered_by_the_method_of_that_name(client):
    added = client.post("/items", data={"name": "tea"}, headers=WITH_KEY)
    assert (added.status_code, added.json) == (201, {"added": "tea"})
    listed = client.get("/items", headers=WITH_KEY)
    assert (listed.status_code, listed.json) == (200, {"items": ["tea"]})


@pytest.mark.claim("C3")
def test_head_runs_get_without_a_body_and_options_answers_by_itself(client):
    head = client.head("/items", headers=WITH_KEY)
    assert (head.status_code, head.data, head.headers["Content-Type"]) == (200, b"", "application/json")
    options = client.options("/items")  # no key: Flask answers before the view
    assert (options.status_code, set(options.headers["Allow"].split(", "))) == (200, {"GET", "HEAD", "OPTIONS", "POST"})


@pytest.mark.claim("C3")
@pytest.mark.parametrize("method", OTHER_METHODS)
def test_any_other_method_gets_405_with_allow(client, method):
    response = client.open("/items", method=method, headers=WITH_KEY)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


@pytest.mark.claim("C4")
def test_a_hand_written_method_without_its_method_raises(app, client, chapter):
    assert chapter.Ping.methods == ["GET", "POST"]
    assert client.get("/ping").text == "pong"
    with pytest.raises(AssertionError, match=r"^Unimplemented method 'POST'$"):
        client.post("/ping")


@pytest.mark.claim("C4")
@pytest.mark.flask_config(TESTING=False)
def test_in_production_that_post_is_a_500_not_a_405(client, caplog):
    assert (client.post("/ping").status_code, client.put("/ping").status_code) == (500, 405)
    assert [type(r.exc_info[1]).__name__ for r in caplog.records] == ["AssertionError"]


@pytest.mark.claim("C5")
def test_by_default_each_request_gets_a_new_instance(client):
    assert client.get("/greeting?name=ada").text == "hello, ada"
    assert client.get("/greeting").text == "hello, stranger"


@pytest.mark.claim("C5")
def test_a_shared_instance_greets_the_next_visitor_with_the_last_name(app):
    ada, bob = app.test_client(), app.test_client()
    assert ada.get("/shared-greeting?name=ada").text == "hello, ada"
    assert bob.get("/shared-greeting").text == "hello, ada"  # Bob is told Ada's name


@pytest.mark.claim("C5")
def test_the_shared_instance_is_made_once_at_as_view(app, chapter):
    made = []

    def counted(cls):
        class Counted(cls):
            def __init__(self, word):
                made.append(cls.__name__)
                super().__init__(word)
        return Counted

    views = [counted(chapter.Greeting).as_view("fresh", "hi"), counted(chapter.SharedGreeting).as_view("shared", "hi")]
    assert made == ["SharedGreeting"]
    for _ in range(3):
        with app.test_request_context("/"):
            assert [view() for view in views] == ["hi, stranger", "hi, stranger"]
    assert made == ["SharedGreeting"] + ["Greeting"] * 3


@pytest.mark.claim("C6")
@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_without_the_key_every_method_is_refused(client, method):
    assert client.open("/items", method=method, data={"name": "spam"}).status_code == 401
    assert client.get("/items", headers=WITH_KEY).json == {"items": []}


@pytest.mark.claim("C6")
@pytest.mark.parametrize("offered", ["", "x", KEY[:-1], KEY.upper(), KEY + " ", "é"],
                         ids=["empty", "other", "truncated", "upper-case", "padded", "non-ascii"])
def test_a_wrong_key_is_refused(client, offered):
    assert client.get("/items", headers={"X-Api-Key": offered}).status_code == 401


@pytest.mark.claim("C6")
def test_the_key_comes_from_the_environment_as_text(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_API_KEY", "12345")  # JSON would make it the integer 12345
    client = chapter.create_app({"TESTING": True}).test_client()
    assert client.get("/items", headers={"X-Api-Key": "12345"}).json == {"items": []}


@pytest.mark.claim("C6")
def test_the_guard_passes_every_argument_on(app, chapter):
    guarded = chapter.require_key(lambda *args, **kwargs: (args, kwargs))
    with app.test_request_context(headers=WITH_KEY):
        assert guarded("self", item_id=7) == (("self",), {"item_id": 7})


@pytest.mark.claim("C6")
def test_with_the_key_a_post_without_a_name_adds_an_empty_one(client):
    added = client.post("/items", headers=WITH_KEY)
    assert (added.status_code, added.json) == (201, {"added": ""})
    assert client.post("/notes").status_code == 201
    assert client.get("/notes", headers=WITH_KEY).json == {"notes": [""]}


@pytest.mark.claim("C6")
@pytest.mark.flask_config(API_KEY=None)
def test_with_no_key_configured_everything_is_refused(client):
    assert client.get("/items", headers={"X-Api-Key": ""}).status_code == 401
    assert client.post("/items", headers={"X-Api-Key": ""}).status_code == 401


@pytest.mark.claim("C6")
def test_the_first_decorator_listed_runs_innermost(app):
    from flask.views import MethodView

    ran = []

    def mark(label):
        def decorator(view):
            def wrapped(**kwargs):
                ran.append(label)
                return view(**kwargs)
            return wrapped
        return decorator

    class Marked(MethodView):
        decorators = [mark("first"), mark("second")]

        def get(self):
            ran.append("view")
            return "ok"

    app.add_url_rule("/marked", view_func=Marked.as_view("marked"))
    assert app.test_client().get("/marked").text == "ok"
    assert ran == ["second", "first", "view"]


@pytest.mark.claim("C6")
def test_a_decorator_on_one_method_leaves_the_others_open(client):
    assert client.get("/notes").status_code == 401
    posted = client.post("/notes", data={"text": "spam from anyone"})  # the attacker has no key
    assert (posted.status_code, posted.data) == (201, b"")
    assert client.get("/notes", headers=WITH_KEY).json == {"notes": ["spam from anyone"]}


@pytest.mark.claim("C6")
def test_a_view_decorator_on_the_class_breaks_as_view(chapter):
    decorated = chapter.require_key(chapter.Items)  # what @require_key above the class does
    with pytest.raises(AttributeError, match="^'function' object has no attribute 'as_view'$"):
        decorated.as_view("items")


@pytest.mark.claim("C7")
@pytest.mark.parametrize(("path", "status", "text"), [
    ("/drinks/tea", 200, "tea"), ("/drinks/coffee", 200, "coffee"), ("/drinks/Tea", 404, None),
    ("/drinks/milk", 404, None), ("/pages/7", 200, "7"), ("/pages/+7", 404, None), ("/pages/-7", 404, None),
    ("/orders/AF07DAA4-30BF-4F07-A961-3A2EEEF11291", 200, "af07daa4-30bf-4f07-a961-3a2eeef11291"),
])
def test_built_in_converters_accept_and_refuse(client, path, status, text):
    response = client.get(path)
    assert response.status_code == status
    if text is not None:
        assert response.text == text


@pytest.mark.claim("C7")
def test_werkzeug_brings_six_converters(app):
    from werkzeug.routing import Map

    assert sorted(Map.default_converters) == ["any", "default", "float", "int", "path", "string", "uuid"]
    assert Map.default_converters["default"] is Map.default_converters["string"]


@pytest.mark.claim("C7")
def test_any_refuses_to_build_a_url_for_another_word(app):
    from flask import url_for

    with app.test_request_context():
        assert url_for("drink", drink="tea") == "/drinks/tea"
        with pytest.raises(ValueError, match="^'milk' is not one of 'coffee', 'tea'$"):
            url_for("drink", drink="milk")


@pytest.mark.claim("C7")
def test_upper_and_lower_case_uuids_are_one_order_with_two_urls(client):
    lower = "af07daa4-30bf-4f07-a961-3a2eeef11291"
    assert client.get(f"/orders/{lower}").text == client.get(f"/orders/{lower.upper()}").text == lower


@pytest.mark.claim("C8")
def test_a_custom_converter_hands_the_view_a_date(app, client, chapter):
    from werkzeug.routing import BaseConverter

    assert app.url_map.converters["date"] is chapter.IsoDateConverter
    assert issubclass(chapter.IsoDateConverter, BaseConverter)
    assert client.get("/archive/2024-02-29").text == "2024-02-29 is a Thursday"
    assert app.url_map.bind("localhost").match("/archive/2024-02-29") == ("archive", {"day": date(2024, 2, 29)})


@pytest.mark.claim("C8")
def test_a_converter_registered_after_its_rule_is_too_late(chapter):
    from flask import Flask

    app = Flask(__name__)
    with pytest.raises(LookupError, match="^the converter 'date' does not exist$"):
        app.add_url_rule("/archive/<date:day>", "archive", lambda day: day.isoformat())
    app.url_map.converters["date"] = chapter.IsoDateConverter
    app.add_url_rule("/archive/<date:day>", "archive", lambda day: day.isoformat())
    assert app.test_client().get("/archive/0999-01-02").text == "0999-01-02"


@pytest.mark.claim("C9")
def test_any_date_goes_to_the_view_and_back(chapter):
    from flask import url_for
    from hypothesis import example, given, strategies as st

    app = chapter.create_app({"TESTING": True})
    client = app.test_client()

    @given(st.one_of(st.dates(max_value=date(999, 12, 31)), st.dates()))  # weighted to short years
    @example(date(1, 1, 1))
    @example(date(999, 12, 31))
    @example(date(2024, 2, 29))
    @example(date(9999, 12, 31))
    def check(day):
        with app.test_request_context():
            url = url_for("archive", day=day)
        assert url == f"/archive/{day.isoformat()}"
        assert client.get(url).text == f"{day.isoformat()} is a {day:%A}"

    check()


@pytest.mark.claim("C9")
def test_strftime_writes_a_short_year_that_the_rule_refuses(client):
    assert date(999, 1, 2).strftime("%Y-%m-%d") == "999-01-02"  # glibc: no padding
    assert [client.get(f"/archive/{text}").status_code for text in ("999-01-02", "0999-01-02")] == [404, 200]


@pytest.mark.claim("C10")
@pytest.mark.parametrize("path", ["/archive/2023-02-30", "/archive/2024-13-01", "/archive/2024-00-10",
                                  "/archive/0000-01-01", "/archive/20240229", "/archive/2024-2-29"])
def test_what_is_not_a_date_is_a_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.claim("C10")
def test_a_value_error_let_out_of_to_python_raises_from_matching(app, chapter):
    chapter.add_naive_archive(app)
    client = app.test_client()
    assert client.get("/naive-archive/2024-02-29").text == "2024-02-29"
    assert app.url_map.bind("localhost").match("/naive-archive/2024-02-29") == ("naive_archive", {"day": date(2024, 2, 29)})
    with pytest.raises(ValueError, match="^day is out of range for month$"):
        app.url_map.bind("localhost").match("/naive-archive/2023-02-30")
    with pytest.raises(ValueError, match="^day is out of range for month$"):
        client.get("/naive-archive/2023-02-30")


@pytest.mark.claim("C10")
@pytest.mark.flask_config(TESTING=False)
def test_in_production_the_value_error_is_a_500(app, chapter):
    chapter.add_naive_archive(app)
    client = app.test_client()
    assert (client.get("/naive-archive/2023-02-30").status_code, client.get("/archive/2023-02-30").status_code) == (500, 404)


@pytest.mark.claim("C11")
def test_the_specimen_is_the_converter_of_flasks_own_docstring(app):
    import inspect

    import flask.sansio.app
    from werkzeug.routing import BaseConverter

    source = inspect.getsource(flask.sansio.app)
    assert "#:            return value.split(',')" in source
    assert "#:            return ','.join(super(ListConverter, self).to_url(value)" in source
    assert BaseConverter(app.url_map).to_url("a,b/c d") == "a,b/c%20d"  # "," and "/" left as they are


@pytest.mark.claim("C11")
@pytest.mark.parametrize(("tags", "status", "back"), [
    (["flask", "web"], 200, ["flask", "web"]),
    (["a,b"], 200, ["a", "b"]),  # one tag given, two come back
    (["a/b"], 404, None),
    ([], 404, None),
])
def test_the_docs_list_converter_does_not_give_back_what_it_was_given(app, client, tags, status, back):
    from flask import url_for

    with app.test_request_context():
        url = url_for("docs_tagged", tags=tags)
    response = client.get(url)
    assert response.status_code == status
    if back is not None:
        assert response.json == {"tags": back}


SLUG = re.compile(r"[a-z0-9-]+")


@pytest.mark.claim("C11")
def test_tags_converter_gives_back_every_list_it_builds_and_refuses_the_rest(chapter):
    from flask import url_for
    from hypothesis import example, given, strategies as st

    app = chapter.create_app({"TESTING": True})
    client = app.test_client()
    slug = st.text("abxyz09-", min_size=1, max_size=5)
    near = st.text(st.sampled_from("ab9-,/ Z.%é"), max_size=4)  # what a careless check lets through

    @given(st.one_of(st.lists(slug, max_size=4), st.lists(st.one_of(slug, near), max_size=3), slug))
    @example(["flask", "web"])
    @example(["a,b"])
    @example(["a/b"])
    @example([])
    @example("flask")
    def check(tags):
        readable = isinstance(tags, list) and tags and all(SLUG.fullmatch(tag) for tag in tags)
        with app.test_request_context():
            if not readable:
                with pytest.raises(ValueError, match="^not a list of slugs: "):
                    url_for("tagged", tags=tags)
                return
            url = url_for("tagged", tags=tags)
        assert client.get(url).json == {"tags": tags}

    check()
