import json
import warnings

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("    def user():\n        return USER", "    def user():\n        return json.dumps(USER)"),  # text/html
           ("return {\"id\": 9, \"name\": data[\"name\"]}, 201", "return {\"id\": 9, \"name\": data[\"name\"]}")],  # 200
    "C2": ('return [{"id": 7}, {"id": 8}]', 'return ({"id": 7}, {"id": 8})'),  # a tuple: (body, headers)
    "C3": [('return jsonify(name="Ada", id=7)', 'return jsonify({"name": "Ada"}, id=7)'),  # both kinds: TypeError
           ('return jsonify("Ada", 7)', 'return jsonify(["Ada"], 7)')],  # a list is one value: [["Ada"], 7]
    "C4": ("        setattr(app.json, name, value)", '        app.config[f"JSON_{name.upper()}"] = value'),  # the 2.2 keys
    "C5": ('return {7: "gold", 8: "silver", "total": 2}', 'return {"7": "gold", "8": "silver", "total": 2}'),  # str keys
    "C6": ('app.config.get("JSON_OPTIONS", {})', 'app.config.get("JSON_OPTIONS", {"compact": False})'),  # pretty always
    "C7": ('if app.config.get("ISO_DATES"):', "if True:"),  # the ISO provider for everyone
    "C8": [("return o.isoformat()\n", "return str(o)\n"),  # str(datetime): a space, not "T"
           ("        app.json = ISODatesProvider(app)", "        app.json_provider_class = ISODatesProvider"),  # too late
           ("    app.json_encoder = ISOEncoder", "    app.json = ISODatesProvider(app)")],  # the specimen fixed
    "C9": [('silent=how == "silent"', "silent=True"),  # silent everywhere: a 415 becomes None
           ('force=how == "force"', "force=False"),  # force forgotten: 415
           ("        response = error.get_response()\n",  # the naive handler: a dict, headers lost
            '        return {"error": error.name, "description": error.description}, error.code\n'
            "        response = error.get_response()\n")],
    "C10": [("if not isinstance(data, dict) or not isinstance(", "if not isinstance("),  # a list gets .get: 500
            ('not isinstance(data.get("name"), str)', '"name" not in data')],  # any name type accepted
    "C11": ('app.config.get("JSON_OPTIONS", {})', 'app.config.get("JSON_OPTIONS", {"ensure_ascii": False})'),
    "C12": ("{{ profile|tojson }}", "{{ profile|safe }}"),  # the data marked safe instead of encoded
    "C13": ('        app.jinja_env.policies["json.dumps_kwargs"] = {}\n', "        pass\n"),  # Jinja's policy left alone
}

OLD_KEYS = {"JSON_SORT_KEYS": False, "JSON_AS_ASCII": False, "JSONIFY_PRETTYPRINT_REGULAR": True,
            "JSONIFY_MIMETYPE": "text/plain"}
KEEP_ORDER = {"JSON_OPTIONS": {"sort_keys": False}}


@pytest.mark.claim("C1")
def test_a_returned_dict_is_the_same_response_as_jsonify(client):
    returned, jsonified = client.get("/user"), client.get("/user/jsonify")
    assert (returned.status_code, returned.mimetype, returned.data) == (200, "application/json", jsonified.data)
    assert jsonified.data == b'{"email":"ada@example.org","id":7,"name":"Ada"}\n'


@pytest.mark.claim("C1")
def test_both_are_made_by_the_providers_response(app, client, monkeypatch):
    made = []
    response = app.json.response
    monkeypatch.setattr(app.json, "response", lambda *args, **kwargs: made.append(args) or response(*args, **kwargs))
    client.get("/user")
    client.get("/user/jsonify")
    assert made == [({"name": "Ada", "id": 7, "email": "ada@example.org"},)] * 2


@pytest.mark.claim("C1")
def test_a_dict_and_a_status_set_both(client):
    response = client.post("/users", json={"name": "Grace"})
    assert (response.status_code, response.get_json()) == (201, {"id": 9, "name": "Grace"})


@pytest.mark.claim("C2")
def test_a_returned_list_is_json(client, app_ctx):
    from flask import jsonify

    response = client.get("/users")
    assert (response.mimetype, response.data) == ("application/json", b'[{"id":7},{"id":8}]\n')
    assert jsonify([{"id": 7}, {"id": 8}]).data == response.data


@pytest.mark.claim("C3")
@pytest.mark.parametrize(("form", "body"), [("keywords", b'{"id":7,"name":"Ada"}\n'), ("several", b'["Ada",7]\n'),
                                            ("one", b"42\n"), ("nothing", b"null\n")])
