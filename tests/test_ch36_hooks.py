import secrets
import threading

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("    @app.teardown_request\n    def close_request(error):",  # both on the app context
            "    @app.teardown_appcontext\n    def close_request(error):"),
           # registered in the order one wants them to run: they run the other way round
           ("    @app.after_request\n"
            "    def show_hooks(response):  # registered first, so it runs last and sees the others\n"
            '        record("show_hooks")\n'
            '        response.headers["X-Hooks"] = ", ".join(g.hooks)\n'
            "        return response\n"
            "\n"
            "    @app.after_request\n"
            "    def add_headers(response):\n"
            '        record("add_headers")\n'
            '        response.headers["Cache-Control"] = "no-store"\n'
            "        response.headers[REQUEST_ID] = g.request_id\n"
            "        return response\n",
            "    @app.after_request\n"
            "    def add_headers(response):\n"
            '        record("add_headers")\n'
            '        response.headers["Cache-Control"] = "no-store"\n'
            "        response.headers[REQUEST_ID] = g.request_id\n"
            "        return response\n"
            "\n"
            "    @app.after_request\n"
            "    def show_hooks(response):  # registered first, so it runs last and sees the others\n"
            '        record("show_hooks")\n'
            '        response.headers["X-Hooks"] = ", ".join(g.hooks)\n'
            "        return response\n")],
    "C2": ("    @after_this_request\n    def set_cookie(response):",  # defined, never registered
           "    def set_cookie(response):"),
    "C3": ('            return {"error": "login required"}, 401',  # computed, not returned: the view runs
           '            ({"error": "login required"}, 401)'),
    "C4": [("app.config.update(config or {})",  # propagate in production too
            "app.config.update(config or {}, PROPAGATE_EXCEPTIONS=True)"),
           ('record(f"teardown_request {error!r}")', 'record("teardown_request")')],  # the error ignored
    "C5": ("            abort(403)", '            raise PermissionError("admins only")'),  # not an HTTP error
    "C6": ("    @members.before_request", "    @members.before_app_request"),  # the gate on every page
    "C7": ("\nTOPICS = (", '\ng = __import__("flask").ctx._AppCtxGlobals()  # one namespace for all\nTOPICS = ('),
    "C8": ('        session["user"] = name\n', '        g.user = name\n'),  # the question's login
    "C9": ('g.user = session.get("user")', 'g.user = session["user"]'),  # the answer's index
    "C10": ("\nTOPICS = (", '\ng = __import__("flask").ctx._AppCtxGlobals()  # one namespace for all\nTOPICS = ('),
    "C11": ('app.extensions["last_hooks"] = g.pop("hooks")',  # a teardown that does not expect a second run
            'app.extensions["last_hooks"] = g.get("hooks")'),
}

KEY = secrets.token_hex(32)
TEARDOWN = ["teardown_request None", "teardown_appcontext None"]
BEFORE = ["url_value_preprocessor", "load_user", "tag_request"]
FAILED = "ValueError('the view failed')"


def hooks(app):
    """The hooks the last finished request ran, in order (the chapter's record)."""
    return app.extensions["last_hooks"]


@pytest.mark.claim("C1")
def test_the_hooks_of_one_request_run_in_this_order(app, client):
    response = client.get("/en/hello")
    assert hooks(app) == [*BEFORE, "hello", "add_headers", "show_hooks", *TEARDOWN]
    assert response.headers["X-Hooks"] == ", ".join([*BEFORE, "hello", "add_headers", "show_hooks"])
    ours = {"cache-control", "x-request-id", "x-hooks"}  # as sent, in the order they were set
    assert [name for name, _ in response.headers if name.lower() in ours] == ["Cache-Control", "X-Request-Id", "X-Hooks"]


@pytest.mark.claim("C1")
def test_last_shows_the_previous_requests_hooks_teardown_included(client):
    assert client.get("/last").get_json() == []  # no request had finished
    client.get("/en/hello")
    assert client.get("/last").get_json() == [*BEFORE, "hello", "add_headers", "show_hooks", *TEARDOWN]


@pytest.mark.claim("C2")
def test_after_this_request_runs_first_and_for_one_request(app, client):
    response = client.get("/fr/choose")
    assert hooks(app)[3:7] == ["choose", "after_this_request", "add_headers", "show_hooks"]
    assert (response.get_json(), response.headers["Set-Cookie"]) == ({"lang": "fr"}, "lang=fr; Path=/")
    assert "Set-Cookie" not in client.get("/fr/hello").headers


@pytest.mark.claim("C3")
def test_a_before_request_value_skips_the_view_not_the_after_hooks(app, client):
    response = client.get("/members/")
    assert (response.status_code, response.get_json()) == (401, {"error": "login required"})
    assert response.headers["Cache-Control"] == "no-store"
    assert hooks(app) == [*BEFORE, "require_user", "members_after", "add_headers", "show_hooks", *TEARDOWN]


@pytest.mark.claim("C4")
@pytest.mark.flask_config(TESTING=False)
def test_in_production_a_500_goes_through_after_request(app, client, caplog):
    response = client.get("/fail")
    assert (response.status_code, response.headers["Cache-Control"]) == (500, "no-store")
    assert hooks(app) == [*BEFORE, "fail", "add_headers", "show_hooks",
                          f"teardown_request {FAILED}", f"teardown_appcontext {FAILED}"]
    assert "Exception on /fail [GET]" in caplog.text


