import secrets
import sys
from pathlib import Path

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("    app.jinja_loader = DictLoader(", "    DictLoader("),  # the source's page never given
           ('    @app.route("/")\n', "")],                            # the source's lost decorator
    "C2": ('socketio.send("Message received: " + message)',
           'send("Message received: " + message)'),                   # the reply goes to the sender only
    "C3": ('send(f"Message received: {message}")',
           'socketio.send(f"Message received: {message}")'),          # the server-level send: everybody
    "C4": [("emit(\"chat\", message, to=room, broadcast=room is None)",
            "emit(\"chat\", message, to=room)"),                      # no broadcast: the sender only
           ("        join_room(room)\n", "        pass\n")],           # the join handler forgets to join
    "C5": ('session["user"] = name\n        return',
           'session["username"] = name\n        return'),                # a key the handlers do not read
    "C6": [('socketio.send("Message received: " + message)', 'send("Message received: " + message)'),
           ('print("Received message: ", message)',
            'app.logger.debug("Received message: %s", message)')],   # below the logger's level: silent
    "C7": ('send(f"Message received: {message}")',
           'send(f"Message received: {message}", broadcast=True)'),  # the echo reaches everybody
    "C8": [("allow_unsafe_werkzeug=args.allow_unsafe_werkzeug", "allow_unsafe_werkzeug=True"),  # always
           ('parser.add_argument("--debug", action="store_true")',
            'parser.add_argument("--debug", action="store_false")')],  # the source's debug=True lost
    "C9": [("debug=args.debug,", "debug=False,"),                     # neither reloader nor debugger
           ("debug=args.debug,", "debug=args.debug, use_reloader=False,")],  # debugger, no reloader
    "C10": [('create_app({"SECRET_KEY": os.environ["SECRET_KEY"]})',
             'create_app({"SECRET_KEY": "secret_key"})'),              # the source's key in the code
            ("app.config.update(config or {})",
             'app.config.update(config or {}, SECRET_KEY="secret_key")'),  # the factory pins a key
            ('    if not os.environ.get("SECRET_KEY"):\n        sys.exit("set SECRET_KEY in the environment")\n',
             "")],                                                    # a KeyError, not a clear refusal
    "C11": ("escape(name)", "name"),                                  # the name reflected as markup: XSS
    "C14": ('default=int(os.environ.get("PORT", 5000))', "default=5000"),  # PORT ignored
    "C13": ('else if (data.startsWith("0")) socket.send("40");',  # the namespace never joined
            'else if (data.startsWith("0")) {}'),
    "C12": ('SocketIO(app, async_mode="threading")',
            'SocketIO(app, async_mode="threading", manage_session=False)'),  # a handler's change is lost
}

RUN = [sys.executable, "-m", "chapters.ch24_realtime", "--port", "{port}"]
SOURCE_RUN = [*RUN, "--debug"]  # socketio.run(app, debug=True), as the source calls it
REFUSAL = ("RuntimeError: The Werkzeug web server is not designed to run in production. "
           "Pass allow_unsafe_werkzeug=True to the run() method to disable this error.")


KEY = {"SECRET_KEY": secrets.token_hex(32)}
# Started in the background when collection ends (textbook/live.py), adopted below.
BOOKS_RUN = live.Background([*RUN, "--allow-unsafe-werkzeug"], env=KEY)  # stdin not a terminal
SOURCES_RUN_IN_A_TERMINAL = live.Background(SOURCE_RUN, env=KEY, terminal=True)
SOURCES_RUN_UNATTENDED = live.Background(SOURCE_RUN, env=KEY, apart=True)  # no terminal: refused
FOR_THE_BROWSER = live.Background([*RUN, "--allow-unsafe-werkzeug"], env=KEY)


@pytest.fixture(scope="module")
def server(chapter):
    """The book's command on a real server and two python-socketio clients on the websocket
    transport, once per module. The server stops first: the clients see it go, where a
    client-side disconnect can wait 3 s for a close frame."""
    import socketio

    clients = [socketio.SimpleClient(reconnection=False) for _ in range(2)]
    with BOOKS_RUN.serve(chapter) as running:
        for client in clients:
            client.connect(running.url, transports=["websocket"], wait_timeout=10)
        yield running, clients
    for client in clients:
        client.client.eio.wait()  # the read loop ends once the server has gone
        client.disconnect()


@pytest.fixture(scope="module")
def terminal_server(chapter):
    """The source's command with a pseudo-terminal as standard input, once per module."""
    with SOURCES_RUN_IN_A_TERMINAL.serve(chapter) as running:
        yield running


@pytest.fixture
def sio(app):
    return app.extensions["socketio"]


def connected(sio, app, count):
    """``count`` Socket.IO test clients, their connect-time events drained."""
    clients = [sio.test_client(app) for _ in range(count)]
    assert [c.get_received() for c in clients] == [[]] * count
    return clients


