import base64
import contextlib
import hashlib
import json
import secrets
import time
from datetime import datetime, timedelta, timezone

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('session.update(user=name, role="reader")',  # the fix for readability: only an id in the cookie
           'session.update(id=__import__("secrets").token_hex(16))'),
    "C2": ("zlib.decompress(data) if compressed else data", "data"),  # forgets Flask's compression
    "C3": [("timedelta(days=7),", 'timedelta(days=7), SECRET_KEY_FALLBACKS=["dev"],'),  # the tutorial's key kept "for now"
           ("    app.config.update(config or {})\n",  # the tutorial's key left in the code, winning
            '    app.config.update(config or {})\n    app.secret_key = "dev"\n')],
    "C4": ("    app.config.update(config or {})\n",  # a key in the code: "rotating" the config changes nothing
           '    app.config.update(config or {})\n    app.secret_key = "dev"\n'),
    "C5": ("app.config.update(config or {})",  # a deploy that drops the old keys: everyone logged out
           "app.config.update(config or {}, SECRET_KEY_FALLBACKS=None)"),
    "C6": ("    app.config.update(config or {})\n",  # a random key per process: logged out at each restart
           '    app.config.update(config or {})\n    app.secret_key = app.secret_key or "x" * 32\n'),
    "C7": ("        session.modified = True  # the append", "        # the append"),  # the line forgotten
    "C8": [('if "remember" in request.args:', "if True:"),  # always permanent
           ("timedelta(days=7),", "timedelta(days=7), SESSION_REFRESH_EACH_REQUEST=False,")],  # no sliding expiry
    "C9": [("PERMANENT_SESSION_LIFETIME=timedelta(days=7),", ""),  # Flask's 31 days left in place
           ('if "remember" in request.args:', "if True:")],  # everyone remembered
    "C10": ("PERMANENT_SESSION_LIFETIME=timedelta(days=7),", ""),  # a stolen copy works for 31 days
    "C11": [("SESSION_COOKIE_SECURE=True,", ""),  # Flask's default: sent over plain http too
            ('SESSION_COOKIE_SAMESITE="Lax",', "")],  # Flask's default: no SameSite at all
    "C12": ("SESSION_COOKIE_SECURE=True,", "SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=False,"),  # for a JS client
    "C13": ("SESSION_COOKIE_SECURE=True,", ""),  # Flask's default: the cookie travels in clear
    "C14": ('SESSION_COOKIE_SAMESITE="Lax",', 'SESSION_COOKIE_SAMESITE="Strict",'),  # links from mail log users out
    "C15": ('SESSION_COOKIE_SAMESITE="Lax",', ""),  # Flask's default: no SameSite, a CSRF gets the session
}

ANONYMOUS = {"user": None, "role": None}
KEY = secrets.token_hex(32)  # the app's key where a test must not take it from the app
TUTORIAL_KEYS = ["dev", "secret", "your_secret_key_here", "change-me", "super secret key"]


def sign(data, key):
    """What an attacker with ``key`` runs: Flask's session recipe in itsdangerous, no Flask app."""
    from flask.json.tag import TaggedJSONSerializer
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(key, salt="cookie-session", serializer=TaggedJSONSerializer(),
                                  signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1}).dumps(data)


def with_cookie(app, value):
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def logged_in(app, query=""):
    client = app.test_client()
    client.post(f"/login/ann{query}")
    return client


def b64(data):
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()


@pytest.mark.claim("C1")
def test_the_cookie_is_the_session_in_base64_read_without_the_key(client):
    client.post("/login/ann")
    value = client.get_cookie("session").value
    payload, timestamp, signature = value.split(".")
    assert base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)) == b'{"role":"reader","user":"ann"}'


@pytest.mark.claim("C1")
def test_the_payload_is_key_independent_and_only_the_data(chapter):
    cookies = [logged_in(chapter.create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32)}))
               .get_cookie("session").value for _ in range(2)]
    assert [value.split(".")[0] for value in cookies] == ["eyJyb2xlIjoicmVhZGVyIiwidXNlciI6ImFubiJ9"] * 2
    assert cookies[0].split(".")[2] != cookies[1].split(".")[2]  # only the signature needs the key


@pytest.mark.claim("C2")
def test_a_long_session_is_zlib_compressed_behind_a_dot(chapter, client):
    client.post("/login/ann")
    for item in range(30):
        client.post(f"/cart/item{item}")
    value = client.get_cookie("session").value
    assert value.startswith(".")
    assert chapter.read_cookie(value) == {"role": "reader", "user": "ann",
                                          "cart": [f"item{item}" for item in range(30)]}


