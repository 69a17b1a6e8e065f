import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('@app.route("/users/<int:user_id>")',  # an explicit endpoint: no longer the name
           '@app.route("/users/<int:user_id>", endpoint="users")'),
    "C2": [('"/users/<int:user_id>"', '"/users/<user_id>"'),  # converter dropped: a str arrives
           ('"/users/<int:user_id>"', '"/users/<int(min=1):user_id>"')],  # ids "from 1": 0 is lost
    "C3": [('"/offsets/<int(signed=True):offset>"', '"/offsets/<int:offset>"'),  # -1 refused
           ('"/users/<int:user_id>"', '"/users/<int(signed=True):user_id>"'),  # -1 let in
           ('"/users/<int:user_id>"', '"/users/<user_id>"')],  # "007" stays a string
    "C4": [("<float:price>", "<price>"),  # the price arrives as a str, and "2" is let in
           ("<path:subpath>", "<subpath>"),  # a/b/c no longer matches
           ("<uuid:order_id>", "<order_id>"),  # a str, and "42" is let in
           ('"/tags/<name>"', '"/tags/<path:name>"')],  # the tag swallows slashes
    "C5": [('@app.route("/docs/")', '@app.route("/docs")'),  # no slash: /docs is the page
           ('@app.route("/about")', '@app.route("/about", strict_slashes=False)')],  # /about/ too
    "C6": [('methods=["POST"]', 'methods=["GET", "POST"]'),  # GET let in
           ('@app.route("/messages", methods=["POST"])', '@app.route("/messages")')],  # POST 405s
    "C7": ('"/offsets/<int(signed=True):offset>"', '"/offsets/<int:offset>"'),  # -5 builds, 404s
}


@pytest.mark.claim("C1")
def test_route_returns_a_decorator_that_returns_the_function(app):
    def ping():
        return "pong"

    decorator = app.route("/ping")
    assert decorator(ping) is ping
    assert app.view_functions["ping"] is ping


@pytest.mark.claim("C1")
def test_each_view_is_registered_under_its_function_name(app):
    views = {endpoint: view.__name__ for endpoint, view in app.view_functions.items()
             if endpoint != "static"}  # Flask's own, for the static folder
    names = ["about", "docs", "files", "offset", "order", "post_message", "price", "tag", "user"]
    assert views == {name: name for name in names}


@pytest.mark.claim("C2")
def test_every_non_negative_integer_reaches_the_view_as_that_int(app):
    from hypothesis import example, given, strategies as st

    client = app.test_client()

    @given(st.one_of(st.integers(0, 10), st.integers(min_value=0)))  # small ones too: 0 matters
    @example(0)
    @example(2**63)
    @example(10**4300 - 1)  # 4300 digits: the longest Python reads
    def check(number):
        assert client.get(f"/users/{number}").get_json() == {"user_id": number}

    check()


@pytest.mark.claim("C2")
def test_an_integer_longer_than_4300_digits_is_a_404(client):
    assert client.get("/users/" + "1" * 4300).status_code == 200
    assert client.get("/users/" + "1" * 4301).status_code == 404


@pytest.mark.claim("C3")
def test_int_refuses_a_minus_sign_unless_signed(client):
    assert client.get("/users/-1").status_code == 404
    assert client.get("/offsets/-1").get_json() == {"offset": -1}


@pytest.mark.claim("C3")
@pytest.mark.parametrize("spelling", ["7", "007", "\u0660\u0660\u0667"])
def test_int_accepts_several_spellings_of_one_number(client, spelling):
    assert client.get(f"/users/{spelling}").get_json() == {"user_id": 7}


@pytest.mark.claim("C4")
@pytest.mark.parametrize(
    ("url", "expected"),
    [("/prices/2.5", {"price": 2.5}), ("/files/a/b/c.txt", {"subpath": "a/b/c.txt"}),
     ("/orders/12345678-1234-5678-1234-567812345678",
      {"order_id": "12345678-1234-5678-1234-567812345678", "type": "UUID"})],
)
def test_converters_convert_their_part(client, url, expected):
    assert client.get(url).get_json() == expected


@pytest.mark.claim("C4")
@pytest.mark.parametrize("url", ["/prices/2", "/prices/-2.5", "/prices/abc", "/orders/42", "/files/"])
def test_converters_refuse_what_they_cannot_convert_with_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.claim("C4")
def test_default_string_converter_stops_at_a_slash(client):
    assert client.get("/tags/flask").get_json() == {"name": "flask"}
    assert client.get("/tags/flask/extra").status_code == 404


@pytest.mark.claim("C5")
def test_slashless_url_gets_308_to_a_rule_with_trailing_slash(client):
    response = client.get("/docs")
    assert (response.status_code, response.headers["Location"]) == (308, "http://localhost/docs/")
    followed = client.get("/docs", follow_redirects=True)
    assert (followed.text, [hop.status_code for hop in followed.history]) == ("docs", [308])


@pytest.mark.claim("C5")
def test_slashed_url_is_not_found_for_a_rule_without_one(client):
    assert client.get("/about/").status_code == 404
    assert client.get("/about").text == "about"


@pytest.mark.claim("C6")
def test_wrong_method_gets_405_with_allow(client):
    response = client.get("/messages")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert set(client.post("/users/1").headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.claim("C6")
def test_an_accepted_method_reaches_the_view(client):
    response = client.post("/messages")
    assert (response.status_code, response.text) == (201, "created")


@pytest.mark.claim("C7")
def test_url_for_builds_paths_and_query_strings(app):
    from flask import url_for

    with app.test_request_context():
        assert url_for("user", user_id=7) == "/users/7"
        assert url_for("tag", name="a b", page=2) == "/tags/a%20b?page=2"


@pytest.mark.claim("C7")
def test_url_for_builds_a_url_its_own_rule_refuses(app):
    from flask import url_for

    with app.test_request_context():
        url = url_for("user", user_id=-1)
    assert (url, app.test_client().get(url).status_code) == ("/users/-1", 404)


@pytest.mark.claim("C7")
def test_url_for_and_routing_round_trip(app):
    from flask import request, url_for
    from hypothesis import example, given, strategies as st

    # Weighted to what a URL must escape: "%", "?", "#", "+", "&", "=", ".", space.
    special = st.sampled_from("%?#+&=. \\")
    names = st.text(st.one_of(special, st.characters(exclude_characters="/", exclude_categories=["Cs"])),
                    min_size=1)

    @given(st.one_of(
        st.builds(lambda n: ("user", {"user_id": n}), st.integers(min_value=0)),
        st.builds(lambda n: ("offset", {"offset": n}), st.integers()),
        st.builds(lambda s: ("tag", {"name": s}), names),
        st.builds(lambda s, p: ("tag", {"name": s, "page": p}), names, st.integers()),
    ))
    @example(("offset", {"offset": -(2**63)}))
    @example(("tag", {"name": ".."}))
    @example(("tag", {"name": " "}))
    @example(("tag", {"name": "<>&\"'"}))
    @example(("tag", {"name": "\u00e9\u4e2d\U0001f600"}))
    @example(("tag", {"name": "a?b#c%20d", "page": 2}))
    def check(endpoint_and_values):
        endpoint, values = endpoint_and_values
        with app.test_request_context():
            url = url_for(endpoint, **values)
        with app.test_request_context(url):
            routed = request.url_rule.endpoint, {**request.view_args, **request.args}
        assert routed == (endpoint, {k: str(v) if k == "page" else v for k, v in values.items()})

    check()
