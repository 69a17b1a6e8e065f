import io
import socket
import threading

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("{decorator}def index():", '@app.route("/")\ndef index():'),  # the source's snippet fixed
    "C2": ("""'@app.route("/")\\n' if restored""", """'@app.route("/index")\\n' if restored"""),  # wrong path
    "C3": [('upload = request.files.get("file")', 'upload = request.form.get("file")'),  # a file in form
           ("upload.read().decode()", "upload.stream.readline().decode()"),   # its first line only
           ("upload.read().decode()", 'upload.read().decode("latin-1")'),    # the wrong charset
           ('"form": request.form.to_dict()', '"form": request.args.to_dict()'),  # a form in the query
           ("request.get_json(silent=True)", "request.form.to_dict() or None")],  # JSON read as a form
    "C4": ("app.config.update(config or {})",                   # the production domain, set for every run
           'app.config.update(config or {}, SESSION_COOKIE_DOMAIN="example.com")'),
    "C5": ("return redirect(url_for(\"whoami\"))", "return whoami()"),      # no redirect to follow
    "C6": ('        session["user"] = name\n', ""),                  # the view forgets to store the user
    "C7": ('@app.cli.command("greet")', '@click.command("greet")'),  # a command the app never gets
    "C8": [('methods=["GET", "POST", "PUT", "PATCH", "DELETE"]', 'methods=["GET", "POST"]'),  # 405s
           ('request.headers.get(BOOK_HEADER)', 'request.args.get(BOOK_HEADER)')],  # a header looked for in the query
    "C9": ('        return {"user": session.get("user")}',               # the view calls another service
           '        __import__("urllib.request").request.urlopen("http://127.0.0.1:9/")\n'
           '        return {"user": session.get("user")}'),
}


def weighted_text():
    from hypothesis import strategies as st

    # Weighted in, since random text rarely holds them: line breaks, and what URLs and markup use.
    line_breaks, special = st.sampled_from("\n\r"), st.sampled_from("&=+%#?/\\ \t<>\"'\x00é☃")
    # A list joined, not st.text: text() merges an alphabet's strategies and loses the weights.
    return st.lists(st.one_of(line_breaks, special, st.characters(exclude_categories=["Cs"]))).map("".join)


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
def test_each_way_of_sending_text_reaches_its_place_in_the_request(client):
    from hypothesis import example, given

    @given(weighted_text())
    @example("")
    @example("a b&c=d+%#?")
    @example("line 1\nline 2\r\n<>&\"'/\\ é ☃ 𝄞 \x00")
    def check(value):
        assert client.get("/echo", query_string={"q": value}).get_json()["args"] == {"q": value}
        assert client.post("/echo", data={"name": value}).get_json()["form"] == {"name": value}
        assert client.post("/echo", json={"n": value}).get_json()["json"] == {"n": value}
        upload = {"file": (io.BytesIO(value.encode()), "notes.txt")}
        assert client.post("/echo", data=upload).get_json()["file"] == ["notes.txt", value]

    check()


@pytest.mark.claim("C3")
def test_json_carries_a_lone_surrogate(client):
    assert client.post("/echo", json={"n": "\ud800"}).get_json()["json"] == {"n": "\ud800"}


@pytest.mark.claim("C4")
def test_session_cookie_carries_to_the_next_request(client):
    client.get("/login/ada")
    assert client.get("/whoami").text == '{"user":"ada"}\n'


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


@pytest.mark.claim("C8")
def test_each_method_helper_sends_its_method_and_headers(client):
    for name in ("get", "post", "put", "patch", "delete"):
        got = getattr(client, name)("/echo", headers={"X-Book": name}).get_json()
        assert (got["method"], got["header"]) == (name.upper(), name)
    assert client.open("/echo", method="PATCH").get_json()["method"] == "PATCH"


@pytest.mark.claim("C9")
def test_the_client_calls_the_app_in_the_tests_thread_with_no_socket(app, client, monkeypatch):
    real_socket, test_thread = socket.socket, threading.get_ident()

    def no_socket(*args, **kwargs):
        # Only in this thread, where the app is called: the patch is seen by the whole process,
        # and a serial run's Try it blocks wait for their servers' ports in threads beside it.
        if threading.get_ident() != test_thread:
            return real_socket(*args, **kwargs)
        raise AssertionError("a socket was opened")

    threads, wsgi_app = [], app.wsgi_app
    app.wsgi_app = lambda environ, start: threads.append(threading.get_ident()) or wsgi_app(environ, start)
    monkeypatch.setattr(socket, "socket", no_socket)
    assert client.get("/login/ada", follow_redirects=True).get_json() == {"user": "ada"}
    assert threads == [threading.get_ident()] * 2