@pytest.mark.claim("C2")
def test_read_cookie_reads_any_session_the_app_writes(chapter, app):
    from hypothesis import example, given, strategies as st

    texts = st.text(st.one_of(st.sampled_from("ab ~<>&\"'\\"), st.characters()), max_size=40)

    @given(texts, st.lists(texts, max_size=12))
    @example("ann", [])
    @example("a", ["x" * 40] * 12)  # long and repetitive: compressed
    @example("\u00e9\U0001f600", ["", "\x00"])
    def check(name, items):
        client = app.test_client()
        with client.session_transaction() as session:  # the app's own session interface writes it
            session.update(user=name, role="reader", cart=items)
        assert chapter.read_cookie(client.get_cookie("session").value) == {"user": name, "role": "reader", "cart": items}

    check()


@pytest.mark.claim("C3")
def test_an_edited_payload_is_ignored_without_an_error(client):
    client.post("/login/ann")
    payload, rest = client.get_cookie("session").value.split(".", 1)
    client.set_cookie("session", b64({"role": "admin", "user": "ann"}) + "." + rest)  # the signature kept
    assert client.get("/me").json == ANONYMOUS
    assert client.get("/admin").status_code == 403


@pytest.mark.claim("C3")
@pytest.mark.flask_config(SECRET_KEY=KEY)
def test_no_cookie_made_without_the_key_is_accepted(app):
    from hypothesis import example, given, strategies as st

    value = logged_in(app).get_cookie("session").value
    signed = value.rsplit(".", 1)[0]  # payload.timestamp: what the signature covers, as text

    def edited(position, character):  # one character of the signed part changed, the signature kept
        return signed[:position] + character + signed[position + 1:] + value[len(signed):]

    edits = st.builds(edited, st.integers(0, len(signed) - 1), st.sampled_from("AZaz09-_=.f"))
    admin = {"user": "mallory", "role": "admin"}
    sessions = st.one_of(st.just(admin), st.dictionaries(st.sampled_from(["user", "role", "cart"]), st.text(max_size=8)))
    keys = st.one_of(st.sampled_from(TUTORIAL_KEYS), st.text(), st.binary()).filter(lambda key: key not in (KEY, KEY.encode()))

    @given(st.one_of(edits, st.builds(sign, sessions, keys)))
    @example(sign(admin, "dev"))
    @example(sign(admin, "your_secret_key_here"))
    @example(sign(admin, KEY[:-1]))
    @example(sign(admin, KEY + " "))
    @example(sign(admin, ""))
    @example(edited(len(signed) - 1, "A"))  # the timestamp's last character
    def check(cookie):
        if cookie != value:
            client = with_cookie(app, cookie)
            assert (client.get("/me").json, client.get("/admin").status_code) == (ANONYMOUS, 403)

    check()


@pytest.mark.claim("C4")
def test_with_the_leaked_key_anyone_is_admin_until_the_key_is_replaced(chapter, app):
    forged = sign({"user": "mallory", "role": "admin"}, app.secret_key)
    assert with_cookie(app, forged).get("/admin").json == {"admin": "mallory"}
    replaced = chapter.create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32)})
    assert with_cookie(replaced, forged).get("/admin").status_code == 403


@pytest.mark.claim("C4")
def test_flasks_own_interface_signs_the_same_cookies(app):
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    attacker = Flask("attacker")
    attacker.secret_key = app.secret_key  # all the attacker needs from the victim
    forged = SecureCookieSessionInterface().get_signing_serializer(attacker).dumps({"user": "eve", "role": "admin"})
    assert with_cookie(app, forged).get("/admin").json == {"admin": "eve"}


def rotated(chapter, old):
    return chapter.create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "SECRET_KEY_FALLBACKS": [old]})


@pytest.mark.claim("C5")
def test_a_cookie_signed_with_a_fallback_key_is_still_read(chapter, app):
    old_cookie = logged_in(app).get_cookie("session").value
    assert with_cookie(rotated(chapter, app.secret_key), old_cookie).get("/me").json == {"user": "ann", "role": "reader"}


@pytest.mark.claim("C5")
def test_new_cookies_are_signed_with_the_new_key_alone(chapter, app):
    from itsdangerous import BadSignature, URLSafeTimedSerializer

    new = rotated(chapter, app.secret_key)
    value = logged_in(new).get_cookie("session").value
    only_new = chapter.create_app({"TESTING": True, "SECRET_KEY": new.secret_key})
    assert with_cookie(only_new, value).get("/me").json == {"user": "ann", "role": "reader"}
    with pytest.raises(BadSignature):  # the old key alone does not verify it
        URLSafeTimedSerializer(app.secret_key, salt="cookie-session",
                               signer_kwargs={"digest_method": hashlib.sha1}).loads(value)


@pytest.mark.claim("C5")
def test_a_leaked_key_kept_as_a_fallback_still_lets_forgeries_in(chapter, app):
    forged = sign({"user": "mallory", "role": "admin"}, app.secret_key)
    assert with_cookie(rotated(chapter, app.secret_key), forged).get("/admin").json == {"admin": "mallory"}


