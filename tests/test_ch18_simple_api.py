import pytest


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