def test_jsonify_takes_keywords_values_or_nothing(client, form, body):
    response = client.get(f"/jsonify/{form}")
    assert (response.mimetype, response.data) == ("application/json", body)


@pytest.mark.claim("C3")
def test_jsonify_with_data_and_an_option_raises(client):
    with pytest.raises(TypeError, match=r"^app\.json\.response\(\) takes either args or kwargs, not both$"):
        client.get("/jsonify/both")


@pytest.mark.claim("C3")
def test_a_json_dumps_string_is_sent_as_html(client):
    response = client.get("/dumped")
    assert (response.content_type, response.text) == (
        "text/html; charset=utf-8", '{"name": "Ada", "id": 7, "email": "ada@example.org"}')


@pytest.mark.claim("C3")
def test_a_returned_int_is_an_error(client):
    with pytest.raises(TypeError, match=r"The view function did not return a valid response\. .* but it was a int\.$"):
        client.get("/number")


@pytest.mark.claim("C4")
def test_the_flask_2_2_config_keys_change_nothing(chapter):
    import flask

    def answers(config):
        client = chapter.create_app({"TESTING": True, **config}).test_client()
        return [(r.content_type, r.data) for r in (client.get("/user"), client.post("/echo/plain", json={"text": "é"}))]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = answers(OLD_KEYS)
    assert (old, caught) == (answers({}), [])
    assert old == [("application/json", b'{"email":"ada@example.org","id":7,"name":"Ada"}\n'),
                   ("application/json", b'{"received":{"text":"\\u00e9"}}\n')]
    assert set(OLD_KEYS) & set(flask.Flask.default_config) == set()


@pytest.mark.claim("C4")
@pytest.mark.flask_config(**KEEP_ORDER)
def test_the_providers_sort_keys_keeps_the_views_order(app, client):
    assert app.json.sort_keys is False
    assert client.get("/user").data == b'{"name":"Ada","id":7,"email":"ada@example.org"}\n'
    assert client.get("/user/jsonify").data == client.get("/user").data


@pytest.mark.claim("C5")
def test_sorting_an_int_key_beside_a_str_key_raises(client):
    with pytest.raises(TypeError, match=r"^'<' not supported between instances of '(str|int)' and '(str|int)'$"):
        client.get("/scores")


@pytest.mark.claim("C5")
@pytest.mark.flask_config(**KEEP_ORDER)
def test_unsorted_int_keys_are_sent_as_strings(client):
    assert client.get("/scores").data == b'{"7":"gold","8":"silver","total":2}\n'


@pytest.mark.claim("C6")
def test_compact_by_default(client):
    assert client.get("/users").data == b'[{"id":7},{"id":8}]\n'


@pytest.mark.claim("C6")
@pytest.mark.flask_config(DEBUG=True)
def test_indented_in_debug_mode(client):
    assert client.get("/users").text == '[\n  {\n    "id": 7\n  },\n  {\n    "id": 8\n  }\n]\n'


@pytest.mark.claim("C6")
@pytest.mark.flask_config(DEBUG=True, JSON_OPTIONS={"compact": True})
def test_compact_in_debug_mode_when_asked(client):
    assert client.get("/users").data == b'[{"id":7},{"id":8}]\n'


FLASK_TYPES = {"count": 3, "ratio": 0.5, "naive": "Thu, 02 Jan 2025 03:04:05 GMT",
               "aware": "Thu, 02 Jan 2025 01:04:05 GMT", "day": "Thu, 02 Jan 2025 00:00:00 GMT",
               "id": "12345678-1234-5678-1234-567812345678", "price": "19.90",
               "book": {"title": "Flask", "price": "19.90", "published": "Thu, 02 Jan 2025 00:00:00 GMT"}}


@pytest.mark.claim("C7")
def test_the_default_provider_sends_strings_for_dates_ids_and_decimals(client, chapter):
    assert client.get("/types").get_json() == FLASK_TYPES
    for name in set(chapter.TYPES) - {"count", "ratio"}:
        with pytest.raises(TypeError, match=r"is not JSON serializable$"):
            json.dumps(chapter.TYPES[name])


@pytest.mark.claim("C7")
@pytest.mark.parametrize("value", [{"a"}, __import__("datetime").time(12, 30)], ids=["set", "time"])
def test_the_default_provider_refuses_a_set_or_a_time(app_ctx, value):
    with pytest.raises(TypeError, match=r"^Object of type (set|time) is not JSON serializable$"):
        app_ctx.app.json.dumps({"value": value})


