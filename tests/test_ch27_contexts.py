import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('TOPICS = ("contexts",)\n',
           'TOPICS = ("contexts",)\nFlask(__name__).app_context().push()  # pushed at import, never popped\n'),
    "C2": ("app.config.update(config or {})", "app.config.update({})"),  # the factory drops its config: no SECRET_KEY, no session
    "C3": ('g.count = g.get("count", 0) + 1\n        return str(g.count)',
           'app.config["COUNT"] = app.config.get("COUNT", 0) + 1\n        return str(app.config["COUNT"])'),  # kept on the app: lasts as long as it
    "C4": ("    def after_request_context(error):\n",
           '    def after_request_context(error):\n        g.pop("count", None)  # g cleaned after every request\n'),
    "C5": ("    @app.teardown_request\n", "    @app.after_request\n"),  # after_request: skipped when the view raises
    "C6": ('session["name"] = name', "g.name = name"),  # g for what must outlive the request
    "C7": ('@app.cli.command("whoami")', '@app.cli.command("whoami", with_appcontext=False)'),  # the command runs with no context
}

APP_MESSAGE = r"Working outside of application context\."
REQUEST_MESSAGE = r"Working outside of request context\."


@pytest.mark.claim("C1")
@pytest.mark.parametrize(("name", "message"), [("current_app", APP_MESSAGE), ("g", APP_MESSAGE),
                                               ("request", REQUEST_MESSAGE), ("session", REQUEST_MESSAGE)])
def test_proxies_outside_a_context_raise_once_the_chapter_is_imported(chapter, name, message):
    import flask

    with pytest.raises(RuntimeError, match=message):
        getattr(getattr(flask, name), "anything")


@pytest.mark.claim("C2")
def test_app_context_serves_current_app_and_g_only(app):
    import flask

    with app.app_context():
        flask.g.user = "ada"
        assert (flask.current_app.name, flask.g.user) == (app.name, "ada")
        with pytest.raises(RuntimeError, match=REQUEST_MESSAGE):
            flask.request.path


@pytest.mark.claim("C2")
def test_request_context_serves_all_four(app):
    import flask

    with app.test_request_context("/count?x=1"):
        flask.session["seen"] = True
        assert (flask.request.args["x"], flask.current_app.name, flask.session["seen"]) == ("1", app.name, True)
        assert flask.g.get("count") is None


@pytest.mark.claim("C3")
def test_g_lasts_one_request(client):
    assert [client.get("/count").text for _ in range(3)] == ["1", "1", "1"]


@pytest.mark.claim("C4")
def test_a_pushed_app_context_shares_g_between_requests_on_flask_3_1(app, client):
    with app.app_context():
        assert [client.get("/count").text for _ in range(2)] == ["1", "2"]


@pytest.mark.claim("C5")
@pytest.mark.flask_config(TESTING=False)
def test_teardown_runs_after_a_failing_view_and_gets_the_exception(app, client):
    assert client.get("/fail").status_code == 500
    assert app.extensions["teardowns"] == [
        ("request", "/fail", "ValueError('the view failed')"), ("app", "ValueError('the view failed')")]


@pytest.mark.claim("C5")
def test_teardown_gets_none_after_a_good_request(app, client):
    client.get("/count")
    assert app.extensions["teardowns"] == [("request", "/count", "None"), ("app", "None")]


@pytest.mark.claim("C6")
def test_with_client_keeps_the_last_request_and_tears_down_twice_on_flask_3_1(app, client):
    import flask

    once = [("request", "/remember/ada", "None"), ("app", "None")]
    with client:
        client.get("/remember/ada")
        assert (flask.request.path, flask.session["name"]) == ("/remember/ada", "ada")
        assert app.extensions["teardowns"] == once
    assert app.extensions["teardowns"] == once * 2
    assert not flask.has_request_context()


@pytest.mark.claim("C7")
def test_the_cli_pushes_a_fresh_app_context_for_each_command(runner):
    import flask

    results = [runner.invoke(args=["whoami"]) for _ in range(2)]
    assert [(result.exit_code, result.output) for result in results] == [(0, "chapters.ch27_contexts, run 1\n")] * 2
    assert not flask.has_app_context()


@pytest.mark.claim("C7")
def test_a_command_reuses_an_app_context_already_pushed(app, runner):
    with app.app_context():
        assert [runner.invoke(args=["whoami"]).output for _ in range(2)] == [
            "chapters.ch27_contexts, run 1\n", "chapters.ch27_contexts, run 2\n"]


@pytest.mark.claim("C7")
def test_flask_shell_runs_its_console_in_an_app_context(runner):
    from flask.cli import shell_command

    result = runner.invoke(shell_command, input="g\n")
    assert result.exit_code == 0
    assert ">>> <flask.g of 'chapters.ch27_contexts'>\n" in result.output
