import contextlib
import json
import re
import secrets
from urllib.parse import urlencode

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('for name, value in app.config["SECURITY_HEADERS"].items():',  # the config ignored: always on
           "for name, value in SECURITY_HEADERS.items():"),
    "C2": [('for name, value in app.config["SECURITY_HEADERS"].items():',  # "only HTML pages need them"
            'for name, value in (app.config["SECURITY_HEADERS"].items() if response.mimetype == "text/html" else ()):'),
           ("    @app.after_request\n    def harden(response):",  # set in one view's response only
            "    def harden(response):")],
    "C3": [("script-src 'self' 'nonce-{nonce}';", "script-src 'self' 'unsafe-inline';"),  # inline allowed back
           ('"Content-Security-Policy": "default-src', '"Content-Security-Policy-Report-Only": "default-src')],  # only reports
    "C4": ('LEGACY_HEADERS = {"X-XSS-Protection"',  # the guides' CSP beside it: the CSP does the blocking
           'LEGACY_HEADERS = {**SECURITY_HEADERS, "X-XSS-Protection"'),
    "C5": ('    "X-Content-Type-Options": "nosniff",\n', ""),  # nosniff forgotten
    "C6": [('"X-Frame-Options": "DENY"', '"X-Frame-Options": "ALLOW-FROM https://partner.example"'),  # not understood
           ("base-uri 'none'; frame-ancestors 'none'", "base-uri 'none'")],  # the CSP without frame-ancestors
    "C7": ("    app.jinja_loader = DictLoader(TEMPLATES)\n",  # the app moves plain http to https itself
           "    app.jinja_loader = DictLoader(TEMPLATES)\n    app.before_request(lambda: None if request.is_secure else"
           ' __import__("flask").redirect(request.url.replace("http:", "https:", 1)))\n'),
    "C8": ("        SESSION_COOKIE_SECURE=True,  # https only", "        # https only"),  # Flask's default left
    "C9": ('"httponly": True, ', ""),  # "a script needs it"
    "C10": ('if app.config["SESSION_COOKIE_SAMESITE"] == "None":', "if False:"),  # SameSite=None, no Secure
    "C11": ('return "", {"Server": "hidden"}', 'return ""'),  # the specimen's header dropped: one banner
}

SCRIPT = "<script>window.xss = 1</script>"  # the attacker's script: it leaves a mark the test reads
NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{22})'")


@contextlib.contextmanager
def served(chapter, headers):
    """The chapter's app with ``SECURITY_HEADERS`` = ``headers``, on a real server."""
    app = chapter.create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "SECURITY_HEADERS": headers})
    with live.serve_app(app) as server:
        yield server


def ran(page, url):
    """Open ``url`` in Chromium: did the injected script run? (Scripts have run by the load event.)"""
    page.goto(url)
    return page.evaluate("window.xss === 1")


def search(server, q, unsafe=True):
    return f"{server.url}{'/unsafe' if unsafe else ''}/search?{urlencode({'q': q})}"


def cookie_flags(response, name):
    """The attributes of the ``Set-Cookie`` for ``name``, after its value (and expiry)."""
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    return re.sub(r"^[^;]*; (Expires=[^;]*; )?", "", header)


def bare_flask(**config):
    """Flask as it comes: one view that writes the session."""
    from flask import Flask, session

    app = Flask("bare")
    app.config.update(SECRET_KEY=secrets.token_hex(32), **config)
    app.add_url_rule("/", "home", lambda: "hello")
    app.add_url_rule("/login", "login", lambda: session.update(user="ann") or {"user": "ann"}, methods=["POST"])
    app.add_url_rule("/me", "me", lambda: {"user": session.get("user")})
    return app


def log_in(page, server, path):
    """A login made by Chromium itself from a page of the site: the cookies are Chromium's."""
    page.goto(server.url + "/me")
    assert page.evaluate("path => fetch(path, {method: 'POST'}).then(response => response.status)", path) == 200


