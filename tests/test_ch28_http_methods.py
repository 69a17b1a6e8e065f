import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('items[item_id], 201, {"Location"', 'items[item_id], 200, {"Location"'),  # 200 for a creation
           ('return items[item_id], 201, {"Location": location}', 'return items[item_id], 201')],  # no Location
    "C2": ("        if item_id not in items:\n            abort(404)\n", ""),  # no check: KeyError, a 500
    "C3": [("status = 200 if item_id in items else 201", "status = 200"),     # a creating PUT answers 200
           ("items[item_id] = {**items[item_id], **json_object()}",
            "items[item_id] = json_object()"),                                # PATCH replaces the whole item
           ("Response(status=204)", "Response(status=200)")],                 # DELETE answers 200
    "C4": [("status = 200 if item_id in items else 201", "status = 201"),     # every PUT claims a creation
           ("del items[item_id]", "items[item_id] = None")],                  # a soft delete that stays listed
    "C5": [('methods=["GET", "PUT", "PATCH", "DELETE"])',                    # OPTIONS switched off
            'methods=["GET", "PUT", "PATCH", "DELETE"], provide_automatic_options=False)'),
           ("        return items[item_id]\n\n    @app.get",                   # HEAD handled by hand, badly
            '        return items[item_id] if request.method != "HEAD" else ""\n\n    @app.get')],
    "C6": ('@app.get("/items")', '@app.route("/items", methods=["GET", "DELETE"])'),  # too many methods
    "C7": [("def post(self):", "def create(self):"),  # a MethodView method named after the action
           ('Ping.as_view("ping")', 'Ping.as_view("pong")')],
    "C8": [("document = request.get_json()", "document = request.get_json(silent=True)"),  # 400, not 415
           ("document = request.get_json()", "document = request.get_json(force=True)"),   # any body parses
           ("if not isinstance(document, dict):", "if document is None:")],              # a list is stored
    "C9": [("            items[item_id] = json_object()\n            return items[item_id], status",
            "            items[item_id] = {**items.get(item_id, {}), **json_object()}\n"
            "            return items[item_id], status"),                                # PUT merges like PATCH
           ("            items[item_id] = json_object()\n            return items[item_id], status",
            "            items[item_id] = {k: v for k, v in json_object().items() if v is not None}\n"
            "            return items[item_id], status")],                               # nulls dropped
    "C10": ('@app.route("/")  #', '@app.route("/", methods=["GET", "POST"])  #'),
}


def allowed(response):
    return set(response.headers["Allow"].split(", "))


@pytest.mark.claim("C1")
def test_post_creates_with_201_and_location(client):
    response = client.post("/items", json={"name": "tea"})
    assert (response.status_code, response.get_json()) == (201, {"name": "tea"})
    assert response.headers.to_wsgi_list() == [  # as curl -i shows them
        ("Content-Type", "application/json"), ("Content-Length", "15"), ("Location", "/items/1")]


@pytest.mark.claim("C2")
def test_get_reads_an_item_or_answers_404(client):
    client.post("/items", json={"name": "tea"})
    assert client.get("/items/1").get_json() == {"name": "tea"}
    assert client.get("/items/2").status_code == 404


@pytest.mark.claim("C3")
def test_put_creates_with_201_then_replaces_with_200(client):
    created = client.put("/items/5", json={"name": "tea", "price": 3})
    assert (created.status_code, created.get_json()) == (201, {"name": "tea", "price": 3})
    replaced = client.put("/items/5", json={"name": "coffee"})
    assert (replaced.status_code, replaced.get_json()) == (200, {"name": "coffee"})
    assert client.get("/items/5").get_json() == {"name": "coffee"}


@pytest.mark.claim("C3")
def test_patch_changes_only_the_fields_it_sends(client):
    client.put("/items/5", json={"name": "tea", "price": 3})
    response = client.patch("/items/5", json={"price": 4})
    assert (response.status_code, response.get_json()) == (200, {"name": "tea", "price": 4})
    assert client.patch("/items/6", json={"price": 4}).status_code == 404


@pytest.mark.claim("C3")
def test_delete_answers_204_with_no_body(client):
    client.put("/items/5", json={"name": "tea"})
    response = client.delete("/items/5")
    assert (response.status_code, response.data) == (204, b"")
    assert client.get("/items/5").status_code == 404


@pytest.mark.claim("C4")
def test_put_twice_leaves_the_same_state_as_once(client):
    statuses = [client.put("/items/7", json={"name": "tea"}).status_code for _ in range(2)]
    assert statuses == [201, 200]
    assert client.get("/items").get_json() == {"ids": [7]}
    assert client.get("/items/7").get_json() == {"name": "tea"}


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
def test_head_has_all_get_headers_and_no_body(client):
    client.put("/items/1", json={"name": "tea"})
    get, head = client.get("/items/1"), client.head("/items/1")
    assert (head.status_code, head.data) == (200, b"")
    assert head.headers.to_wsgi_list() == get.headers.to_wsgi_list()
    assert head.headers["Content-Length"] == "15"
    assert client.head("/items/2").status_code == 404


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
    posted = client.post("/ping")
    assert (posted.status_code, posted.text) == (201, "posted")
    assert allowed(client.put("/ping")) == {"GET", "HEAD", "POST", "OPTIONS"}


@pytest.mark.claim("C7")
def test_as_view_name_is_the_endpoint(app):
    from flask import url_for

    with app.test_request_context():
        assert url_for("ping") == "/ping"


@pytest.mark.claim("C8")
@pytest.mark.parametrize(("kwargs", "status"), [
    ({"data": '{"a": 1}'}, 415), ({"data": '{"a": 1}', "content_type": "text/plain"}, 415),
    ({"data": "{not json", "content_type": "application/json"}, 400),
    ({"data": "null", "content_type": "application/json"}, 400), ({"json": [1, 2]}, 400)])
def test_get_json_refuses_non_json_bodies(client, kwargs, status):
    assert client.post("/items", **kwargs).status_code == status
    assert client.get("/items").get_json() == {"ids": []}


@pytest.mark.claim("C8")
def test_json_that_is_not_an_object_is_refused_with_a_reason(client):
    response = client.put("/items/1", json=["tea"])
    assert response.status_code == 400
    assert "<p>the body must be a JSON object</p>" in response.text


@pytest.mark.claim("C9")
def test_any_json_object_put_comes_back_from_get(app):
    from hypothesis import example, given, strategies as st

    client = app.test_client()
    text = st.text(st.one_of(st.sampled_from("<>&\"'/\\ \t\ud800é"), st.characters()), max_size=5)
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), text,
                        st.floats(allow_nan=False, allow_infinity=False))
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(text, inner, max_size=3), max_leaves=10)
    objects = st.dictionaries(text, st.none() | values, max_size=5)  # null at the top: kept, not dropped

    @given(objects, objects)
    @example({"<>&\"'": "<>&\"'", "/": "\\"}, {" ": " ", "": None})  # markup, slashes, blank, null
    @example({"é": "😀", "\ud800": "\udfff"}, {"n": 2**63, "m": -(2**63) - 1})  # non-ASCII, huge ints
    def check(before, document):
        client.put("/items/1", json=before)
        client.put("/items/1", json=document)  # replaces: nothing of `before` survives
        assert client.get("/items/1").get_json() == document

    check()


@pytest.mark.claim("C10")
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_rule_without_methods_accepts_get_only(client, method):
    assert client.get("/").get_json() == {"items": "/items"}
    response = client.open("/", method=method)
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "OPTIONS"}
