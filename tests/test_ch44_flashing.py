import base64
import json
import re
import secrets
import zlib

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('flash(f"Welcome, {name}!", "success")\n        return redirect(url_for("home"))',  # no redirect: a reload posts again
           'flash(f"Welcome, {name}!", "success")\n        return render_template("home.html", layout="layout.html")'),
    "C2": ('flash(f"Your new API token: {secrets.token_hex(16)}", "success")\n        return redirect(url_for("home"))',
           'return f"Your new API token: {secrets.token_hex(16)}"'),  # the fix: the token in the response, not the cookie
    "C3": ('return {"saved": True}', 'return {"saved": True, "messages": get_flashed_messages()}'),  # the API reads them
    "C4": ('return render_template("home.html", layout="layout.html"), 400',  # "flash needs a redirect"
           'return redirect(url_for("home"))'),
    "C5": ("{{ get_flashed_messages()|length }} new",  # "the first call emptied it": count the session instead
           '{{ session.get("_flashes", [])|length }} new'),
    "C6": ('class="flash {{ category }}">{{ message }}</p>',  # sodocumentation's order: (message, category)
           'class="flash {{ message }}">{{ category }}</p>'),
    "C7": ('get_flashed_messages(category_filter=["error"])', "get_flashed_messages()"),  # every message on /login
    "C8": ('class="flash {{ category }}">{{ message }}</p>',  # |safe in the real layout
           'class="flash {{ category }}">{{ message|safe }}</p>'),
    "C9": ("{{ message|safe }}", "{{ message }}"),  # the specimen fixed: it runs nothing
    "C10": ("""flash(Markup('Wrong password. <a href="/">Create an account?</a>'), "error")""",  # a plain str
           """flash('Wrong password. <a href="/">Create an account?</a>', "error")"""),
    "C11": ("    app.config.update(config or {})\n",  # a key "for development" left in the code
            '    app.config.update(config or {})\n    app.secret_key = app.secret_key or "dev"\n'),
    "C12": [("    app.jinja_loader = DictLoader(TEMPLATES)\n",  # the warning silenced, the message still lost
             '    app.jinja_loader = DictLoader(TEMPLATES)\n    app.config["MAX_COOKIE_SIZE"] = 0\n'),
            ("""flash(f"{len(rejected)} rows rejected: {'; '.join(rejected)}", "error")""",  # the fix: short
             'flash(f"{len(rejected)} rows rejected.", "error")')],
}

SCRIPT = "<script>window.xss = 1</script>"  # the attacker's script: it leaves a mark the test reads
WELCOME = ("success", "Welcome, ann!")
LINK = 'Wrong password. <a href="/">Create an account?</a>'
FLASHES = re.compile(r'<p class="flash (\w+)">(.*)</p>')


def shown(response):
    """The flashed messages a page shows, as (category, message) pairs."""
    return FLASHES.findall(response.text)


