import contextlib
import json
import re
import secrets

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('r"/public/.*": {}', 'r"/.*": {}'),  # CORS(app)'s defaults on every path, /notes too
    "C2": ('r"/public/.*": {}', 'r"/public/.*": {"send_wildcard": True}'),  # a literal * for browsers too
    "C3": ('r"/api/.*": {"origins"', 'r"/api/*": {"origins"'),  # the docs' pattern: /apiary matches too
    "C4": [('FRONT_END = "http://127.0.0.1:8000"', 'FRONT_END = "http://localhost:8000"'),  # the same machine, another origin
           ('"origins": [app.config.get("FRONT_END", FRONT_END), SUBDOMAINS]', '"origins": "*"')],  # every origin
    "C5": [(r'\.book\.example$"', r'\.book\.example"'),  # no "$": a prefix is enough
           (r'[a-z0-9-]+\.book\.example$', r'[a-z0-9-]+.book.example$')],  # dots left unescaped
    "C6": [("    app.config.update(config or {})\n",  # no automatic OPTIONS: a preflight gets 405
            "    app.config.update(config or {})\n    app.config[\"PROVIDE_AUTOMATIC_OPTIONS\"] = False\n"),
           ('"supports_credentials": True, "expose', '"supports_credentials": True, "methods": ["GET", "POST"], "expose')],  # DELETE forgotten
    "C7": ("request.get_data(as_text=True)", "request.get_json()"),  # JSON only: a page must preflight
    "C8": ('response.headers["Access-Control-Allow-Origin"] = "*"',  # the by-hand fix: the header asked for
           'response.headers.update({"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Content-Type"})'),
    "C9": [(', "expose_headers": [TOTAL]', ""),  # nothing exposed
           ('r"/public/.*": {}', 'r"/public/.*": {"allow_headers": ["Content-Type"]}')],  # Authorization not allowed
    "C10": ("    app.register_blueprint(by_hand)\n",  # the server checks the Origin itself: then it refuses
            "    app.register_blueprint(by_hand)\n    app.before_request(lambda: None if request.origin in"
            ' (None, app.config.get("FRONT_END", FRONT_END)) else ("refused", 403))\n'),
    "C11": ('"supports_credentials": True, "expose', '"expose'),  # no credentials for the front end
    "C12": ('"/unsafe/me": {"supports_credentials": True}',  # the fix: the front end only
            '"/unsafe/me": {"supports_credentials": True, "origins": FRONT_END}'),
}

FRONT_END = "http://127.0.0.1:8000"  # the chapter's default front end (written out: C4 breaks the chapter's)
FAILED = "TypeError: Failed to fetch"  # all a page learns when the browser refuses it the answer
JSON = {"Content-Type": "application/json"}

FETCH = """async ([url, init]) => {
    try {
        const response = await fetch(url, init);
        return [response.status, await response.json(), response.headers.get('X-Total-Count')];
    } catch (error) {
        return String(error);
    }
}"""


def page_server():
    """A page on its own origin (a free port of 127.0.0.1): where a fetch comes from."""
    from flask import Flask

    site = Flask("a_page")
    site.get("/")(lambda: "<!doctype html><title>a page</title>")
    return live.serve_app(site)


@pytest.fixture(scope="module")
def front_end():
    with page_server() as server:
        yield server


@pytest.fixture(scope="module")
def elsewhere():
    with page_server() as server:
        yield server


@contextlib.contextmanager
def serve(chapter, front_end, **config):
    """The chapter's app, with ``front_end``'s origin as its front end, on a real server that
    records every request it answers: ``calls(server)`` and ``heard(server)``."""
    app = chapter.create_app({"SECRET_KEY": secrets.token_hex(32), "FRONT_END": front_end.url, **config})
    inner, seen = app.wsgi_app, []

    def recording(environ, start_response):
        def start(status, headers, exc_info=None):
            seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], int(status[:3]), environ))
            return start_response(status, headers, exc_info)
        return inner(environ, start)

    app.wsgi_app = recording
    with live.serve_app(app) as server:
        server.extra["seen"] = seen
        yield server


@pytest.fixture
def api(chapter, front_end):
    with serve(chapter, front_end) as server:
        yield server


def calls(server):
    return [(method, path, status) for method, path, status, _ in server.extra["seen"]]


def heard(server, name):
    return [environ.get(name) for *_, environ in server.extra["seen"]]


def fetch(page, origin, url, **init):
    """``fetch(url, init)`` run by a page of ``origin`` in Chromium: [status, JSON body,
    X-Total-Count as the script sees it], or the error the page gets."""
    if page.url != f"{origin.url}/":
        page.goto(f"{origin.url}/")
    return page.evaluate(FETCH, [url, init])