@pytest.mark.claim("C6")
@pytest.mark.flask_config(SECRET_KEY=None)
def test_without_a_key_reading_works_and_writing_raises(client):
    assert client.get("/me").json == ANONYMOUS
    with pytest.raises(RuntimeError, match="^The session is unavailable because no secret key was set"):
        client.post("/login/ann")


@pytest.mark.claim("C7")
def test_an_append_inside_the_session_is_lost(client):
    replies = [client.post(f"/unsafe/cart/{item}").json["cart"] for item in "abc"]
    assert replies == [["a"], ["a", "b"], ["a", "c"]]  # each reply shows the append; the next request lost it


@pytest.mark.claim("C7")
def test_marking_the_session_modified_keeps_every_item(client):
    replies = [client.post(f"/cart/{item}").json["cart"] for item in "abc"]
    assert replies == [["a"], ["a", "b"], ["a", "b", "c"]]


@pytest.mark.claim("C8")
def test_a_default_session_is_sent_back_only_when_it_changed(client):
    login = client.post("/login/ann")
    assert (login.json, "Set-Cookie" in login.headers) == ({"user": "ann"}, True)
    response = client.get("/me")
    assert (response.json["user"], response.headers.get("Set-Cookie")) == ("ann", None)


@pytest.mark.claim("C8")
def test_a_permanent_session_is_sent_on_every_request(app):
    client = logged_in(app, "?remember=1")
    assert client.get("/me").headers["Set-Cookie"].startswith("session=")


@pytest.mark.claim("C8")
def test_a_permanent_session_saves_the_specimens_appends(app):
    client = logged_in(app, "?remember=1")
    replies = [client.post(f"/unsafe/cart/{item}").json for item in "abc"]
    assert replies == [{"user": "ann", "cart": list(items)} for items in ("a", "ab", "abc")]


@pytest.mark.claim("C9")
def test_remember_me_makes_the_cookie_expire_in_seven_days(app):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    expires = logged_in(app, "?remember=1").get_cookie("session").expires
    assert before + timedelta(days=7) <= expires <= before + timedelta(days=7, seconds=2)


@pytest.mark.claim("C9")
def test_a_default_session_cookie_has_no_expiry(client):
    from flask import Flask

    header = client.post("/login/ann").headers["Set-Cookie"]
    assert ("Expires" not in header, client.get_cookie("session").expires) == (True, None)
    assert Flask.default_config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=31)


@contextlib.contextmanager
def days_ago(monkeypatch, days):
    """The cookies signed inside are dated ``days`` back (itsdangerous reads the clock here)."""
    from itsdangerous import TimestampSigner

    with monkeypatch.context() as patched:
        patched.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - days * 86400))
        yield


@pytest.mark.claim("C10")
def test_a_copy_taken_before_logout_still_logs_in_after_it(app, monkeypatch):
    with days_ago(monkeypatch, 7 - 10 / 86400):  # 7 days less 10 seconds ago: within the lifetime
        copy = logged_in(app).get_cookie("session").value
    victim = with_cookie(app, copy)
    assert victim.post("/logout").json == {"user": None}
    assert victim.get_cookie("session") is None  # the browser's cookie is gone
    assert with_cookie(app, copy).get("/me").json == {"user": "ann", "role": "reader"}


@pytest.mark.claim("C10")
def test_a_copy_older_than_the_lifetime_is_refused(app, monkeypatch):
    with days_ago(monkeypatch, 7 + 10 / 86400):
        copy = logged_in(app).get_cookie("session").value
    assert with_cookie(app, copy).get("/me").json == ANONYMOUS


@pytest.mark.claim("C11")
def test_the_apps_cookie_is_secure_httponly_and_lax(client):
    header = client.post("/login/ann").headers["Set-Cookie"]
    assert header.split("; ", 1)[1] == "Secure; HttpOnly; Path=/; SameSite=Lax"


@pytest.mark.claim("C11")
def test_flasks_defaults_set_httponly_only():
    from flask import Flask, session

    app = Flask(__name__)
    app.secret_key = secrets.token_hex(32)
    app.add_url_rule("/", "set", lambda: session.update(x=1) or "")
    assert app.test_client().get("/").headers["Set-Cookie"].split("; ", 1)[1] == "HttpOnly; Path=/"


def log_in(page, base):
    """Log in from a page of the site, so that Chromium itself receives and keeps the cookie."""
    page.goto(base + "/me")
    assert page.evaluate("fetch('/login/ann', {method: 'POST'}).then(response => response.status)") == 200


def shown(page):
    return json.loads(page.inner_text("body"))


