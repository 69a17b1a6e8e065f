import re

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C11": ("    app.config.from_prefixed_env()  # FLASK_SECRET_KEY", "    # FLASK_SECRET_KEY"),  # the environment ignored
    "C1": ("{escape(form.name.data)}", "{form.name.data}"),  # the name reflected as markup: XSS
    "C2": ("    app.config.update(config or {})\n",
           "    app.config.update(config or {})\n"
           "    app.config.setdefault(\"WTF_CSRF_ENABLED\", not app.testing)\n"),  # CSRF off in tests
    "C3": ("        CSRFProtect(app)", "        CSRFProtect()"),  # the extension made, never bound to the app
    "C4": ("{{ form.csrf_token }}{{ form.name }}", "{{ form.name }}"),  # the template forgets the token
    "C5": ("class MyForm(FlaskForm):  # the source's form, with validators\n",
           "class MyForm(FlaskForm):  # the source's form, with validators\n"
           "    class Meta:\n        csrf = False\n"),  # CSRF switched off on the form
    "C6": [("class MyForm(FlaskForm):  # the source's form, with validators\n",
            "class MyForm(FlaskForm):  # the source's form, with validators\n"
            "    class Meta:\n        csrf = True\n"),  # the form forces its check past the config
           ("class MyForm(FlaskForm):  # the source's form, with validators\n",
            "class MyForm(FlaskForm):  # the source's form, with validators\n"
            "    class Meta:\n        csrf = False\n")],  # the form leans on CSRFProtect alone
    "C7": ('TOKEN_HEADER = "X-CSRFToken"', 'TOKEN_HEADER = "X-XSRF-TOKEN"'),  # Angular's and axios's name
    "C8": [("validators.DataRequired()", "validators.InputRequired()"),  # whitespace only passes
           ("Length(max=20)", "Length(max=21)"),  # off by one
           ("[validators.DataRequired(), ", "[")],  # the empty name passes
    "C9": [("if request.is_json and not isinstance(request.get_json(silent=True), dict):",
            "if request.is_json and request.get_json(silent=True) is None:"),  # only bad JSON refused
           ("isinstance(request.get_json(silent=True), dict)",
            "isinstance(request.get_json(silent=True), (dict, list))")],  # lists let through
    "C10": [("if form.validate_on_submit():", 'if request.method == "POST" and form.validate():'),
            ('methods=["GET", "POST", "PUT", "PATCH", "DELETE"]', 'methods=["GET", "POST"]')],
}


def token_from(client):
    response = client.get("/name")
    assert response.status_code == 200
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.text)
    assert found, "the page has no csrf_token field"
    return found.group(1)


@pytest.mark.claim("C1")
def test_a_good_post_with_token_validates_and_is_escaped(client):
    response = client.post("/name", data={"name": "<b>ada", "csrf_token": token_from(client)})
    assert (response.status_code, response.text) == (200, "Hello, &lt;b&gt;ada!")


@pytest.mark.claim("C2")
def test_testing_keeps_csrf_on_for_a_flaskform(client):
    response = client.post("/name", data={"name": "ada"})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.text


@pytest.mark.claim("C3")
@pytest.mark.flask_config(PROTECT_EVERY_POST=True)
def test_csrfprotect_answers_400_before_the_view(client):
    response = client.post("/api/echo", json={"a": 1})
    assert response.status_code == 400
    assert "<p>The CSRF token is missing.</p>" in response.text


@pytest.mark.claim("C4")
@pytest.mark.flask_config(PROTECT_EVERY_POST=True)
def test_the_real_get_then_post_flow(client):
    token = token_from(client)
    assert client.post("/name", data={"name": "ada", "csrf_token": token}).text == "Hello, ada!"


@pytest.mark.claim("C5")
def test_a_token_does_not_work_for_another_client(app):
    token = token_from(app.test_client())
    response = app.test_client().post("/name", data={"name": "ada", "csrf_token": token})
    assert response.status_code == 400
    assert "The CSRF tokens do not match." in response.text


@pytest.mark.claim("C6")
@pytest.mark.flask_config(PROTECT_EVERY_POST=True, WTF_CSRF_ENABLED=False)
def test_csrf_enabled_false_turns_every_check_off(client):
    assert client.post("/api/echo", json={"a": 1}).get_json() == {"received": {"a": 1}}
    assert client.post("/name", data={"name": "ada"}).text == "Hello, ada!"


@pytest.mark.claim("C6")
@pytest.mark.flask_config(PROTECT_EVERY_POST=True, WTF_CSRF_CHECK_DEFAULT=False)
def test_check_default_false_leaves_the_forms_check_on(client):
    assert client.post("/api/echo", json={"a": 1}).status_code == 200
    assert client.post("/name", data={"name": "ada"}).status_code == 400