@pytest.mark.claim("C4")
@pytest.mark.parametrize("mode", [{"TESTING": True}, {"TESTING": False, "DEBUG": True}], ids=["testing", "debug"])
def test_a_propagated_exception_skips_after_request_not_teardown(chapter, mode):
    app = chapter.create_app({"SECRET_KEY": KEY, **mode})
    with pytest.raises(ValueError, match="^the view failed$"):
        app.test_client().get("/fail")
    assert hooks(app) == [*BEFORE, "fail", f"teardown_request {FAILED}", f"teardown_appcontext {FAILED}"]


@pytest.mark.claim("C5")
def test_an_http_error_is_a_response_not_an_error(app, client):
    client.get("/login/ada")
    response = client.get("/members/admin")  # TESTING is on: nothing is raised
    assert (response.status_code, response.headers["Cache-Control"]) == (403, "no-store")
    assert hooks(app) == [*BEFORE, "require_user", "admin", "members_after", "add_headers", "show_hooks", *TEARDOWN]
    client.get("/login/admin")
    assert client.get("/members/admin").get_json() == {"admin": "admin"}


@pytest.mark.claim("C5")
def test_a_url_with_no_rule_is_a_404_with_every_hook(app, client):
    response = client.get("/no/such/page")
    assert (response.status_code, response.headers["Cache-Control"]) == (404, "no-store")
    assert hooks(app) == [*BEFORE, "add_headers", "show_hooks", *TEARDOWN]


@pytest.mark.claim("C6")
def test_blueprint_hooks_run_inside_the_apps_for_its_requests_only(app, client):
    client.get("/login/ada")
    assert client.get("/members/").get_json() == {"greeting": "hello ada (en)"}
    assert hooks(app) == [*BEFORE, "require_user", "members", "members_after", "add_headers", "show_hooks", *TEARDOWN]
    assert client.get("/fr/hello").get_json() == {"greeting": "hello ada (fr)"}
    assert hooks(app) == [*BEFORE, "hello", "add_headers", "show_hooks", *TEARDOWN]
    assert list(app.blueprints) == ["members"]  # the name its hooks are registered under


@pytest.mark.claim("C7")
def test_g_starts_empty_on_every_request(client):
    assert [client.get("/count").get_json() for _ in range(3)] == [{"count": 1}] * 3


@pytest.mark.claim("C7")
def test_a_pushed_app_context_is_reused_and_g_counts_on(app, client):
    from importlib.metadata import version

    assert version("flask").startswith("3.1.")  # 3.2: a request no longer reuses a pushed context
    with app.app_context():
        assert [client.get("/count").get_json() for _ in range(2)] == [{"count": 1}, {"count": 2}]


@pytest.mark.claim("C7")
def test_g_carries_values_from_the_hooks_to_the_code_and_back(client):
    response = client.get("/fr/hello", headers={"X-Request-Id": "req-42"})
    assert (response.get_json(), response.headers["X-Request-Id"]) == ({"greeting": "hello stranger (fr)"}, "req-42")
    first, second = (client.get("/en/hello").headers["X-Request-Id"] for _ in range(2))
    assert (len(first), first != second) == (32, True)  # a fresh id when the client sends none


@pytest.mark.claim("C8")
def test_a_user_put_on_g_at_login_is_gone_on_the_next_request(client):
    assert client.get("/login-into-g/ada").get_json() == {"user": "ada"}  # g.user, in that request
    assert client.get("/members/").status_code == 401
    assert client.get("/login/ada").get_json() == {"user": "ada"}
    assert client.get("/members/").get_json() == {"greeting": "hello ada (en)"}


@pytest.mark.claim("C9")
def test_the_answers_session_index_fails_every_visitor(chapter, caplog):
    from flask import Flask

    namespace = {}
    exec(compile(chapter.ANSWER_LOAD_USER, "ANSWER_LOAD_USER", "exec"), namespace)
    app = Flask("answer")
    app.secret_key = KEY
    app.before_request(namespace["load_user"])
    app.add_url_rule("/", "home", lambda: "home")
    assert app.test_client().get("/").status_code == 500
    assert "KeyError: 'user_id'" in caplog.text


@pytest.mark.claim("C9")
@pytest.mark.flask_config(TESTING=False)
def test_a_visitor_without_a_session_is_a_stranger(client):
    assert client.get("/en/hello").get_json() == {"greeting": "hello stranger (en)"}
    assert client.get("/members/").status_code == 401


@pytest.mark.claim("C10")
def test_two_threads_each_see_their_own_g(app, chapter):
    barrier, seen = threading.Barrier(2, timeout=10), {}

    def handle(lang):
        with app.test_request_context(f"/{lang}/hello"):
            app.preprocess_request()  # the preprocessor and before_request write g
            barrier.wait()  # both threads have written g before either reads it
            seen[lang] = chapter.greeting()

    threads = [threading.Thread(target=handle, args=(lang,)) for lang in ("fr", "de")]
    [thread.start() for thread in threads]
    [thread.join(10) for thread in threads]
    assert seen == {"fr": "hello stranger (fr)", "de": "hello stranger (de)"}


@pytest.mark.claim("C11")
def test_with_client_teardown_runs_after_the_request_and_again_at_exit(app):
    from flask import request

    client = app.test_client()
    with client:
        client.get("/en/hello")
        assert request.path == "/en/hello"  # the request context is still there...
        assert hooks(app) == [*BEFORE, "hello", "add_headers", "show_hooks", *TEARDOWN]  # ...torn down
    assert hooks(app) == TEARDOWN  # and torn down again as the block exits
