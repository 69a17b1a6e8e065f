import pytest

APP_MESSAGE = r"Working outside of application context\."
REQUEST_MESSAGE = r"Working outside of request context\."


@pytest.mark.claim("C1")
@pytest.mark.parametrize(("name", "message"), [("current_app", APP_MESSAGE), ("g", APP_MESSAGE),
                                               ("request", REQUEST_MESSAGE), ("session", REQUEST_MESSAGE)])
def test_proxies_outside_a_context_raise(name, message):
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
    import flask

    assert [client.get("/count").text for _ in range(3)] == ["1", "1", "1"]


@pytest.mark.claim("C4")
def test_a_pushed_app_context_shares_g_between_requests_on_flask_3_1(app, client):
    import flask

    with app.app_context():
        assert [client.get("/count").text for _ in range(2)] == ["1", "2"]


@pytest.mark.claim("C5")
@pytest.mark.flask_config(TESTING=False)
def test_teardown_runs_after_a_failing_view_and_gets_the_exception(app, client):
    import flask

    assert client.get("/fail").status_code == 500
    assert app.extensions["teardowns"] == [
        ("request", "/fail", "ValueError('the view failed')"), ("app", "ValueError('the view failed')")]


@pytest.mark.claim("C5")
def test_teardown_gets_none_after_a_good_request(app, client):
    import flask

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
