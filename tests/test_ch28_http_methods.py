import pytest


def allowed(response):
    return set(response.headers["Allow"].split(", "))


@pytest.mark.claim("C1")
def test_post_creates_with_201_and_location(client):
    response = client.post("/items", json={"name": "tea"})
    assert (response.status_code, response.get_json()) == (201, {"name": "tea"})
    assert response.headers["Location"] == "/items/1"


@pytest.mark.claim("C2")
def test_get_reads_an_item_or_answers_404(client):
    client.post("/items", json={"name": "tea"})
    assert client.get("/items/1").get_json() == {"name": "tea"}
    assert client.get("/items/2").status_code == 404


@pytest.mark.claim("C3")
def test_put_replaces_patch_changes_delete_answers_204(client):
    client.put("/items/5", json={"name": "tea", "price": 3})
    assert client.patch("/items/5", json={"price": 4}).get_json() == {"name": "tea", "price": 4}
    assert client.put("/items/5", json={"name": "coffee"}).get_json() == {"name": "coffee"}
    response = client.delete("/items/5")
    assert (response.status_code, response.data) == (204, b"")


@pytest.mark.claim("C4")
def test_put_twice_leaves_the_same_state_as_once(client):
    statuses = [client.put("/items/7", json={"name": "tea"}).status_code for _ in range(2)]
    assert statuses == [200, 200]
    assert client.get("/items").get_json() == {"ids": [7]}


@pytest.mark.claim("C4")
def test_delete_twice_leaves_it_gone_second_answers_404(client):
    client.put("/items/7", json={"name": "tea"})
    assert [client.delete("/items/7").status_code for _ in range(2)] == [204, 404]
    assert client.get("/items").get_json() == {"ids": []}


@pytest.mark.claim("C4")
def test_post_twice_creates_two_items(client):
    for _ in range(2):
        client.post("/items", json={"name": "tea"})
    assert client.get("/items").get_json() == {"ids": [1, 2]}


@pytest.mark.claim("C5")
def test_head_has_get_headers_and_no_body(client):
    client.put("/items/1", json={"name": "tea"})
    get, head = client.get("/items/1"), client.head("/items/1")
    assert (head.status_code, head.data) == (200, b"")
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


@pytest.mark.claim("C5")
def test_options_lists_allowed_methods(client):
    response = client.options("/items/1")
    assert response.status_code == 200
    assert allowed(response) == {"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"}


@pytest.mark.claim("C6")
def test_unaccepted_method_gets_405_with_allow(client):
    response = client.delete("/items")
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "POST", "OPTIONS"}


@pytest.mark.claim("C7")
def test_method_view_routes_methods_to_class_methods(client):
    assert client.get("/ping").text == "pong"
    assert client.post("/ping").status_code == 201
    assert allowed(client.put("/ping")) == {"GET", "HEAD", "POST", "OPTIONS"}


@pytest.mark.claim("C8")
@pytest.mark.parametrize(("kwargs", "status"), [
    ({"data": '{"a": 1}'}, 415), ({"data": '{"a": 1}', "content_type": "text/plain"}, 415),
    ({"data": "{not json", "content_type": "application/json"}, 400),
    ({"data": "null", "content_type": "application/json"}, 400), ({"json": [1, 2]}, 400)])
def test_get_json_refuses_non_json_bodies(client, kwargs, status):
    assert client.post("/items", **kwargs).status_code == status


@pytest.mark.claim("C9")
def test_any_json_object_put_comes_back_from_get(app):
    from hypothesis import given, strategies as st

    client = app.test_client()
    values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                          max_leaves=10)

    @given(st.dictionaries(st.text(), values, max_size=5))
    def check(document):
        client.put("/items/1", json=document)
        assert client.get("/items/1").get_json() == document

    check()
