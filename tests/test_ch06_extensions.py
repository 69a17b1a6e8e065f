import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C6": ("    app.config.from_prefixed_env()  # FLASK_SECRET_KEY", "    # FLASK_SECRET_KEY"),  # the environment ignored
    "C1": [("    db.init_app(app)\n", "    SQLAlchemy(app)  # a new object per app\n"),
           ("    csrf.init_app(app)\n", ""),  # CSRFProtect never bound to the app
           ("    login_manager.init_app(app)\n", "    LoginManager(app)  # a new object per app\n")],
    "C2": [("    app.config.update(config or {})\n    db.init_app(app)\n",
            "    app.config.update(config or {})\n"
            '    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"\n    db.init_app(app)\n'),  # the default overrides the app's URL
           ("    app.config.update(config or {})\n    db.init_app(app)\n",
            "    db.init_app(app)\n    app.config.update(config or {})\n")],  # bound before its config is set
    "C3": ("validators=[DataRequired()]", "validators=[]"),  # trusting FlaskForm to validate by itself
    "C4": ("    csrf.init_app(app)\n", ""),  # only the form checks the token, inside the view
    "C5": [("        self.id = name\n", "        self.id = name\n\n    is_active = False\n"),  # the one check it makes
           ("    login_manager.init_app(app)\n", "")],  # never bound: login_user has no manager to use
}


@pytest.mark.claim("C1")
def test_one_extension_object_binds_to_two_apps(chapter):
    first, second = (chapter.create_app({"SECRET_KEY": "k" * 32}) for _ in range(2))
    assert sorted(first.extensions) == sorted(second.extensions) == ["csrf", "sqlalchemy"]
    assert first.extensions["sqlalchemy"] is second.extensions["sqlalchemy"] is chapter.db
    assert first.extensions["csrf"] is second.extensions["csrf"] is chapter.csrf
    assert first.login_manager is second.login_manager is chapter.login_manager


@pytest.mark.claim("C2")
def test_each_app_gets_its_own_engine_on_its_own_url(chapter, tmp_path):
    urls = [f"sqlite:///{tmp_path}/{name}.db" for name in ("a", "b")]
    apps = [chapter.create_app({"SQLALCHEMY_DATABASE_URI": url}) for url in urls]
    assert [app.test_client().get("/database").text for app in apps] == urls
    engines = []
    for app in apps:
        with app.app_context():
            engines.append(chapter.db.engine)
    assert engines[0] is not engines[1]
    with pytest.raises(RuntimeError, match="Working outside of application context"):
        chapter.db.engine


@pytest.mark.claim("C3")
@pytest.mark.flask_config(WTF_CSRF_ENABLED=False)
def test_flaskform_validation_is_inherited_from_wtform(chapter, client):
    from wtforms import Form, validators

    assert issubclass(chapter.NoteForm, Form)
    assert [type(v) for v in chapter.NoteForm.text.kwargs["validators"]] == [validators.DataRequired]
    response = client.post("/notes", data={"text": "   "})
    assert (response.status_code, response.get_json()) == (
        400, {"errors": {"text": ["This field is required."]}})
    response = client.post("/notes", data={"text": "hi"})
    assert (response.status_code, response.get_json()) == (201, {"text": "hi"})


@pytest.mark.claim("C4")
def test_protect_extension_refuses_a_post_without_token_before_the_view(client):
    response = client.post("/notes", data={"text": "hi"})
    assert (response.status_code, response.mimetype) == (400, "text/html")
    assert "<p>The CSRF token is missing.</p>" in response.text
    token = client.get("/notes").get_json()["csrf_token"]
    response = client.post("/notes", data={"text": "hi", "csrf_token": token})
    assert (response.status_code, response.get_json()) == (201, {"text": "hi"})


@pytest.mark.claim("C4")
@pytest.mark.flask_config(WTF_CSRF_CHECK_DEFAULT=False)
def test_the_form_checks_the_token_itself_without_the_app_wide_check(client):
    response = client.post("/notes", data={"text": "hi"})
    assert (response.status_code, response.get_json()) == (
        400, {"errors": {"csrf_token": ["The CSRF token is missing."]}})


@pytest.mark.claim("C4")
def test_flask_wtf_ships_file_and_recaptcha_fields():
    import flask_wtf
    from flask_wtf.file import FileField
    from wtforms import Field

    assert issubclass(FileField, Field) and issubclass(flask_wtf.RecaptchaField, Field)


@pytest.mark.claim("C5")
def test_flask_login_logs_in_a_name_with_no_password(app, client):
    token = client.get("/notes").get_json()["csrf_token"]
    assert client.get("/me").get_json() == {"user": None}
    response = client.post("/login", data={"name": "ada", "csrf_token": token})  # no password field at all
    assert (response.status_code, response.get_json()) == (200, {"user": "ada"})
    session = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    assert session["_user_id"] == "ada"
    assert client.get("/me").get_json() == {"user": "ada"}  # the next request, through user_loader


@pytest.mark.claim("C5")
def test_login_user_refuses_only_an_inactive_user(chapter, app):
    from flask_login import current_user, login_user

    class Inactive(chapter.Member):
        is_active = False

    with app.test_request_context():
        assert login_user(Inactive("bob")) is False and current_user.is_authenticated is False
        assert login_user(chapter.Member("mallory")) is True and current_user.id == "mallory"


@pytest.mark.claim("C6")
def test_the_key_comes_from_flask_secret_key(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "a key from the environment, never from the code")
    assert chapter.create_app({"TESTING": True}).config["SECRET_KEY"] == "a key from the environment, never from the code"