def received(*clients):
    return [[(event["name"], event["args"]) for event in c.get_received()] for c in clients]


@pytest.mark.claim("C1")
def test_source_template_is_missing_for_a_plain_app(chapter):
    from jinja2 import TemplateNotFound

    assert not (Path(chapter.__file__).parent / "templates" / "index.html").exists()
    from flask import Flask, render_template

    with Flask(chapter.__name__).test_request_context():
        with pytest.raises(TemplateNotFound, match="index.html"):
            render_template("index.html")


@pytest.mark.claim("C1")
def test_restored_index_route_serves_the_page(client):
    response = client.get("/")
    assert (response.status_code, response.mimetype) == (200, "text/html")
    assert "new WebSocket(" in response.text and "<script src=" not in response.text


@pytest.mark.claim("C2")
def test_source_handler_replies_to_every_client(app, sio):
    ann, bob = connected(sio, app, 2)
    ann.send("hi")
    assert received(ann, bob) == [[("message", "Message received: hi")]] * 2


@pytest.mark.claim("C3")
def test_flask_socketio_send_replies_to_the_sender_only(app, sio):
    ann, bob = connected(sio, app, 2)
    ann.emit("echo", "hi")
    assert received(ann, bob) == [[("message", "Message received: hi")], []]


@pytest.mark.claim("C4")
def test_emit_with_broadcast_reaches_every_client_under_its_name(app, sio):
    ann, bob = connected(sio, app, 2)
    ann.emit("chat", "hello all")
    chat = ("chat", [{"user": "anonymous", "text": "hello all"}])
    assert received(ann, bob) == [[chat], [chat]]


@pytest.mark.claim("C4")
def test_emit_to_a_room_reaches_its_members_only(app, sio):
    ann, bob, eve = connected(sio, app, 3)
    ann.emit("join", "tea")
    bob.emit("join", "tea")
    ann.emit("chat", "kettle's on", "tea")
    chat = ("chat", [{"user": "anonymous", "text": "kettle's on"}])
    assert received(ann, bob, eve) == [[chat], [chat], []]


@pytest.mark.claim("C5")
@pytest.mark.parametrize("shared, user", [(True, "ann"), (False, "anonymous")])
def test_session_reaches_handlers_only_with_the_http_client(app, client, sio, shared, user):
    client.get("/login/ann")
    tester = sio.test_client(app, flask_test_client=client if shared else None)
    tester.emit("chat", "hi")
    assert received(tester) == [[("chat", [{"user": user, "text": "hi"}])]]


@pytest.mark.claim("C6")
def test_source_handler_prints_what_it_received(app, sio, capsys):
    ann, bob = connected(sio, app, 2)
    ann.send("hello")
    assert capsys.readouterr().out == "Received message:  hello\n"
    assert received(ann, bob) == [[("message", "Message received: hello")]] * 2


@pytest.mark.claim("C6")
def test_real_server_sends_the_source_reply_to_both_clients(server):
    running, (ann, bob) = server
    assert (ann.transport, bob.transport) == ("websocket", "websocket")
    ann.emit("message", "hello")
    replies = [ann.receive(timeout=10), bob.receive(timeout=10)]
    assert replies == [["message", "Message received: hello"]] * 2
    assert "Received message:  hello\n" in running.output()


@pytest.mark.claim("C7")
def test_real_server_echo_goes_to_its_sender_only(server):
    _, (ann, bob) = server
    ann.emit("echo", "for ann")
    assert ann.receive(timeout=10) == ["message", "Message received: for ann"]
    bob.emit("echo", "for bob")  # sent after ann's reply: anything for bob would come first
    assert bob.receive(timeout=10) == ["message", "Message received: for bob"]


@pytest.mark.claim("C8")
def test_source_run_without_a_terminal_refuses_to_start(chapter):
    status, out, err = SOURCES_RUN_UNATTENDED.result(chapter, timeout=30)
    assert (status, out) == (1, "")
    assert err.rstrip().endswith(REFUSAL)
    assert "Restarting with" not in err and "Running on" not in err


@pytest.mark.claim("C8")
def test_allow_unsafe_werkzeug_starts_with_a_warning(server):
    running, _ = server
    assert running.request("GET", "/")[0] == 200
    assert "Werkzeug appears to be used in a production deployment" in running.output()


def run_main(chapter, monkeypatch, argv):
    """``chapter.main(argv)`` with ``SocketIO.run`` recorded instead of run: ``(app, options)``."""
    from flask_socketio import SocketIO

    calls = []
    monkeypatch.setattr(SocketIO, "run", lambda self, app, **options: calls.append((app, options)))
    chapter.main(argv)
    [call] = calls
    return call