@pytest.mark.claim("C1")
def test_a_bare_flask_response_has_only_type_and_length():
    import importlib.util

    app = bare_flask()
    assert list(app.test_client().get("/").headers.keys()) == ["Content-Type", "Content-Length"]
    assert list(app.test_client().get("/me").headers.keys()) == ["Content-Type", "Content-Length", "Vary"]  # read the session
    assert importlib.util.find_spec("flask_talisman") is None  # not installed: the hook does its work


@pytest.mark.claim("C1")
@pytest.mark.flask_config(SECURITY_HEADERS={})
def test_without_the_setting_this_app_sends_none_of_them(chapter, client):
    response = client.get("/")
    assert list(response.headers.keys()) == ["Content-Type", "Content-Length"]
    assert set(chapter.SECURITY_HEADERS) == {"Content-Security-Policy", "X-Frame-Options",
                                             "X-Content-Type-Options", "Strict-Transport-Security"}


def hardened(chapter, response):
    """Every header of ``SECURITY_HEADERS`` is on ``response``, the CSP with some nonce."""
    csp = NONCE.sub("'nonce-{nonce}'", response.headers.get("Content-Security-Policy", ""))
    others = {name: response.headers.get(name) for name in chapter.SECURITY_HEADERS if name != "Content-Security-Policy"}
    return {"Content-Security-Policy": csp, **others} == chapter.SECURITY_HEADERS


@pytest.mark.claim("C2")
def test_every_response_carries_the_headers(chapter, app, client):
    from hypothesis import example, given, strategies as st

    rules = sorted(rule.rule.replace("<name>", "ann") for rule in app.url_map.iter_rules())
    paths = st.one_of(st.sampled_from(rules), st.text(min_size=1).map(lambda text: "/" + text.lstrip("/")))
    methods = st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE"])

    @given(methods, paths)
    @example("GET", "/export.txt")  # text/plain: where nosniff counts
    @example("GET", "/me")  # JSON
    @example("GET", "/no-such-page")  # 404
    @example("DELETE", "/")  # 405
    @example("OPTIONS", "/search")  # Flask's automatic answer
    def check(method, path):
        assert hardened(chapter, client.open(path, method=method))

    check()


@pytest.mark.claim("C2")
@pytest.mark.flask_config(TESTING=False)
def test_a_500_carries_the_headers_too(chapter, app):
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    response = app.test_client().get("/boom")
    assert (response.status_code, hardened(chapter, response)) == (500, True)


@pytest.mark.claim("C2")
def test_the_nonce_is_new_in_every_response_and_in_the_page(client):
    nonces = []
    for _ in range(2):
        response = client.get("/")
        [nonce] = NONCE.findall(response.headers["Content-Security-Policy"])
        assert response.text == ('<!doctype html><title>Hardened</title><h1>Your account</h1>'
                                 f'<button id="delete">Delete my account</button><script nonce="{nonce}">window.own = 1</script>')
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.claim("C3")
def test_the_csp_blocks_the_reflected_script_and_runs_the_pages_own(live_server, page):
    assert ran(page, search(live_server, SCRIPT)) is False
    assert page.evaluate("window.own") == 1
    assert page.inner_html("p") == f"Results for {SCRIPT}"  # in the page, not run


@pytest.mark.claim("C3")
def test_the_search_escapes_and_the_specimen_reflects(client):
    html = '<!doctype html><title>Hardened</title><p>Results for {}</p><script nonce="{}">window.own = 1</script>'
    for path, shown in [("/search", "&lt;b&gt;"), ("/unsafe/search", "<b>")]:
        response = client.get(path, query_string={"q": "<b>"})
        assert response.text == html.format(shown, NONCE.search(response.headers["Content-Security-Policy"])[1])
        assert "<p>Results for </p>" in client.get(path).text  # no query: nothing reflected


@pytest.mark.claim("C3")
def test_without_the_csp_the_reflected_script_runs(chapter, page):
    with served(chapter, {}) as server:
        assert ran(page, search(server, SCRIPT)) is True