def log_in(page, api):
    """The session cookie for ``api`` in the page's browser context (as a login form would)."""
    assert page.context.request.post(f"{api.url}/login").json() == {"user": "ada"}


def allowed(client, origin, path="/api/notes"):
    return client.get(path, headers={"Origin": origin}).headers.get("Access-Control-Allow-Origin")


def origins():
    """Origin headers weighted to what origin matching gets wrong: schemes, near-miss hosts,
    suffixes after a trusted name, ports, case, slashes; and any text a client may send."""
    from hypothesis import strategies as st

    scheme = st.sampled_from(["https://", "http://", "HTTPS://", "", "null", "https://evil.example/"])
    name = st.sampled_from(["app", "a-1", "APP", "", "x.y", "127.0.0.1:8000", "evil"]) | st.text("ab-.:/", max_size=4)
    tail = st.sampled_from([".book.example", ".book.example.attacker.net", ".bookXexample", "book.example",
                            ".book.example:8443", ".book.example/", "-book.example", ".book.examples", ""])
    text = st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), min_size=1)
    return st.one_of(st.builds("{}{}{}".format, scheme, name, tail), text).filter(str.strip)


@pytest.mark.claim("C1")
def test_plain_flask_sends_no_cors_header(client):
    response = client.get("/notes", headers={"Origin": FRONT_END})
    assert response.status_code == 200
    assert [name for name in response.headers.keys() if name.lower().startswith("access-control")] == []


@pytest.mark.claim("C1")
def test_chromium_keeps_a_plain_answer_from_another_origin(api, front_end, page):
    assert fetch(page, front_end, f"{api.url}/notes") == FAILED
    assert calls(api) == [("GET", "/notes", 200)]  # the server answered; the browser kept it from the page


@pytest.mark.claim("C2")
def test_cors_defaults_send_back_any_origin(client):
    from hypothesis import example, given

    @given(origins())
    @example("http://127.0.0.1:8000")
    @example("null")  # a sandboxed iframe or a file:// page
    @example("https://app.book.example.attacker.net")
    def check(origin):
        response = client.get("/public/notes", headers={"Origin": origin})
        assert (response.access_control_allow_origin, response.headers["Vary"]) == (origin, "Origin")

    check()


@pytest.mark.claim("C2")
def test_cors_defaults_send_a_star_only_without_an_origin(client):
    response = client.get("/public/notes")
    assert response.access_control_allow_origin == "*"
    assert "Vary" not in response.headers


@pytest.mark.claim("C2")
def test_chromium_on_any_origin_reads_the_public_notes(api, front_end, elsewhere, page):
    assert fetch(page, front_end, f"{api.url}/public/notes") == [200, {"notes": []}, None]
    assert fetch(page, elsewhere, f"{api.url}/public/notes") == [200, {"notes": []}, None]


@pytest.mark.claim("C3")
def test_resources_match_from_the_start_of_the_path(client):
    assert allowed(client, FRONT_END, "/api/notes") == FRONT_END
    assert allowed(client, FRONT_END, "/apiary") is None  # a 404, which gets CORS headers where they apply
    assert allowed(client, FRONT_END, "/api/nowhere") == FRONT_END


@pytest.mark.claim("C3")
def test_the_docs_pattern_covers_apiary_too():
    from flask import Flask
    from flask_cors import CORS

    app = Flask(__name__)
    CORS(app, resources={r"/api/*": {"origins": FRONT_END}})
    assert allowed(app.test_client(), FRONT_END, "/apiary") == FRONT_END


@pytest.mark.claim("C4")
def test_origins_compare_whole_origins(chapter, client):
    assert allowed(client, FRONT_END) == FRONT_END
    others = ["http://localhost:8000", "https://127.0.0.1:8000", "http://127.0.0.1:8001", "http://127.0.0.1"]
    assert [allowed(client, origin) for origin in others] == [None] * 4
    with_slash = chapter.create_app({"FRONT_END": f"{FRONT_END}/"}).test_client()
    assert allowed(with_slash, FRONT_END) is None  # the browser sends no slash: nothing matches


