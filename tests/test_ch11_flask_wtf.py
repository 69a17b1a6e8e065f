import re

import pytest


def token_from(client):
    html = client.get("/name").text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


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
def test_json_passes_with_the_token_header(client):
    response = client.post("/api/echo", json={"a": 1}, headers={"X-CSRFToken": token_from(client)})
    assert response.get_json() == {"received": {"a": 1}}


@pytest.mark.claim("C8")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
def test_the_length_rule_for_any_name(client):
    from hypothesis import given, strategies as st

    letters = st.characters(codec="ascii", categories=["L", "N"])

    @given(st.text(letters, min_size=1, max_size=40))
    def check(name):
        status = client.post("/name", data={"name": name}).status_code
        assert status == (200 if len(name) <= 20 else 400)

    check()


@pytest.mark.claim("C8")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
@pytest.mark.parametrize(("length", "status"), [(0, 400), (1, 200), (20, 200), (21, 400)])
def test_the_length_rule_at_its_edges(client, length, status):
    assert client.post("/name", data={"name": "x" * length}).status_code == status


@pytest.mark.claim("C9")
def test_a_flaskform_crashes_on_json_that_is_not_an_object(app, chapter):
    with app.test_request_context(method="POST", json=False):
        with pytest.raises(TypeError, match="'bool' object is not iterable"):
            chapter.MyForm()


@pytest.mark.claim("C9")
@pytest.mark.parametrize("document", [False, [1, 2]], ids=["false", "list"])
def test_the_books_view_refuses_json_that_is_not_an_object(client, document):
    assert client.post("/name", json=document).status_code == 400
