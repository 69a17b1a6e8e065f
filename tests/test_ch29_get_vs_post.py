import io
import socket
import threading
from contextlib import closing

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('"values": request.values.to_dict()',                 # a merge by hand keeps a GET's body
            '"values": request.args.to_dict() | request.form.to_dict()'),
           ('request.values.get("password")', 'request.form.get("password")')],  # the query is missed
    "C2": ("    def login():\n",                                  # the app logs the body it received
           '    def login():\n        app.logger.warning("login: %s", request.get_data(as_text=True))\n'),
    "C3": "the bytes on the wire are the client's plain-HTTP request, which no edit of the app encrypts",
    "C4": ("len(request.query_string)", 'len(request.args.get("q", ""))'),  # the parsed value, not the raw query
    "C5": [('app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024',                  # Flask's default: no limit
            'app.config["MAX_CONTENT_LENGTH"] = None'),
           ("        state[\"likes\"] += 1\n        return redirect",       # a view that reads the body
            "        state[\"likes\"] += 1 + len(request.form)\n        return redirect")],
    "C6": ("app.config.update(config or {})",                       # the form limit switched off
           "app.config.update(config or {}, MAX_FORM_MEMORY_SIZE=None)"),
    "C7": [("return redirect(url_for(\"likes\"), code=303)", "return likes()"),  # the POST renders the page
           ("code=303", "code=302")],                                            # the default 302
    "C8": ('        return {"likes": state["likes"]}',             # the page counts its own views
           '        state["likes"] += 1\n        return {"likes": state["likes"]}'),
}


# Started in the background when collection ends (textbook/live.py), adopted below.
FLASK_RUN = live.Background([live.executable("flask"), "--app", "chapters.ch29_get_vs_post", "run",
                             "--port", "{port}"])


@pytest.fixture(scope="module")
def server(chapter):
    with FLASK_RUN.serve(chapter) as running:
        yield running


@pytest.mark.claim("C1")
def test_args_form_and_values(client):
    assert client.post("/echo?a=1", data={"b": "2"}).get_json()["values"] == {"a": "1", "b": "2"}
    got = client.get("/echo?a=1", data={"b": "2"}).get_json()
    assert (got["args"], got["form"], got["values"]) == ({"a": "1"}, {"b": "2"}, {"a": "1"})


@pytest.mark.claim("C1")
def test_login_reads_a_password_from_the_query_or_a_posts_body_only(client):
    assert client.post("/login", data={"password": "x"}).text == "checked"
    assert client.get("/login", query_string={"password": "x"}).text == "checked"
    assert client.get("/login", data={"password": "x"}).text == "no password"


@pytest.mark.claim("C2")
def test_get_data_is_logged_post_body_is_not(server):
    server.request("GET", "/login?password=get-secret")
    body = b"password=post-secret"
    server.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
    log = server.wait_for_output('"POST /login HTTP/1.1" 200', timeout=5)
    assert '"GET /login?password=get-secret HTTP/1.1" 200' in log
    assert "post-secret" not in log


def pipe(source, destination, recorded):
    while chunk := source.recv(65536):
        recorded.append(chunk)
        destination.sendall(chunk)
    destination.shutdown(socket.SHUT_WR)


def relay_once(target_port, recorded):
    """A relay between client and server that records the bytes it passes on."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        with closing(listener), listener.accept()[0] as downstream, \
                socket.create_connection(("127.0.0.1", target_port)) as upstream:
            back = threading.Thread(target=pipe, args=(upstream, downstream, []))
            back.start()
            pipe(downstream, upstream, recorded)
            back.join(10)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


@pytest.mark.claim("C3")
def test_a_relay_reads_a_posts_password_in_plain_text(server):
    recorded = []
    port, thread = relay_once(server.port, recorded)
    relayed = live.Server(port=port)
    status, _, body = relayed.request("POST", "/login", b"password=hunter2",
                                      {"Content-Type": "application/x-www-form-urlencoded"})
    thread.join(10)
    assert (status, body) == (200, b"checked")
    assert b"password=hunter2" in b"".join(recorded)


@pytest.mark.claim("C4")
def test_dev_server_refuses_a_long_url_the_flask_client_accepts(server, client):
    url = "/echo?q=" + "a" * 70_000
    assert server.request("GET", url)[0] == 414
    assert client.get(url).get_json()["query_length"] == 70_002


@pytest.mark.claim("C4")
def test_the_dev_servers_limit_is_a_request_line_of_65536_bytes(server):
    def url_for_a_line_of(size):  # the request line "GET <url> HTTP/1.1\r\n" of exactly size bytes
        return "/echo?q=" + "a" * (size - len("GET /echo?q= HTTP/1.1\r\n"))

    assert [server.request("GET", url_for_a_line_of(size))[0] for size in (65_536, 65_537)] == [200, 414]


@pytest.mark.claim("C5")
@pytest.mark.flask_config(MAX_CONTENT_LENGTH=100)
def test_max_content_length_refuses_a_larger_body(client):
    assert client.post("/echo", data={"b": "x" * 200}).status_code == 413
    assert client.post("/echo", data={"b": "x" * 20}).status_code == 200


@pytest.mark.claim("C5")
def test_the_books_app_caps_a_body_at_one_mebibyte(client):
    def status(size):
        return client.post("/echo", data=b"x" * size, content_type="text/plain").status_code

    assert (status(1024 * 1024), status(1024 * 1024 + 1)) == (200, 413)


@pytest.mark.claim("C5")
@pytest.mark.flask_config(MAX_CONTENT_LENGTH=100)
def test_max_content_length_lets_a_body_the_view_never_reads_pass(client):
    assert client.post("/likes", data={"b": "x" * 200}).status_code == 303
    assert client.get("/likes").get_json() == {"likes": 1}


@pytest.mark.claim("C6")
def test_max_form_memory_size_refuses_a_large_multipart_field_only(client):
    multipart = "multipart/form-data"
    assert client.post("/echo", data={"b": "x" * 500_000}, content_type=multipart).status_code == 200
    assert client.post("/echo", data={"b": "x" * 500_001}, content_type=multipart).status_code == 413
    assert client.post("/echo", data={"b": "x" * 500_001}).status_code == 200  # url-encoded
    upload = {"b": (io.BytesIO(b"x" * 500_001), "big.txt")}
    assert client.post("/echo", data=upload).status_code == 200


@pytest.mark.claim("C7")
def test_post_redirect_get(client):
    response = client.post("/likes")
    assert (response.status_code, response.headers["Location"]) == (303, "/likes")
    assert [client.get("/likes").get_json() for _ in range(2)] == [{"likes": 1}] * 2
    client.post("/likes")
    assert client.get("/likes").get_json() == {"likes": 2}


@pytest.mark.claim("C8")
def test_a_state_changing_get_changes_on_every_replay(client):
    assert [client.get("/unsafe-like").get_json()["unsafe_likes"] for _ in range(3)] == [1, 2, 3]
    assert client.get("/likes").get_json() == {"likes": 0}
