import re
from urllib.parse import unquote

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('return redirect("/new-url")', 'return redirect("/new-url", code=303)'),  # 3.2's default
           ('return redirect("/new-url")', 'return redirect("new-url")')],  # relative to the page
    "C2": ('return redirect("/new-url")',  # an absolute URL: behind a proxy, the wrong scheme
           'return redirect(url_for("new_url", _external=True))'),
    "C3": ('redirect(url_for("new_url"), code=int(code))', 'redirect(url_for("new_url"))'),  # code dropped
    "C4": ('redirect(url_for("new_url"), code=int(code))', 'redirect(url_for("new_url"))'),  # all 302
    "C5": ('return redirect(url_for("product", product_id=product_id), code=301)',
           "return product(product_id)"),  # the old URL serves the page: no hop, two URLs for one page
    "C6": [("product_id=product_id), code=301)", "product_id=product_id))"),  # 302: not permanent
           ('url_for("product", product_id=product_id)', 'f"/product/{product_id}"')],  # a typed path, typo
    "C7": ('return redirect(request.args["next"])', 'return redirect(url_for("home"))'),  # the fix: no way out
    "C8": [('redirect(target if is_local_path(target) else url_for("home"))',
            'redirect(url_for("home"))'),  # next forgotten: always home
           ('request.args.get("next", "")', 'request.args.get("next_url", "")')],  # the form says next
    "C9": [('target.startswith("/") and not target.startswith("//")', 'target.startswith("/")'),  # //host
           ('"\\t\\n\\r\\\\"', '"\\t\\n\\r"'),  # "\" let in: a browser reads /\host as //host
           ('"\\t\\n\\r\\\\"', '"\\\\"')],  # tabs let in: /<tab>/host becomes //host
}

ATTACKS = ["https://attacker.example/", "//attacker.example/", "/\\attacker.example/",
           "/\t/attacker.example/", "/\n/attacker.example/", "javascript:alert(1)", "attacker.example"]


@pytest.mark.claim("C1")
def test_source_view_redirects_with_302_on_flask_3_1(client):
    response = client.get("/old-url")
    assert (response.status_code, response.headers["Location"]) == (302, "/new-url")


@pytest.mark.claim("C1")
def test_redirect_defaults_to_302_on_flask_3_1():
    import inspect
    from importlib.metadata import version

    import flask

    assert version("flask").startswith("3.1.")
    assert inspect.signature(flask.redirect).parameters["code"].default == 302


@pytest.mark.claim("C2")
def test_location_is_sent_as_given_not_made_absolute(client):
    assert client.get("/old-url").headers["Location"] == "/new-url"
    assert client.get("/moved/302").headers["Location"] == "/new-url"


@pytest.mark.claim("C3")
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_code_argument_sets_the_status(client, code):
    assert client.get(f"/moved/{code}").status_code == code


@pytest.mark.claim("C4")
@pytest.mark.parametrize("code", [301, 302, 303])
def test_post_becomes_get_without_body_after_301_302_303(client, code):
    response = client.post(f"/moved/{code}", data={"x": "1"}, follow_redirects=True)
    assert response.text == "GET ''"


@pytest.mark.claim("C4")
@pytest.mark.parametrize("code", [307, 308])
def test_post_is_repeated_with_its_body_after_307_308(client, code):
    response = client.post(f"/moved/{code}", data={"x": "1"}, follow_redirects=True)
    assert response.text == "POST 'x=1'"


@pytest.mark.claim("C5")
def test_follow_redirects_keeps_each_hop_in_history(client):
    response = client.get("/login?next=/item/7", follow_redirects=True)
    assert (response.text, response.request.path) == ("product 7", "/products/7")
    hops = [(hop.request.path, hop.status_code) for hop in response.history]
    assert hops == [("/login", 302), ("/item/7", 301)]