def session_in(client):
    """The session the client's cookie holds, read as anyone holding it can: without the key."""
    value = client.get_cookie("session").value
    payload = value.removeprefix(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return json.loads(zlib.decompress(data) if value.startswith(".") else data)


def big_report():
    """Rows without a comma, enough random text that the flashed report cannot fit a cookie."""
    return "\n".join(secrets.token_urlsafe(12) for _ in range(400))


POST = """([path, fields]) => fetch(path, {method: 'POST', body: new URLSearchParams(fields), redirect: 'manual'})
    .then(response => response.type)"""


def post(page, server, path, **fields):
    """A form POST made by Chromium itself, on the server's origin, the redirect not followed
    (following it would read the messages)."""
    if not page.url.startswith(server.url):
        page.goto(server.url + "/nowhere")  # a 404 of the site: it reads no message
    assert page.evaluate(POST, [path, fields]) == "opaqueredirect"


def parse(page, html, expression):
    """``expression`` about ``doc``, the page Chromium's HTML parser builds from ``html``."""
    return page.evaluate(f"html => {{ const doc = new DOMParser().parseFromString(html, 'text/html'); return {expression}; }}", html)


@pytest.mark.claim("C1")
def test_flash_then_redirect_shows_the_message_once(client):
    response = client.post("/register", data={"name": "ann"})
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert shown(client.get("/")) == [WELCOME]
    assert shown(client.get("/")) == []


@pytest.mark.claim("C1")
def test_chromium_shows_the_welcome_once(live_server, page):
    page.goto(live_server.url + "/")
    page.fill("input[name=name]", "ann")
    with page.expect_navigation():
        page.click("button")
    assert (page.url, page.inner_text("p.flash")) == (live_server.url + "/", "Welcome, ann!")
    page.reload()
    assert (page.locator("p.flash").count(), page.inner_text("#count")) == (0, "0 new")


@pytest.mark.claim("C2")
def test_a_flashed_token_is_read_from_the_cookie_without_the_key(client):
    response = client.post("/unsafe/token")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    [tagged] = session_in(client)["_flashes"]
    category, message = tagged[" t"]  # Flask's tag for a tuple
    assert (category, re.fullmatch("Your new API token: [0-9a-f]{32}", message) is not None) == ("success", True)
    assert shown(client.get("/")) == [("success", message)]  # the page shows what the cookie held


@pytest.mark.claim("C2")
def test_any_flash_rides_in_the_cookie_as_json(client):
    client.post("/register", data={"name": "ann"})
    assert client.get_cookie("session").value.startswith("eyJfZmxhc2hlcyI6W3siIHQiOlsic3VjY2VzcyIsIldlbGNvbWUsIGFubiEiXX1dfQ.")
    assert session_in(client) == {"_flashes": [{" t": ["success", "Welcome, ann!"]}]}


@pytest.mark.claim("C3")
def test_messages_wait_through_requests_that_do_not_read_them(client):
    assert [client.post("/api/save").json for _ in range(3)] == [{"saved": True}] * 3
    assert len(session_in(client)["_flashes"]) == 3  # piling up in the cookie
    html = client.get("/")
    assert (shown(html), '<p id="count">3 new</p>' in html.text) == ([("message", "Saved.")] * 3, True)
    assert shown(client.get("/")) == []


@pytest.mark.claim("C4")
@pytest.mark.parametrize("form", [{"name": ""}, {"name": " \t"}, {}])
def test_a_message_flashed_before_the_page_reads_shows_in_the_same_response(client, form):
    response = client.post("/register", data=form)
    assert (response.status_code, shown(response)) == (400, [("error", "Please enter a name.")])
    assert client.get_cookie("session") is None  # read in the same request: nothing left to carry
    assert shown(client.get("/")) == []


@pytest.mark.claim("C5")
def test_a_later_call_in_the_request_returns_the_same_list(client):
    client.post("/register", data={"name": "ann"})
    client.post("/api/save")
    html = client.get("/").text
    assert FLASHES.findall(html) == [WELCOME, ("message", "Saved.")]
    assert '<p id="count">2 new</p>' in html
    assert '<p id="count">0 new</p>' in client.get("/").text


@pytest.mark.claim("C5")
def test_the_first_call_takes_the_messages_out_of_the_session(app):
    from flask import flash, get_flashed_messages, session

    with app.test_request_context():
        flash("a")
        assert (get_flashed_messages(), "_flashes" in session) == (["a"], False)
        flash("b")  # after the first call: it waits in the session for the next request
        assert (get_flashed_messages(), session["_flashes"]) == (["a"], [("message", "b")])


@pytest.mark.claim("C6")
def test_with_categories_gives_the_category_first(client, app):
    from flask import flash, get_flashed_messages

    with app.test_request_context():
        flash("Saved.")
        flash("Please enter a name.", "error")
        assert get_flashed_messages(with_categories=True) == [("message", "Saved."), ("error", "Please enter a name.")]
    client.post("/register", data={"name": "ann"})
    assert '<p class="flash success">Welcome, ann!</p>' in client.get("/").text


@pytest.mark.claim("C6")
def test_sodocumentations_order_puts_the_category_in_the_text(client, app):
    from flask import render_template_string

    client.post("/register", data={"name": "ann"})
    loop = "{% for message, category in get_flashed_messages(with_categories=true) %}<p class={{ category }}>{{ message }}</p>{% endfor %}"
    with app.test_request_context(headers={"Cookie": f"session={client.get_cookie('session').value}"}):
        assert render_template_string(loop) == '<p class=Welcome, ann!>success</p>'


@pytest.mark.claim("C7")
def test_a_page_showing_only_errors_drops_the_other_messages(client):
    client.post("/register", data={"name": "ann"})
    assert client.post("/login").headers["Location"] == "/login"
    assert shown(client.get("/login")) == [("error", LINK)]
    assert '<p id="count">0 new</p>' in client.get("/").text  # the welcome is gone too


@pytest.mark.claim("C7")
def test_flask_login_flashes_in_the_message_category():
    from flask_login import LoginManager

    manager = LoginManager()
    assert (manager.login_message_category, manager.login_message) == ("message", "Please log in to access this page.")


@pytest.mark.claim("C8")
def test_a_script_in_a_name_is_shown_as_text(live_server, page):
    post(page, live_server, "/register", name=SCRIPT)
    page.goto(live_server.url + "/")
    assert (page.evaluate("window.xss"), page.inner_text("p.flash")) == (None, f"Welcome, {SCRIPT}!")


@pytest.mark.claim("C9")
def test_the_safe_layout_specimen_runs_the_visitors_script(live_server, page):
    post(page, live_server, "/register", name=SCRIPT)
    page.goto(live_server.url + "/unsafe/")
    assert page.evaluate("window.xss") == 1


@pytest.mark.claim("C8")
def test_any_flashed_name_comes_out_as_text(client, page):
    from hypothesis import example, given, strategies as st

    tokens = ["<b>", "</p>", "<img src=x onerror=window.xss=1>", "&amp;", "&lt;", "<", ">", "&", '"', "'", "{{ 7*7 }}"]
    other = st.characters(exclude_characters="\r\x00", exclude_categories=["Cs"])  # the parser rewrites these anyway

    @given(st.lists(st.one_of(st.sampled_from(tokens), other), min_size=1).map("".join).filter(str.strip))
    @example(SCRIPT)
    @example("</p><p class=\"flash error\">fake</p>")
    @example("&lt;b&gt;")
    @example("\u00e9\U0001f600")
    def check(name):
        client.post("/register", data={"name": name})
        html = client.get("/").text
        assert parse(page, html, "[...doc.querySelectorAll('p.flash')].map(p => [p.children.length, p.textContent])") == [[0, f"Welcome, {name}!"]]

    check()


@pytest.mark.claim("C10")
def test_a_markup_message_keeps_its_link(live_server, page):
    page.goto(live_server.url + "/login")
    with page.expect_navigation():
        page.evaluate("document.forms[0].submit()")
    assert (page.url, page.inner_text("p.flash"), page.get_attribute("p.flash a", "href")) == (
        live_server.url + "/login", "Wrong password. Create an account?", "/")


@pytest.mark.claim("C10")
def test_the_session_stores_markup_tagged_as_markup(client):
    client.post("/login")
    assert session_in(client) == {"_flashes": [{" t": ["error", {" m": LINK}]}]}  # " m": Flask's tag for Markup
    assert f'<p class="flash error">{LINK}</p>' in client.get("/login").text


@pytest.mark.claim("C11")
@pytest.mark.flask_config(SECRET_KEY=None)
def test_without_a_key_flash_raises_and_reading_pages_render(client):
    with pytest.raises(RuntimeError, match="^The session is unavailable because no secret key was set"):
        client.post("/register", data={"name": "ann"})
    response = client.get("/")
    assert (response.status_code, shown(response), '<p id="count">0 new</p>' in response.text) == (200, [], True)


@pytest.mark.claim("C12")
def test_the_import_specimen_flashes_every_rejected_row(client):
    response = client.post("/import", data={"rows": "a,1\nbad row\nb,2\nworse"})
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert shown(client.get("/")) == [("error", "2 rows rejected: bad row; worse")]


@pytest.mark.claim("C12")
def test_a_large_flash_raises_under_warnings_as_errors(client):
    with pytest.raises(UserWarning, match="^The 'session' cookie is too large: .* the limit is 4093 bytes"):
        client.post("/import", data={"rows": big_report()})


@pytest.mark.claim("C12")
@pytest.mark.flask_config(TESTING=False)
def test_outside_testing_the_large_flash_is_a_500_without_the_cookie(client):
    response = client.post("/import", data={"rows": big_report()})
    assert (response.status_code, response.headers.get("Set-Cookie")) == (500, None)


@pytest.mark.claim("C12")
def test_with_the_warning_logged_chromium_drops_the_message(live_server, page):
    post(page, live_server, "/register", name="ann")
    before = page.context.cookies()
    with pytest.warns(UserWarning, match="^The 'session' cookie is too large"):  # logged, not raised
        post(page, live_server, "/import", rows=big_report())
    assert page.context.cookies() == before  # the large cookie discarded, the old one kept
    page.goto(live_server.url + "/")
    assert [(p.get_attribute("class"), p.inner_text()) for p in page.query_selector_all("p.flash")] == [("flash success", "Welcome, ann!")]