@pytest.mark.claim("C4")
def test_the_front_end_can_come_from_the_environment(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_FRONT_END", "http://localhost:3000")
    client = chapter.create_app().test_client()
    assert (allowed(client, "http://localhost:3000"), allowed(client, FRONT_END)) == ("http://localhost:3000", None)


@pytest.mark.claim("C4")
def test_chromium_reads_the_api_from_the_front_end_only(api, front_end, elsewhere, page):
    assert fetch(page, front_end, f"{api.url}/api/notes") == [200, {"notes": []}, "0"]
    assert fetch(page, elsewhere, f"{api.url}/api/notes") == FAILED


@pytest.mark.claim("C5")
def test_an_unanchored_origin_regex_admits_an_attackers_origin(client):
    attacker = "https://app.book.example.attacker.net"  # attacker.net's own subdomain
    assert allowed(client, attacker, "/unsafe/notes") == attacker
    assert allowed(client, "https://attacker.example", "/unsafe/notes") is None  # what it was meant to refuse
    assert allowed(client, attacker, "/api/notes") is None
    assert allowed(client, "https://app.book.example", "/api/notes") == "https://app.book.example"


@pytest.mark.claim("C5")
def test_an_anchored_origin_regex_matches_whole_origins_only(client):
    from hypothesis import example, given

    whole = re.compile(r"https://[a-z0-9-]+\.book\.example", re.IGNORECASE)  # Flask-CORS ignores case

    @given(origins())
    @example("https://app.book.example")
    @example("https://app.book.example.attacker.net")
    @example("https://app.bookXexample")
    @example("http://app.book.example")
    def check(origin):
        expected = origin if whole.fullmatch(origin) or origin.casefold() == FRONT_END else None
        assert allowed(client, origin) == expected

    check()


@pytest.mark.claim("C6")
def test_flask_answers_options_on_a_post_only_route(client):
    response = client.options("/login")  # @app.post("/login"): no OPTIONS written anywhere
    assert (response.status_code, response.allow.as_set()) == (200, {"options", "post"})


@pytest.mark.claim("C6")
def test_flask_cors_answers_a_preflight_with_what_it_asked(client):
    response = client.options("/api/notes", headers={"Origin": FRONT_END, "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "content-type, x-anything"})
    assert response.status_code == 200
    assert response.access_control_allow_origin == FRONT_END
    assert response.headers["Access-Control-Allow-Headers"] == "content-type, x-anything"
    assert response.headers["Access-Control-Allow-Methods"] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"


@pytest.mark.claim("C6")
def test_chromium_preflights_a_json_post(api, front_end, page):
    assert fetch(page, front_end, f"{api.url}/api/notes", method="POST", headers=JSON, body='"hello"') == [
        201, {"notes": ['"hello"']}, None]
    assert calls(api) == [("OPTIONS", "/api/notes", 200), ("POST", "/api/notes", 201)]
    assert heard(api, "HTTP_ACCESS_CONTROL_REQUEST_HEADERS") == ["content-type", None]


@pytest.mark.claim("C6")
def test_chromium_preflights_a_delete(api, front_end, page):
    assert api.request("POST", "/api/notes", body="to delete")[0] == 201
    assert fetch(page, front_end, f"{api.url}/api/notes", method="DELETE") == [200, {"notes": []}, None]
    assert calls(api) == [("POST", "/api/notes", 201), ("OPTIONS", "/api/notes", 200), ("DELETE", "/api/notes", 200)]
    assert heard(api, "HTTP_ACCESS_CONTROL_REQUEST_METHOD") == [None, "DELETE", None]


@pytest.mark.claim("C6")
def test_a_preflight_answered_405_stops_the_request(chapter, front_end, page):
    with serve(chapter, front_end, PROVIDE_AUTOMATIC_OPTIONS=False) as api:
        assert fetch(page, front_end, f"{api.url}/api/notes", method="DELETE") == FAILED
        assert calls(api) == [("OPTIONS", "/api/notes", 405)]  # with every CORS header, but not a 2xx


@pytest.mark.claim("C7")
def test_simple_requests_are_not_preflighted(api, front_end, page):
    log_in(page, api)
    assert fetch(page, front_end, f"{api.url}/api/me", credentials="include") == [200, {"user": "ada"}, None]
    assert fetch(page, front_end, f"{api.url}/api/notes", method="POST", body="hello") == [201, {"notes": ["hello"]}, None]
    assert calls(api) == [("POST", "/login", 200), ("GET", "/api/me", 200), ("POST", "/api/notes", 201)]
    assert heard(api, "CONTENT_TYPE")[2] == "text/plain;charset=UTF-8"


@pytest.mark.claim("C8")
def test_the_header_alone_lets_a_get_through(api, front_end, page):
    assert fetch(page, front_end, f"{api.url}/by-hand/notes") == [200, {"notes": []}, None]


@pytest.mark.claim("C8")
def test_the_header_alone_fails_the_preflight_of_a_json_post(api, front_end, page):
    assert fetch(page, front_end, f"{api.url}/by-hand/notes", method="POST", headers=JSON, body='"hello"') == FAILED
    assert calls(api) == [("OPTIONS", "/by-hand/notes", 200)]  # the POST was never sent


@pytest.mark.claim("C9")
def test_cors_defaults_let_chromium_send_authorization(api, front_end, page):
    answer = fetch(page, front_end, f"{api.url}/public/notes", headers={"Authorization": "Bearer t0ken"})
    assert answer == [200, {"notes": []}, None]
    assert calls(api) == [("OPTIONS", "/public/notes", 200), ("GET", "/public/notes", 200)]
    assert heard(api, "HTTP_AUTHORIZATION") == [None, "Bearer t0ken"]


@pytest.mark.claim("C9")
def test_expose_headers_lets_a_script_read_a_response_header(api, front_end, page, client):
    assert client.get("/public/notes").headers["X-Total-Count"] == "0"  # sent by both
    assert fetch(page, front_end, f"{api.url}/public/notes")[2] is None
    assert fetch(page, front_end, f"{api.url}/api/notes")[2] == "0"


@pytest.mark.claim("C10")
def test_a_client_that_is_not_a_browser_reads_the_api_with_any_origin(client):
    from hypothesis import example, given

    @given(origins())
    @example("https://attacker.example")
    def check(origin):
        assert client.get("/api/notes", headers={"Origin": origin}).json == {"notes": []}

    check()
    assert client.get("/api/notes").json == {"notes": []}


@pytest.mark.claim("C10")
def test_a_page_on_an_unlisted_origin_still_adds_a_note(api, elsewhere, page):
    assert fetch(page, elsewhere, f"{api.url}/api/notes", method="POST", body="from elsewhere") == FAILED
    assert calls(api) == [("POST", "/api/notes", 201)]  # no preflight: the view ran
    status, _, body = api.request("GET", "/api/notes")
    assert (status, json.loads(body)) == (200, {"notes": ["from elsewhere"]})


@pytest.mark.claim("C10")
def test_a_page_on_an_unlisted_origin_cannot_send_a_delete(api, elsewhere, page):
    assert fetch(page, elsewhere, f"{api.url}/api/notes", method="DELETE") == FAILED
    assert calls(api) == [("OPTIONS", "/api/notes", 200)]  # the preflight named no origin: no DELETE


@pytest.mark.claim("C11")
def test_the_cookie_goes_only_with_credentials_include(api, front_end, page):
    log_in(page, api)
    assert fetch(page, front_end, f"{api.url}/api/me") == [200, {"user": None}, None]
    assert fetch(page, front_end, f"{api.url}/api/me", credentials="include") == [200, {"user": "ada"}, None]
    assert [cookie is not None for cookie in heard(api, "HTTP_COOKIE")] == [False, False, True]  # login, omit, include


@pytest.mark.claim("C11")
def test_a_credentialed_answer_names_the_origin_and_allows_credentials(client):
    response = client.get("/api/me", headers={"Origin": FRONT_END})
    assert (response.access_control_allow_origin, response.access_control_allow_credentials) == (FRONT_END, True)


@pytest.mark.claim("C11")
def test_a_star_is_refused_with_credentials(api, front_end, page):
    log_in(page, api)
    assert fetch(page, front_end, f"{api.url}/by-hand/notes", credentials="include") == FAILED
    assert "session=" in heard(api, "HTTP_COOKIE")[-1]  # the cookie went; the answer did not come back


@pytest.mark.claim("C11")
def test_flask_cors_refuses_credentials_with_a_wildcard():
    from flask import Flask
    from flask_cors import CORS

    with pytest.raises(ValueError, match="Cannot use supports_credentials in conjunction with"):
        CORS(Flask(__name__), supports_credentials=True, send_wildcard=True)


@pytest.mark.claim("C12")
def test_credentials_with_the_default_origins_answer_any_origin(client):
    from hypothesis import example, given

    @given(origins())
    @example("https://attacker.example")
    @example("null")
    def check(origin):
        response = client.get("/unsafe/me", headers={"Origin": origin})
        assert (response.access_control_allow_origin, response.access_control_allow_credentials) == (origin, True)

    check()


@pytest.mark.claim("C12")
def test_any_page_reads_the_logged_in_user_from_unsafe_me(api, elsewhere, page):
    log_in(page, api)
    assert fetch(page, elsewhere, f"{api.url}/unsafe/me", credentials="include") == [200, {"user": "ada"}, None]
    assert fetch(page, elsewhere, f"{api.url}/api/me", credentials="include") == FAILED
