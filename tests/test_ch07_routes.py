import uuid

import pytest


@pytest.mark.claim("C1")
def test_route_returns_a_decorator_that_returns_the_function(app):
    def ping():
        return "pong"

    decorator = app.route("/ping")
    assert decorator(ping) is ping
    assert app.view_functions["ping"] is ping


@pytest.mark.claim("C2")
def test_every_non_negative_integer_reaches_the_view_as_that_int(app):
    from hypothesis import given, strategies as st

    client = app.test_client()

    @given(st.integers(min_value=0))
    def check(number):
        assert client.get(f"/users/{number}").get_json() == {"user_id": number}

    check()


@pytest.mark.claim("C3")
def test_int_refuses_a_minus_sign_unless_signed(client):
    assert client.get("/users/-1").status_code == 404
    assert client.get("/offsets/-1").get_json() == {"offset": -1}


@pytest.mark.claim("C3")
def test_int_accepts_leading_zeros(client):
    assert client.get("/users/007").get_json() == {"user_id": 7}


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
def test_default_string_converter_stops_at_a_slash(client):
    assert client.get("/tags/flask").get_json() == {"name": "flask"}
    assert client.get("/tags/flask/extra").status_code == 404


@pytest.mark.claim("C5")
def test_slashless_url_gets_308_to_a_rule_with_trailing_slash(client):
    response = client.get("/docs")
    assert (response.status_code, response.headers["Location"]) == (308, "http://localhost/docs/")


@pytest.mark.claim("C5")
def test_slashed_url_is_not_found_for_a_rule_without_one(client):
    assert client.get("/about/").status_code == 404
    assert client.get("/about").status_code == 200


@pytest.mark.claim("C6")
def test_wrong_method_gets_405_with_allow(client):
    response = client.get("/messages")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert set(client.post("/users/1").headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.claim("C7")
def test_url_for_builds_paths_and_query_strings(app):
    from flask import url_for

    with app.test_request_context():
        assert url_for("user", user_id=7) == "/users/7"
        assert url_for("tag", name="a b", page=2) == "/tags/a%20b?page=2"


@pytest.mark.claim("C7")
def test_url_for_and_routing_round_trip(app):
    from flask import url_for
    from hypothesis import given, strategies as st

    client = app.test_client()
    names = st.text(st.characters(exclude_characters="/", exclude_categories=["Cs"]), min_size=1)

    @given(st.one_of(
        st.builds(lambda n: ("user", {"user_id": n}), st.integers(min_value=0)),
        st.builds(lambda n: ("offset", {"offset": n}), st.integers()),
        st.builds(lambda s: ("tag", {"name": s}), names),
    ))
    def check(endpoint_and_values):
        endpoint, values = endpoint_and_values
        with app.test_request_context():
            url = url_for(endpoint, **values)
        assert client.get(url).get_json() == values

    check()