@pytest.mark.claim("C7")
@pytest.mark.flask_config(PROTECT_EVERY_POST=True)
def test_json_passes_with_the_token_header(client, chapter):
    response = client.post("/api/echo", json={"a": 1}, headers={chapter.TOKEN_HEADER: token_from(client)})
    assert response.get_json() == {"received": {"a": 1}}


@pytest.mark.claim("C7")
@pytest.mark.flask_config(PROTECT_EVERY_POST=True)
def test_json_with_the_token_under_another_header_is_refused(client):
    response = client.post("/api/echo", json={"a": 1}, headers={"X-XSRF-TOKEN": token_from(client)})
    assert response.status_code == 400
    assert "<p>The CSRF token is missing.</p>" in response.text


def any_name():
    """Names of every length, clustered at the edges, in whitespace only or mixed with any text."""
    from hypothesis import strategies as st

    blank = st.sampled_from(" \t\n\r\xa0\u3000")
    mixed = blank | st.characters(exclude_categories=["Cs"])  # no surrogates: UTF-8 has none
    lengths = st.sampled_from([0, 1, 20, 21]) | st.integers(0, 40)
    return lengths.flatmap(lambda n: st.text(mixed, min_size=n, max_size=n) | st.text(blank, min_size=n, max_size=n))


@pytest.mark.claim("C8")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
def test_any_name_validates_iff_1_to_20_characters_not_all_whitespace(client):
    from hypothesis import example, given

    @given(any_name())
    @example("")
    @example(" ")
    @example(" " * 20)
    @example("x" * 21)
    @example("é" * 20)
    @example("<>&\"'/\\")
    def check(name):
        status = client.post("/name", data={"name": name}).status_code
        assert status == (200 if name.strip() and len(name) <= 20 else 400)

    check()


@pytest.mark.claim("C8")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
@pytest.mark.parametrize(("name", "status"), [("", 400), (" ", 400), ("x", 200), (" x ", 200),
                                              ("x" * 20, 200), ("x" * 21, 400), (" " * 20 + "x", 400)])
def test_the_name_rule_at_its_edges(client, name, status):
    assert client.post("/name", data={"name": name}).status_code == status


@pytest.mark.claim("C9")
@pytest.mark.parametrize(("document", "error", "message"), [
    (False, TypeError, "'bool' object is not iterable"),
    ([1, 2], TypeError, "cannot unpack non-iterable int object"),
    ("ab", ValueError, r"not enough values to unpack \(expected 2, got 1\)"),
])
def test_a_flaskform_raises_on_json_that_is_not_an_object(app, chapter, document, error, message):
    with app.test_request_context(method="POST", json=document):
        with pytest.raises(error, match=message):
            chapter.MyForm()


@pytest.mark.claim("C9")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
def test_a_flaskform_reads_a_json_list_of_pairs(app, chapter):
    with app.test_request_context(method="POST", json=[["name", "ada"]]):
        form = chapter.MyForm()
        assert (form.validate_on_submit(), form.name.data) == (True, "ada")


@pytest.mark.claim("C8")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
def test_the_sources_form_without_validators_takes_an_empty_name(app):
    from flask_wtf import FlaskForm
    from wtforms import StringField, SubmitField

    class MyForm(FlaskForm):  # the source's code, as printed
        name = StringField("Name")
        submit = SubmitField("Submit")

    with app.test_request_context(method="POST", data={"name": ""}):
        assert MyForm().validate_on_submit() is True


def any_json():
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
    return st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner))


@pytest.mark.claim("C9")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
def test_the_books_view_refuses_any_json_that_is_not_an_object(client):
    from hypothesis import example, given

    @given(any_json().filter(lambda document: not isinstance(document, dict)))
    @example(False)
    @example([["name", "ada"]])
    @example([])
    @example(None)
    @example("ab")
    @example(2**64)
    def check(document):
        assert client.post("/name", json=document).status_code == 400

    check()


@pytest.mark.claim("C10")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_write_method_counts_as_a_submit(client, method):
    response = client.open("/name", method=method, data={"name": "ada"})
    assert (response.status_code, response.text) == (200, "Hello, ada!")


@pytest.mark.claim("C10")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
def test_a_get_is_never_a_submit(client):
    response = client.get("/name", query_string={"name": "ada"})
    assert response.status_code == 200
    assert "Hello" not in response.text


@pytest.mark.claim("C11")
def test_the_key_comes_from_flask_secret_key(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "a key from the environment, never from the code")
    app = chapter.create_app({"TESTING": True})
    assert app.config["SECRET_KEY"] == "a key from the environment, never from the code"
    assert 'name="csrf_token"' in app.test_client().get("/name").text