@pytest.mark.claim("C12")
def test_httponly_hides_the_session_from_scripts(live_server, page):
    log_in(page, live_server.url)
    assert [cookie["name"] for cookie in page.context.cookies()] == ["session"]
    assert page.evaluate("document.cookie") == ""


@pytest.mark.claim("C12")
@pytest.mark.flask_config(SESSION_COOKIE_HTTPONLY=False)
def test_without_httponly_a_script_reads_the_session(live_server, page):
    log_in(page, live_server.url)
    assert page.evaluate("document.cookie").startswith("session=eyJyb2xlIjoicmVhZGVyIiwidXNlciI6ImFubiJ9.")


@contextlib.contextmanager
def at_shop_example(browser, server):
    """A page whose requests go through the server as an http proxy: Chromium believes it talks to
    http://shop.example, a host that is not loopback (Werkzeug answers absolute request URLs)."""
    context = browser.new_context(proxy={"server": server.url})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.claim("C13")
def test_a_secure_cookie_from_plain_http_is_not_kept(browser, live_server):
    with at_shop_example(browser, live_server) as page:
        log_in(page, "http://shop.example")
        assert page.context.cookies() == []
        page.goto("http://shop.example/me")
        assert shown(page) == ANONYMOUS


@pytest.mark.claim("C13")
@pytest.mark.flask_config(SESSION_COOKIE_SECURE=False)
def test_without_secure_the_cookie_is_kept_over_plain_http(browser, live_server):
    with at_shop_example(browser, live_server) as page:
        log_in(page, "http://shop.example")
        page.goto("http://shop.example/me")
        assert shown(page) == {"user": "ann", "role": "reader"}


@pytest.mark.claim("C13")
def test_a_secure_cookie_is_not_sent_over_plain_http(app, browser, live_server):
    value = sign({"user": "ann", "role": "reader"}, app.secret_key)
    with at_shop_example(browser, live_server) as page:
        cookie = {"name": "session", "value": value, "domain": "shop.example", "path": "/"}
        page.context.add_cookies([{**cookie, "secure": True}])  # as if an https page had set it
        page.goto("http://shop.example/me")
        assert shown(page) == ANONYMOUS
        page.context.add_cookies([{**cookie, "secure": False}])  # the same cookie, not Secure
        page.goto("http://shop.example/me")
        assert shown(page) == {"user": "ann", "role": "reader"}


@pytest.mark.claim("C13")
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_counts_as_secure(live_server, page, host):
    base = f"http://{host}:{live_server.port}"
    log_in(page, base)
    assert [cookie["secure"] for cookie in page.context.cookies()] == [True]
    page.goto(base + "/me")
    assert shown(page) == {"user": "ann", "role": "reader"}


def from_another_site(page, server, html):
    """Log in on 127.0.0.1, then open a page of another site (localhost) holding ``html``."""
    log_in(page, server.url)
    page.goto(f"http://localhost:{server.port}/me")
    page.set_content(html)  # the attacker's page, on the localhost origin


@pytest.mark.claim("C14")
@pytest.mark.flask_config(SESSION_COOKIE_SAMESITE="Strict")
def test_strict_keeps_the_cookie_off_a_link_from_another_site(live_server, page):
    from_another_site(page, live_server, f'<a id="go" href="{live_server.url}/me">my account</a>')
    with page.expect_navigation():
        page.click("#go")
    assert shown(page) == ANONYMOUS
    page.goto(live_server.url + "/me")  # typed in the address bar: same-site again
    assert shown(page) == {"user": "ann", "role": "reader"}


@pytest.mark.claim("C14")
def test_lax_sends_the_cookie_on_a_link_from_another_site(live_server, page):
    from_another_site(page, live_server, f'<a id="go" href="{live_server.url}/me">my account</a>')
    with page.expect_navigation():
        page.click("#go")
    assert shown(page) == {"user": "ann", "role": "reader"}


FORGERY = '<form id="f" method="post" action="{url}/cart/gift"></form><script>f.submit()</script>'


@pytest.mark.claim("C15")
@pytest.mark.flask_config(SESSION_COOKIE_SAMESITE=None)
def test_without_samesite_another_sites_post_carries_the_session(live_server, page):
    from flask import Flask

    assert Flask.default_config["SESSION_COOKIE_SAMESITE"] is None
    with page.expect_navigation(url=live_server.url + "/cart/gift"):
        from_another_site(page, live_server, FORGERY.format(url=live_server.url))
    assert shown(page) == {"user": "ann", "cart": ["gift"]}


@pytest.mark.claim("C15")
def test_lax_keeps_the_session_off_another_sites_post(live_server, page):
    with page.expect_navigation(url=live_server.url + "/cart/gift"):
        from_another_site(page, live_server, FORGERY.format(url=live_server.url))
    assert shown(page) == {"user": None, "cart": ["gift"]}
