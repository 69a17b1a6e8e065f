import io

import pytest


@pytest.mark.claim("C1")
def test_source_snippet_prints_a_404_page(chapter, capsys):
    chapter.run_source_snippet()
    printed = capsys.readouterr().out
    assert printed.startswith("b'<!doctype html>\\n<html lang=en>\\n<title>404 Not Found</title>")


@pytest.mark.claim("C2")
def test_restored_snippet_prints_hello(chapter, capsys):
    chapter.run_source_snippet(restored=True)
    assert capsys.readouterr().out == "b'Hello, Flask!'\n"


@pytest.mark.claim("C3")
def test_query_form_json_and_file_reach_the_view(client):
    assert client.get("/echo", query_string={"q": "a b"}).get_json()["args"] == {"q": "a b"}
    assert client.post("/echo", data={"name": "ada"}).get_json()["form"] == {"name": "ada"}
    assert client.post("/echo", json={"n": 1}).get_json()["json"] == {"n": 1}
    upload = {"file": (io.BytesIO(b"contents"), "notes.txt")}
    assert client.post("/echo", data=upload).get_json()["file"] == ["notes.txt", "contents"]


@pytest.mark.claim("C4")
def test_session_cookie_carries_to_the_next_request(client):
    client.get("/login/ada")
    assert client.get("/whoami").get_json() == {"user": "ada"}


@pytest.mark.claim("C4")
def test_session_transaction_sets_the_session_first(client):
    with client.session_transaction() as session:
        session["user"] = "grace"
    assert client.get("/whoami").get_json() == {"user": "grace"}


@pytest.mark.claim("C5")
def test_following_returns_the_final_response(client):
    response = client.get("/login/ada", follow_redirects=True)
    assert response.get_json() == {"user": "ada"}
    assert [(hop.status_code, hop.headers["Location"]) for hop in response.history] == [(302, "/whoami")]


@pytest.mark.claim("C6")
def test_with_client_reads_request_and_session_after_the_response(client):
    import flask

    with client:
        client.get("/login/ada")
        assert (flask.request.path, flask.session["user"]) == ("/login/ada", "ada")
    assert not flask.has_request_context()


@pytest.mark.claim("C7")
def test_cli_runner_runs_a_custom_command(runner):
    result = runner.invoke(args=["greet", "Ada"])
    assert (result.exit_code, result.output) == (0, "Hello, Ada!\n")
