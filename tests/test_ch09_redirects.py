import pytest
from urllib.parse import urljoin, urlsplit

REDIRECT_CODES = [301, 302, 303, 307, 308]


@pytest.mark.claim("C1")
def test_source_view_redirects_with_302_on_flask_3_1(client):
    response = client.get("/old-url")
    assert response.status_code == 302
    assert response.headers["Location"] == "/new-url"


@pytest.mark.claim("C2")
def test_location_is_sent_as_given_not_made_absolute(client):
    response = client.get("/old-url")
    assert urlsplit(response.headers["Location"]).netloc == ""


@pytest.mark.claim("C3")
@pytest.mark.parametrize("code", REDIRECT_CODES)
def test_code_argument_sets_the_status(client, code):
    assert client.get(f"/old-url?code={code}").status_code == code


@pytest.mark.claim("C4")
@pytest.mark.parametrize("code", [301, 302, 303])
def test_post_becomes_get_without_body_after_301_302_303(client, code):
    response = client.post(f"/old-url?code={code}", data={"x": "1"}, follow_redirects=True)
    assert response.text == "GET ''"


@pytest.mark.claim("C4")
@pytest.mark.parametrize("code", [307, 308])
def test_post_is_repeated_with_its_body_after_307_308(client, code):
    response = client.post(f"/old-url?code={code}", data={"x": "1"}, follow_redirects=True)
    assert response.text == "POST 'x=1'"


@pytest.mark.claim("C5")
def test_follow_redirects_keeps_each_hop_in_history(client):
    response = client.get("/item/7", follow_redirects=True)
    assert response.text == "product 7"
    assert [hop.status_code for hop in response.history] == [301]
    assert response.request.path == "/products/7"


@pytest.mark.claim("C6")
def test_legacy_url_redirects_to_the_endpoints_url(app, client):
    with app.test_request_context():
        from flask import url_for

        expected = url_for("product", product_id=7)
    response = client.get("/item/7")
    assert (response.status_code, response.headers["Location"]) == (301, expected)
    assert expected == "/products/7"


@pytest.mark.claim("C7")
def test_unsafe_next_sends_the_client_to_another_host(client):
    response = client.get("/unsafe-login?next=https://attacker.example/phish")
    assert response.headers["Location"] == "https://attacker.example/phish"


@pytest.mark.claim("C8")
@pytest.mark.parametrize(
    "target",
    ["https://attacker.example/", "//attacker.example/", "/\\attacker.example/",
     "/\t/attacker.example/", "javascript:alert(1)", "attacker.example"],
)
def test_safe_next_refuses_other_hosts(client, target):
    response = client.get("/login", query_string={"next": target})
    assert response.headers["Location"] == "/"


@pytest.mark.claim("C8")
def test_safe_next_keeps_a_local_path(client):
    response = client.get("/login", query_string={"next": "/products/3?tab=reviews"})
    assert response.headers["Location"] == "/products/3?tab=reviews"


def browser_resolves(location, base="http://book.test/login"):
    """Where a browser would go: it strips controls, reads "\\" as "/", then resolves."""
    cleaned = "".join(c for c in location if c not in "\t\n\r").strip("\x00 \x1f")
    return urlsplit(urljoin(base, cleaned.replace("\\", "/")))


@pytest.mark.claim("C8")
def test_safe_next_never_leaves_the_site_for_any_input(chapter):
    from hypothesis import given, strategies as st

    client = chapter.create_app({"TESTING": True}).test_client()

    @given(st.text())
    def check(target):
        location = client.get("/login", query_string={"next": target}).headers["Location"]
        assert browser_resolves(location).netloc == "book.test"

    check()