@pytest.mark.claim("C8")
@pytest.mark.flask_config(ISO_DATES=True)
def test_a_provider_subclass_changes_every_json_the_app_writes(client, app_ctx):
    import datetime

    from flask import render_template_string

    assert client.get("/types").get_json() == {
        **FLASK_TYPES, "naive": "2025-01-02T03:04:05", "aware": "2025-01-02T03:04:05+02:00", "day": "2025-01-02",
        "book": {"title": "Flask", "price": "19.90", "published": "2025-01-02"}}
    assert app_ctx.app.json.dumps({"tags": {"web", "api"}, "at": datetime.time(12, 30)}) == (
        '{"at": "12:30:00", "tags": ["api", "web"]}')
    assert render_template_string("{{ day|tojson }}", day=datetime.date(2025, 1, 2)) == '"2025-01-02"'


@pytest.mark.claim("C8")
def test_the_flask_2_2_encoder_is_gone(chapter):
    with pytest.raises(ImportError, match=r"^cannot import name 'JSONEncoder' from 'flask\.json'"):
        from flask.json import JSONEncoder  # noqa: F401
    app = chapter.with_json_encoder(chapter.create_app({"TESTING": True}))
    assert app.test_client().get("/types").get_json() == FLASK_TYPES


@pytest.mark.claim("C8")
def test_the_specimen_encoder_itself_works_with_json_dumps(chapter, app):
    encoder = chapter.with_json_encoder(app).json_encoder
    assert json.dumps(chapter.TYPES["day"], cls=encoder) == '"2025-01-02"'
    with pytest.raises(TypeError, match=r"^Object of type set is not JSON serializable$"):
        json.dumps({"a"}, cls=encoder)


UNSUPPORTED = {"error": "Unsupported Media Type", "description": "Did not attempt to load JSON data"
               " because the request Content-Type was not 'application/json'."}


@pytest.mark.claim("C9")
@pytest.mark.parametrize(("how", "body", "content_type", "status", "received"), [
    ("plain", '{"a": 1}', "application/json", 200, {"a": 1}),
    ("plain", '{"a": 1}', "application/merge-patch+json", 200, {"a": 1}),
    ("plain", "{oops", "application/json", 400, None),
    ("silent", '{"a": 1}', "text/plain", 200, None),
    ("silent", "{oops", "application/json", 200, None),
    ("force", '{"a": 1}', "text/plain", 200, {"a": 1}),
    ("force", '{"a": 1}', None, 200, {"a": 1}),
])
def test_get_json_silent_and_force(client, how, body, content_type, status, received):
    response = client.post(f"/echo/{how}", data=body, content_type=content_type)
    assert (response.status_code, response.mimetype) == (status, "application/json")
    if status == 200:
        assert response.get_json() == {"received": received}
    else:
        assert response.get_json()["description"].startswith("The browser (or proxy) sent a request that this server")


@pytest.mark.claim("C9")
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "text/json"])
def test_get_json_answers_415_to_a_body_not_sent_as_json(client, content_type):
    response = client.post("/echo/plain", data='{"a": 1}', content_type=content_type)
    assert (response.status_code, response.get_json()) == (415, UNSUPPORTED)


@pytest.mark.claim("C9")
def test_flasks_own_error_page_is_html():
    from flask import Flask, request

    plain = Flask("plain")
    plain.post("/echo")(lambda: {"received": request.get_json()})
    response = plain.test_client().post("/echo", data='{"a": 1}')
    assert (response.status_code, response.mimetype) == (415, "text/html")


@pytest.mark.claim("C9")
def test_the_apps_handler_keeps_status_and_headers(client):
    response = client.post("/user")
    assert (response.status_code, response.get_json()["error"]) == (405, "Method Not Allowed")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.claim("C10")
@pytest.mark.parametrize(("body", "error"), [(["Ada"], TypeError), ("Ada", TypeError), ({"nom": "Ada"}, KeyError)])
def test_the_specimen_that_indexes_the_body_raises(client, body, error):
    with pytest.raises(error):
        client.post("/users/unchecked", json=body)


@pytest.mark.claim("C10")
def test_the_specimen_works_for_the_body_it_expects(client):
    response = client.post("/users/unchecked", json={"name": "Ada"})
    assert (response.status_code, response.get_json()) == (201, {"id": 9, "name": "Ada"})


@pytest.mark.claim("C10")
def test_a_missing_form_field_is_a_400(app):
    from flask import request
    from werkzeug.exceptions import BadRequestKeyError

    with app.test_request_context("/users", method="POST", data={"nom": "Ada"}):
        with pytest.raises(BadRequestKeyError) as raised:
            request.form["name"]
    assert raised.value.code == 400