@pytest.mark.claim("C3")
def test_a_script_with_a_guessed_nonce_is_blocked(live_server, page):
    assert ran(page, search(live_server, '<script nonce="R-0Ltyee3qc4O92bNwCEIw">window.xss = 1</script>')) is False


@pytest.mark.claim("C4")
def test_x_xss_protection_does_not_stop_the_reflected_script(chapter, page):
    with served(chapter, chapter.LEGACY_HEADERS) as server:
        response = page.goto(search(server, SCRIPT))
        assert (response.headers["x-xss-protection"], "content-security-policy" in response.headers) == ("1; mode=block", False)
        assert page.evaluate("window.xss") == 1


@pytest.mark.claim("C4")
def test_this_app_sends_no_x_xss_protection(client):
    assert "X-XSS-Protection" not in client.get("/").headers


SNIFFED = '<script src="/export.txt?text=window.xss%3D1"></script>'  # the site's own text, as a script


@pytest.mark.claim("C5")
def test_nosniff_refuses_a_text_file_as_a_script(client, live_server, page):
    response = client.get("/export.txt", query_string={"text": "window.xss=1"})
    assert (response.content_type, response.text, client.get("/export.txt").status_code) == ("text/plain; charset=utf-8", "window.xss=1", 400)
    assert ran(page, search(live_server, SNIFFED)) is False
    assert page.evaluate("window.own") == 1


@pytest.mark.claim("C5")
def test_without_nosniff_the_csp_lets_the_text_file_run(chapter, page):
    headers = {name: value for name, value in chapter.SECURITY_HEADERS.items() if name != "X-Content-Type-Options"}
    with served(chapter, headers) as server:
        assert ran(page, search(server, SNIFFED)) is True


def framed(page, server):
    """What loads when a page on another loopback origin frames the account page: its URL."""
    from flask import Flask

    attacker = Flask("attacker")  # another port of 127.0.0.1: another origin
    attacker.add_url_rule("/", "frame", lambda: f'<!doctype html><iframe src="{server.url}/"></iframe>')
    with live.serve_app(attacker) as site:
        page.goto(site.url + "/")  # waits for the load event, which waits for the frame
        [frame] = page.main_frame.child_frames
        return frame.url, frame.locator("#delete").count() if frame.url.startswith("http") else 0


@pytest.mark.claim("C6")
@pytest.mark.parametrize("header", ["X-Frame-Options", "Content-Security-Policy"])
def test_either_header_alone_keeps_the_page_out_of_a_frame(chapter, page, header):
    with served(chapter, {header: chapter.SECURITY_HEADERS[header]}) as server:
        assert framed(page, server) == ("chrome-error://chromewebdata/", 0)


@pytest.mark.claim("C6")
def test_without_them_another_site_frames_the_page(chapter, page):
    with served(chapter, {}) as server:
        assert framed(page, server) == (server.url + "/", 1)


@pytest.mark.claim("C6")
def test_allow_from_is_not_understood_and_the_page_is_framed(chapter, page):
    with served(chapter, chapter.LEGACY_HEADERS) as server:
        assert framed(page, server) == (server.url + "/", 1)


@pytest.mark.claim("C7")
def test_chromium_ignores_hsts_over_plain_http(browser, live_server):
    context = browser.new_context(proxy={"server": live_server.url})  # Werkzeug answers for any host
    try:
        page = context.new_page()
        first = page.goto("http://shop.example/")
        assert first.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        again = page.goto("http://shop.example/search?q=again")
        assert (again.url, again.status, page.inner_text("p")) == ("http://shop.example/search?q=again", 200, "Results for again")
    finally:
        context.close()


@pytest.mark.claim("C8")
def test_flasks_session_cookie_is_httponly_and_nothing_else():
    from flask import Flask

    defaults = {key: Flask.default_config[f"SESSION_COOKIE_{key}"] for key in ("HTTPONLY", "SECURE", "SAMESITE")}
    assert defaults == {"HTTPONLY": True, "SECURE": False, "SAMESITE": None}
    assert cookie_flags(bare_flask().test_client().post("/login"), "session") == "HttpOnly; Path=/"


