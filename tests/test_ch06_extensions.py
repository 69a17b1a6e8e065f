import importlib.util

import pytest


@pytest.mark.claim("C1")
def test_one_extension_object_binds_to_two_apps(chapter):
    apps = [chapter.create_app({"SECRET_KEY": "k" * 32}) for _ in range(2)]
    for app in apps:
        assert app.extensions["sqlalchemy"] is chapter.db
        assert app.extensions["csrf"] is chapter.csrf


@pytest.mark.claim("C2")
def test_each_app_reads_its_own_connection_url(chapter, tmp_path):
    urls = [f"sqlite:///{tmp_path}/{name}.db" for name in ("a", "b")]
    apps = [chapter.create_app({"SQLALCHEMY_DATABASE_URI": url}) for url in urls]
    assert [app.test_client().get("/database").text for app in apps] == urls


@pytest.mark.claim("C3")
def test_flaskform_validation_is_inherited_from_wtform(app):
    from flask_wtf import FlaskForm
    from wtforms import Form, StringField, validators

    class NameForm(FlaskForm):
        name = StringField(validators=[validators.DataRequired()])

    assert issubclass(FlaskForm, Form)
    with app.test_request_context(method="POST", data={}):
        form = NameForm(meta={"csrf": False})
        assert (form.validate(), form.errors) == (False, {"name": ["This field is required."]})


@pytest.mark.claim("C4")
def test_protect_extension_refuses_a_post_without_token(client):
    response = client.post("/notes")
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.text
    assert client.get("/notes").text == "notes"


@pytest.mark.claim("C5")
def test_flask_login_cannot_be_imported():
    assert importlib.util.find_spec("flask_login") is None
    with pytest.raises(ModuleNotFoundError, match="flask_login"):
        import flask_login  # noqa: F401