@pytest.mark.claim("C6")
def test_legacy_url_redirects_to_the_endpoints_url(app, client):
    from flask import url_for

    with app.test_request_context():
        expected = url_for("product", product_id=7)
    response = client.get("/item/7")
    assert (response.status_code, response.headers["Location"], expected) == (301, expected, "/products/7")
    assert client.get(expected).text == "product 7"


@pytest.mark.claim("C7")
@pytest.mark.parametrize(("target", "location"), [
    ("https://attacker.example/phish", "https://attacker.example/phish"),
    ("/\t/attacker.example/", "//attacker.example/"),  # the tab is gone: another host
    ("/\\attacker.example/", "/%5Cattacker.example/"),  # a path here: the backslash is encoded
])
def test_unsafe_next_sends_the_client_where_it_says(client, target, location):
    response = client.get("/unsafe-login", query_string={"next": target})
    assert (response.status_code, response.headers["Location"]) == (302, location)


@pytest.mark.claim("C8")
def test_safe_next_keeps_a_local_path(client):
    response = client.get("/login", query_string={"next": "/products/3?tab=reviews"})
    assert response.headers["Location"] == "/products/3?tab=reviews"


@pytest.mark.claim("C8")
def test_safe_next_keeps_any_local_path(chapter):
    from hypothesis import example, given, strategies as st

    client = chapter.create_app({"TESTING": True}).test_client()
    url_characters = st.sampled_from("abcXYZ019-._~!$&'()*+,;=:@%/?#")
    anything_else = st.characters(exclude_characters="/\\\t\n\r", exclude_categories=["Cs"])
    rest = st.text(st.one_of(url_characters, anything_else))

    @given(st.builds(lambda first, more: "/" + first + more, st.one_of(st.just(""), anything_else), rest))
    @example("/")
    @example("/Search?Q=X%20Y#Top")
    @example("/caf\u00e9 \x00\x7f")
    def check(target):
        location = client.get("/login", query_string={"next": target}).headers["Location"]
        assert unquote(location) == unquote(target)

    check()


C0_AND_SPACE = "".join(map(chr, range(0x21)))
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def stays_on_the_site(location):
    """Would a browser on this site stay on it? The URL standard first drops tabs and newlines,
    trims controls and spaces, and reads "\\" as "/"; then "/path" or "path" stays, while
    "//host" and anything with a scheme ("https:", "javascript:") goes elsewhere."""
    url = "".join(c for c in location if c not in "\t\n\r").strip(C0_AND_SPACE).replace("\\", "/")
    return not url.startswith("//") and not SCHEME.match(url)


@pytest.mark.claim("C9")
@pytest.mark.parametrize("target", ATTACKS)
def test_safe_next_refuses_other_hosts(client, chapter, target):
    assert chapter.is_local_path(target) is False
    assert client.get("/login", query_string={"next": target}).headers["Location"] == "/"


@pytest.mark.claim("C9")
def test_no_next_or_a_refused_one_lands_on_the_home_page(client):
    assert client.get("/login").headers["Location"] == "/"
    response = client.get("/login?next=//attacker.example/", follow_redirects=True)
    assert (response.request.path, response.text) == ("/", "home")


@pytest.mark.claim("C9")
def test_safe_next_never_leaves_the_site_for_any_input(chapter):
    from hypothesis import example, given, strategies as st

    client = chapter.create_app({"TESTING": True}).test_client()
    # Weighted to the tricks: "//host" in disguise, a tab or newline between, or "\\" for "/".
    noise = st.one_of(st.just(""), st.sampled_from("\t\n\r"))
    disguised = st.builds("/{}{}attacker.example".format, noise, st.sampled_from("/\\"))

    @given(st.one_of(disguised, st.text()))
    @example("//attacker.example")
    @example("/\\attacker.example")
    @example("/\t/attacker.example")
    @example("https://attacker.example")
    @example(" //attacker.example")
    def check(target):
        if chapter.is_local_path(target):
            assert stays_on_the_site(target)
        assert stays_on_the_site(client.get("/login", query_string={"next": target}).headers["Location"])

    check()