@pytest.mark.claim("C8")
def test_the_debug_flag_makes_the_source_call(chapter, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    _, options = run_main(chapter, monkeypatch, ["--debug"])
    assert options == {"port": 5000, "debug": True, "allow_unsafe_werkzeug": False}
    _, options = run_main(chapter, monkeypatch, ["--port", "5001", "--allow-unsafe-werkzeug"])
    assert options == {"port": 5001, "debug": False, "allow_unsafe_werkzeug": True}


@pytest.mark.claim("C9")
def test_source_run_in_a_terminal_starts_with_reloader_and_debugger(terminal_server):
    assert terminal_server.request("GET", "/")[0] == 200
    log = terminal_server.output()
    assert " * Restarting with watchdog" in log and " * Debugger is active!" in log


@pytest.mark.claim("C10")
def test_create_app_uses_the_configured_key(chapter):
    key = secrets.token_hex(32)
    assert chapter.create_app({"SECRET_KEY": key}).secret_key == key
    assert chapter.create_app().secret_key is None


@pytest.mark.claim("C10")
def test_main_takes_the_key_from_the_environment(chapter, monkeypatch):
    key = secrets.token_hex(32)
    monkeypatch.setenv("SECRET_KEY", key)
    app, _ = run_main(chapter, monkeypatch, [])
    assert app.secret_key == key


@pytest.mark.claim("C10")
def test_main_refuses_to_start_without_a_secret_key(chapter, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(SystemExit, match="^set SECRET_KEY in the environment$"):
        chapter.main(["--allow-unsafe-werkzeug"])


@pytest.mark.claim("C11")
def test_login_page_escapes_the_name(client):
    response = client.get("/login/<img src=x onerror=alert(1)>")
    assert response.text == "logged in as &lt;img src=x onerror=alert(1)&gt;"


@pytest.mark.claim("C11")
def test_login_page_escapes_any_name(client):
    from urllib.parse import quote

    from hypothesis import example, given, strategies as st
    from markupsafe import escape

    characters = st.one_of(st.sampled_from("<>&\"'\\ \t"), st.characters(exclude_characters="/"))
    names = st.text(characters, min_size=1).filter(str.strip)  # a blank segment is another URL

    @given(names)
    @example("<svg onload=alert('x')>")
    @example('"&\'\\')
    @example("é 😀")
    def check(name):
        response = client.get("/login/" + quote(name, safe=""))
        assert (response.status_code, response.text) == (200, f"logged in as {escape(name)}")

    check()


@pytest.mark.claim("C12")
def test_a_login_after_connecting_does_not_reach_the_connection(app, client, sio):
    tester = sio.test_client(app, flask_test_client=client)
    client.get("/login/ann")  # the cookie now says ann; the connection's copy does not
    tester.emit("chat", "hi")
    assert received(tester) == [[("chat", [{"user": "anonymous", "text": "hi"}])]]


@pytest.mark.claim("C12")
def test_a_handler_changes_only_its_connections_copy(app, client, sio):
    client.get("/login/ann")
    cookie = client.get_cookie("session").value
    renamed = sio.test_client(app, flask_test_client=client)
    renamed.emit("rename", "bob")
    renamed.emit("chat", "as bob")
    assert client.get_cookie("session").value == cookie
    fresh = sio.test_client(app, flask_test_client=client)  # the same cookie, a new copy
    fresh.emit("chat", "as ann")
    bob, ann = ("chat", [{"user": "bob", "text": "as bob"}]), ("chat", [{"user": "ann", "text": "as ann"}])
    assert received(renamed, fresh) == [[bob, ann], [ann]]


@pytest.mark.claim("C13")
def test_the_page_works_in_a_browser_from_the_app_alone(chapter, browser):
    with FOR_THE_BROWSER.serve(chapter) as running:
        requested, windows = [], [browser.new_context().new_page() for _ in range(2)]
        for window in windows:
            window.on("request", lambda request: requested.append(request.url))
            window.goto(running.url + "/")
            window.wait_for_selector("body[data-connected=yes]", timeout=10_000)  # the namespace joined
        windows[0].fill("#text", "hello")
        windows[0].press("#text", "Enter")
        for window in windows:
            window.wait_for_selector("#log li:text-is('Message received: hello')", timeout=10_000)
            window.context.close()
    assert {url.split("/")[2] for url in requested} == {f"127.0.0.1:{running.port}"}


@pytest.mark.claim("C14")
def test_the_port_is_the_flag_else_port_else_5000(chapter, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    ports = [run_main(chapter, monkeypatch, [])[1]["port"]]
    monkeypatch.setenv("PORT", "5002")
    ports += [run_main(chapter, monkeypatch, [])[1]["port"], run_main(chapter, monkeypatch, ["--port", "5003"])[1]["port"]]
    assert ports == [5000, 5002, 5003]
