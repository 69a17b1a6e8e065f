import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('return {"message": "Hello, World!"}', 'return "Hello, World!"'),  # a bare string: JSON "Hello, World!"
    "C2": ("    def get(self):\n",  # a catch-all handler for the other verbs
           "    def post(self):\n        return {\"message\": \"Hello, World!\"}\n\n    def get(self):\n"),
    "C3": ("    def get(self):\n",  # a hand-written OPTIONS (as for CORS) that forgets Allow
           "    def options(self):\n        return {}\n\n    def get(self):\n"),
    "C4": ("api = Api(app)", "api = Api(app, catch_all_404s=True)"),  # the Api takes over every 404
    "C5": ("app.config.update(config or {})",  # pretty-printed JSON: 33 bytes
           'app.config.update(config or {}, RESTFUL_JSON={"indent": 2})'),
    "C6": ("    app.run(debug=True)\n", "    app.run(debug=True, use_debugger=False)\n"),  # debug without the debugger
    "C7": ("app.config.update(config or {})",  # JSON settings pinned: no indent even in debug mode
           'app.config.update(config or {}, RESTFUL_JSON={"indent": None})'),
    "C8": ("create_app().run(debug=False, ", "create_app().run("),  # a bare run(): FLASK_DEBUG=1 wins
}


def allowed(response):
    return set(response.headers["Allow"].split(", "))


@pytest.mark.claim("C1")
def test_get_answers_the_exact_json(client):
    response = client.get("/")
    assert (response.status_code, response.mimetype) == (200, "application/json")
    assert response.data == b'{"message": "Hello, World!"}\n'


@pytest.mark.claim("C2")
def test_post_gets_405_with_allow_and_json(client):
    response = client.post("/")
    assert (response.status_code, allowed(response)) == (405, {"GET", "HEAD", "OPTIONS"})
    assert response.get_json() == {"message": "The method is not allowed for the requested URL."}


@pytest.mark.claim("C3")
def test_head_and_options_need_no_code(client):
    head, options = client.head("/"), client.options("/")
    assert (head.status_code, head.data) == (200, b"")
    assert (options.status_code, allowed(options)) == (200, {"GET", "HEAD", "OPTIONS"})


@pytest.mark.claim("C4")
def test_unknown_url_gets_flasks_html_404(client):
    response = client.get("/missing")
    assert (response.status_code, response.mimetype) == (404, "text/html")


@pytest.mark.claim("C5")
def test_real_server_sends_29_bytes_and_head_none(live_server):
    status, headers, body = live_server.request("GET", "/")
    assert (status, headers["Content-Type"], headers["Content-Length"]) == (200, "application/json", "29")
    assert body == b'{"message": "Hello, World!"}\n'
    status, headers, body = live_server.request("HEAD", "/")
    assert (status, headers["Content-Length"], body) == (200, "29", b"")


def record_run_simple(monkeypatch):
    calls = []
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda host, port, app, **options: calls.append(
        (host, port, options["use_debugger"], options["use_reloader"])))
    return calls


@pytest.mark.claim("C6")
def test_source_run_turns_on_debugger_and_reloader(chapter, app, monkeypatch):
    calls = record_run_simple(monkeypatch)
    chapter.run_as_the_source_did(app)
    assert (calls, app.debug) == ([("127.0.0.1", 5000, True, True)], True)


@pytest.mark.claim("C7")
def test_debug_mode_indents_the_json(chapter):
    response = chapter.create_app({"DEBUG": True}).test_client().get("/")
    assert (response.data, response.headers["Content-Length"]) == (
        b'{\n    "message": "Hello, World!"\n}\n', "35")


@pytest.mark.claim("C8")
@pytest.mark.parametrize("environment", [{}, {"FLASK_DEBUG": "1"}], ids=["no-flask-debug", "flask-debug-1"])
def test_script_starts_the_server_without_debugger(chapter, monkeypatch, environment):
    import runpy

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    calls = record_run_simple(monkeypatch)
    runpy.run_path(chapter.__file__, run_name="__main__")
    assert calls == [("127.0.0.1", 5000, False, False)]


@pytest.mark.claim("C8")
def test_flask_debug_turns_on_the_debugger_of_a_bare_run(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    calls = record_run_simple(monkeypatch)
    chapter.create_app().run()
    assert calls == [("127.0.0.1", 5000, True, True)]