@pytest.mark.claim("C10")
def test_the_checked_view_answers_400_to_any_other_shape(chapter):
    from hypothesis import example, given, strategies as st

    client = chapter.create_app({"TESTING": True}).test_client()
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
    names = st.fixed_dictionaries({"name": scalars | st.lists(scalars, max_size=2)})  # objects with a name of any type
    bodies = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=4), inner, max_size=3))

    @given(st.one_of(names, bodies))
    @example(["Ada"])
    @example({"name": 7})
    @example({"name": None})
    @example({"name": "Ada"})
    @example(None)
    def check(body):
        response = client.post("/users", data=json.dumps(body), content_type="application/json")  # null too
        ok = isinstance(body, dict) and isinstance(body.get("name"), str)
        assert response.status_code == (201 if ok else 400)
        assert response.get_json() == ({"id": 9, "name": body["name"]} if ok else {
            "error": "Bad Request", "description": 'send a JSON object with a string "name"'})

    check()


def has_a_lone_surrogate(text):
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)


@pytest.mark.claim("C11")
def test_any_text_is_sent_as_ascii_or_as_utf8(chapter):
    from hypothesis import example, given, strategies as st

    default = chapter.create_app({"TESTING": True}).test_client()
    utf8 = chapter.create_app({"TESTING": True, "JSON_OPTIONS": {"ensure_ascii": False}}).test_client()
    tricky = st.sampled_from("é€ßñ中😀\ud800\udfff\x00\"\\</'")

    @given(st.text(st.one_of(tricky, st.characters(codec="ascii"), st.characters(categories=["Cs", "Lo", "So"]))))
    @example("café")
    @example("😀")
    @example("\ud800")
    @example("")
    def check(text):
        sent = {"data": json.dumps({"text": text}), "content_type": "application/json"}  # stdlib: escaped
        ascii_body = default.post("/echo/plain", **sent).data
        assert ascii_body.isascii() and json.loads(ascii_body) == {"received": {"text": text}}
        if has_a_lone_surrogate(text):
            with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
                utf8.post("/echo/plain", **sent)
        else:
            utf8_body = utf8.post("/echo/plain", **sent).data
            assert json.loads(utf8_body) == {"received": {"text": text}} and len(utf8_body) <= len(ascii_body)

    check()


@pytest.mark.claim("C12")
def test_tojson_writes_any_name_without_markup_characters(chapter):
    from hypothesis import example, given, strategies as st

    client = chapter.create_app({"TESTING": True}).test_client()
    markup = st.sampled_from(["<", ">", "&", "'", '"', "</script>", "<!--", "/", "\\", " "])

    @given(st.lists(st.one_of(markup, st.characters(exclude_categories=["Cs"]))).map("".join))
    @example("</script><script>alert(1)</script>")
    @example("' onmouseover='alert(1)")
    @example("")
    def check(name):
        page = client.get("/profile", query_string={"name": name}).text
        written = page.split("const profile = ", 1)[1].rsplit(";</script>", 1)[0]
        assert not set("<>&'") & set(written) and json.loads(written) == {"id": 7, "name": name}

    check()


@pytest.mark.claim("C12")
@pytest.mark.parametrize(("path", "written"), [("/profile", '{{"id": 7, "name": "{}"}}'),
                                               ("/profile/unsafe", '{{"name": "{}", "id": 7}}')])
def test_both_pages_write_the_same_profile_for_a_harmless_name(client, path, written):
    for name in ("", "Ada"):  # no name given, then one
        page = client.get(path, query_string={"name": name} if name else None).text
        assert f"const profile = {written.format(name)};" in page


@pytest.mark.claim("C12")
def test_in_chromium_a_script_in_the_name_runs_only_on_the_specimen(live_server, page):
    attack = "</script><script>window.pwned = true</script>"
    seen = {}
    for path in ("/profile/unsafe", "/profile"):
        page.goto(f"{live_server.url}{path}?name={__import__('urllib.parse').parse.quote(attack)}")
        seen[path] = page.evaluate("() => [window.pwned === true, typeof profile === 'undefined' ? null : profile.name]")
    assert seen == {"/profile/unsafe": [True, None], "/profile": [False, attack]}


@pytest.mark.claim("C13")
def test_tojson_sorts_by_jinjas_policy(app, client):
    assert app.jinja_env.policies["json.dumps_kwargs"] == {"sort_keys": True}
    assert 'const profile = {"id": 7, "name": "Ada"};' in client.get("/profile?name=Ada").text


@pytest.mark.claim("C13")
@pytest.mark.flask_config(**KEEP_ORDER)
def test_with_the_policy_cleared_the_page_keeps_the_views_order(app, client):
    assert app.jinja_env.policies["json.dumps_kwargs"] == {}
    assert 'const profile = {"name": "Ada", "id": 7};' in client.get("/profile?name=Ada").text