@pytest.mark.claim("C8")
def test_this_apps_session_cookie_is_secure_httponly_and_lax(client):
    assert cookie_flags(client.post("/login/ann"), "session") == "Secure; HttpOnly; Path=/; SameSite=Lax"


@pytest.mark.claim("C9")
@pytest.mark.parametrize("path, flags", [("/unsafe/login/ann", "Max-Age=2592000; Path=/"),
                                         ("/login/ann", "Max-Age=2592000; Secure; HttpOnly; Path=/; SameSite=Lax")])
def test_set_cookie_takes_nothing_from_the_session_settings(client, path, flags):
    response = client.post(path)
    assert (response.json, cookie_flags(response, "remember"), cookie_flags(response, "session")) == (
        {"user": "ann"}, flags, "Secure; HttpOnly; Path=/; SameSite=Lax")
    assert re.fullmatch("[A-Za-z0-9_-]{22}", client.get_cookie("remember").value)  # 16 random bytes
    assert client.get("/me").json == {"user": "ann"}


@pytest.mark.claim("C9")
def test_a_script_reads_the_specimens_remember_cookie(live_server, page):
    log_in(page, live_server, "/unsafe/login/ann")
    [remember] = [c["value"] for c in page.context.cookies() if c["name"] == "remember"]
    assert page.evaluate("document.cookie") == f"remember={remember}"  # the session stays hidden


@pytest.mark.claim("C9")
def test_httponly_cookies_are_invisible_to_scripts(live_server, page):
    log_in(page, live_server, "/login/ann")
    assert sorted(c["name"] for c in page.context.cookies()) == ["remember", "session"]
    assert page.evaluate("document.cookie") == ""


@pytest.mark.claim("C10")
@pytest.mark.flask_config(SESSION_COOKIE_SAMESITE=None)
def test_python_none_sends_no_samesite(client):
    assert cookie_flags(client.post("/login/ann"), "session") == "Secure; HttpOnly; Path=/"


@pytest.mark.claim("C10")
def test_chromium_refuses_samesite_none_without_secure(page):
    with live.serve_app(bare_flask(SESSION_COOKIE_SAMESITE="None")) as server:
        assert cookie_flags(bare_flask(SESSION_COOKIE_SAMESITE="None").test_client().post("/login"), "session") == "HttpOnly; Path=/; SameSite=None"
        log_in(page, server, "/login")
        assert page.context.cookies() == []
        page.goto(server.url + "/me")
        assert json.loads(page.inner_text("body")) == {"user": None}


@pytest.mark.claim("C10")
@pytest.mark.flask_config(SESSION_COOKIE_SAMESITE="None", SESSION_COOKIE_SECURE=False)
def test_this_app_makes_samesite_none_secure_and_chromium_keeps_it(client, live_server, page):
    assert cookie_flags(client.post("/login/ann"), "session") == "Secure; HttpOnly; Path=/; SameSite=None"
    log_in(page, live_server, "/login/ann")
    assert [(c["name"], c["sameSite"], c["secure"]) for c in page.context.cookies() if c["name"] == "session"] == [("session", "None", True)]
    page.goto(live_server.url + "/me")
    assert json.loads(page.inner_text("body")) == {"user": "ann"}


@pytest.mark.claim("C11")
def test_a_server_header_set_by_the_app_comes_second(live_server):
    import http.client
    import platform
    from importlib.metadata import version

    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    try:
        connection.request("GET", "/unsafe/banner")
        response = connection.getresponse()
        headers, body = response.getheaders(), response.read()
    finally:
        connection.close()
    assert body == b""
    assert [value for name, value in headers if name == "Server"] == [
        f"Werkzeug/{version('werkzeug')} Python/{platform.python_version()}", "hidden"]
