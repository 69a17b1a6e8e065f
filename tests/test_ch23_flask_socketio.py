import importlib.util
import json
import logging

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("socketio = SocketIO(app)", 'socketio = SocketIO(app, async_mode="eventlet")'),  # a
    # production setting copied to a machine without eventlet: SocketIO(app) raises ValueError
    "C2": [("socketio = SocketIO(app)", 'socketio = SocketIO(app, path="ws")'),  # served
           # elsewhere: /socket.io/ is an ordinary Flask 404
           ("socketio = SocketIO(app)", 'socketio = SocketIO(app, transports=["polling"])')],
    "C3": ("socketio = SocketIO(app)", 'socketio = SocketIO(app, transports=["polling"])'),  # no
    # WebSocket at all: the upgrade is refused with 400 before any text is sent
    "C4": [('send(f"echo: {text}")', 'emit("echo", f"echo: {text}")'),  # another event name
           ("return a + b  # the acknowledgement", 'emit("sum", a + b)')],  # a reply, not an ack
    "C5": ("socketio = SocketIO(app)", 'socketio = SocketIO(app, transports=["websocket"])'),
    # websocket only, to avoid sticky sessions: polling answers 400 "Invalid transport"
    "C6": [('emit("welcome", {"namespace": "/"})',
            'emit("welcome", {"namespace": "/"}, broadcast=True)'),  # everyone is welcomed again
           ('@socketio.on("connect")\n', '@socketio.on("connected")\n')],  # never called
    "C7": [("return False  # refuses the connection", "return  # refuses the connection"),  # None
           # accepts: only False refuses
           ('isinstance(given, str)\n                and hmac.compare_digest(given.encode(), '
            'token.encode())):', "isinstance(given, str)):"),  # checks a token came, not which
           ('token = app.config.get("ADMIN_TOKEN")  # no token set: nobody gets in\n'
            '        given = auth.get("token") if isinstance(auth, dict) else None\n'
            '        if not (token and isinstance(given, str)',
            'token = app.config.get("ADMIN_TOKEN", "")\n'
            '        given = auth.get("token") if isinstance(auth, dict) else None\n'
            '        if not (isinstance(given, str)')],  # no token set: "" matches ""
    "C8": [("emit(\"announcement\", text, broadcast=True)", "emit(\"announcement\", text)"),
           # to the sender only
           ("emit(\"announcement\", text, broadcast=True)",
            "emit(\"announcement\", text, broadcast=True, namespace=\"/admin\")")],  # wrong channel
    "C9": [("emit(\"said\", text, to=room)", "emit(\"said\", text)"),  # to=room forgotten
           ("emit(\"said\", text, to=room)", "emit(\"said\", text, broadcast=True)")],
    "C10": ("return a + b  # the acknowledgement", "a + b  # the acknowledgement"),  # no return
}

ENGINEIO_WEBSOCKET = "/socket.io/?EIO=4&transport=websocket"
POLLING = "/socket.io/?EIO=4&transport=polling"


@pytest.fixture
def plain_ws(live_server):
    """A plain WebSocket client (websocket-client) on the Engine.IO endpoint of a fresh server."""
    import websocket

    connection = websocket.create_connection(f"ws://127.0.0.1:{live_server.port}"
                                             f"{ENGINEIO_WEBSOCKET}", timeout=5)
    yield connection
    connection.close()


@pytest.fixture
def sio(app):
    return app.extensions["socketio"]


def open_packet(frame):
    assert frame[0] == "0"
    return json.loads(frame[1:])


@pytest.mark.claim("C1")
def test_default_async_mode_is_threading_here(sio):
    assert [importlib.util.find_spec(name) for name in ("eventlet", "gevent")] == [None, None]
    assert sio.async_mode == "threading"


@pytest.mark.claim("C2")
def test_plain_websocket_first_gets_an_engineio_open_packet(plain_ws):
    opened = open_packet(plain_ws.recv())
    assert isinstance(opened["sid"], str)
    assert (opened["upgrades"], opened["pingInterval"], opened["pingTimeout"]) == ([], 25000, 20000)


@pytest.mark.claim("C2")
def test_plain_websocket_without_the_engineio_query_is_refused(live_server):
    import websocket

    with pytest.raises(websocket.WebSocketBadStatusException, match="^Handshake status 400 "):
        websocket.create_connection(f"ws://127.0.0.1:{live_server.port}/socket.io/", timeout=5)


@pytest.mark.claim("C3")
def test_plain_text_crashes_engineio_and_a_500_page_lands_in_the_websocket(plain_ws, caplog):
    plain_ws.recv()
    plain_ws.send("hello")
    raw = b"".join(iter(lambda: plain_ws.sock.recv(4096), b""))  # up to the server's close
    assert raw.startswith(b"HTTP/1.1 500 INTERNAL SERVER ERROR\r\n")
    [logged] = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR
                and r.name == "werkzeug" and r.getMessage().startswith("Error on request:")]
    assert logged.endswith("ValueError: invalid literal for int() with base 10: 'h'")


@pytest.mark.claim("C3")
def test_plain_text_fails_the_client_at_once_with_a_protocol_error(plain_ws):
    import websocket

    plain_ws.recv()
    plain_ws.send("hello")
    with pytest.raises(websocket.WebSocketProtocolException, match="^rsv is not implemented, yet$"):
        plain_ws.recv()  # a server that ignored the text would end in a timeout instead


@pytest.mark.claim("C4")
def test_socketio_framing_by_hand_connects_echoes_and_acknowledges(plain_ws):
    plain_ws.recv()
    plain_ws.send("40")
    connected, welcome = sorted([plain_ws.recv(), plain_ws.recv()])
    assert connected.startswith('40{"sid":"') and welcome == '42["welcome",{"namespace":"/"}]'
    plain_ws.send('42["message","hi"]')
    assert plain_ws.recv() == '42["message","echo: hi"]'
    plain_ws.send('421["add",2,3]')
    assert plain_ws.recv() == "431[5]"


@pytest.mark.claim("C5")
def test_long_polling_opens_a_session_without_websocket(live_server):
    status, headers, body = live_server.request("GET", POLLING)
    assert (status, headers["Content-Type"]) == (200, "text/plain; charset=UTF-8")
    assert open_packet(body.decode())["upgrades"] == ["websocket"]


@pytest.mark.claim("C5")
def test_long_polling_carries_socketio_packets(live_server):
    sid = open_packet(live_server.request("GET", POLLING)[2].decode())["sid"]
    session = f"{POLLING}&sid={sid}"
    assert live_server.request("POST", session, body=b"40")[::2] == (200, b"OK")
    packets = live_server.request("GET", session)[2].decode().split("\x1e")
    assert sorted(packets)[1] == '42["welcome",{"namespace":"/"}]'
    assert live_server.request("POST", session, body=b'421["add",2,3]')[0] == 200
    assert live_server.request("GET", session)[2] == b"431[5]"


@pytest.mark.claim("C6")
def test_connecting_client_receives_the_welcome_event(app, sio):
    received = sio.test_client(app).get_received()
    assert received == [{"name": "welcome", "args": [{"namespace": "/"}], "namespace": "/"}]


@pytest.mark.claim("C6")
def test_those_already_connected_are_not_welcomed_again(app, sio):
    first = sio.test_client(app)
    first.get_received()
    second = sio.test_client(app)
    assert [first.get_received(), len(second.get_received())] == [[], 1]


@pytest.mark.claim("C7")
def test_admin_namespace_admits_only_the_configured_token(chapter):
    from hypothesis import example, given, strategies as st

    near = st.sampled_from(["t0ken", "", "t0ke", "t0ken ", "T0KEN", "t0kén", "None", "\x00"])
    token = st.one_of(near, st.text(), st.integers(), st.none())
    auth = st.one_of(st.fixed_dictionaries({"token": token}, optional={"user": st.text()}),
                     st.none(), st.text(), st.lists(token, max_size=2))

    apps = {token: chapter.create_app({"TESTING": True, "ADMIN_TOKEN": token})
            for token in (None, "", "t0ken")}

    @given(configured=st.sampled_from(list(apps)), auth=auth)
    @example(configured="t0ken", auth={"token": "t0ken"})
    @example(configured="t0ken", auth={"token": "nope"})
    @example(configured="t0ken", auth=None)
    @example(configured=None, auth={"token": ""})
    @example(configured="", auth={"token": ""})
    def check(configured, auth):
        app = apps[configured]
        admin = app.extensions["socketio"].test_client(app, namespace="/admin", auth=auth)
        expected = configured == "t0ken" and isinstance(auth, dict) and auth["token"] == "t0ken"
        assert admin.is_connected("/admin") is expected

    check()


@pytest.mark.claim("C8")
@pytest.mark.flask_config(ADMIN_TOKEN="t0ken")
def test_namespaces_are_separate_channels(app, sio):
    admin = sio.test_client(app, namespace="/admin", auth={"token": "t0ken"})
    main, other = sio.test_client(app), sio.test_client(app)
    other.get_received()
    main.emit("announce", "to everyone in /")
    announcement = {"name": "announcement", "args": ["to everyone in /"], "namespace": "/"}
    assert [main.get_received()[-1], other.get_received()] == [announcement, [announcement]]
    assert admin.get_received("/admin") == [
        {"name": "welcome", "args": [{"namespace": "/admin"}], "namespace": "/admin"}]
    assert admin.is_connected("/") is False


@pytest.mark.claim("C9")
def test_room_message_reaches_members_only(app, sio):
    ann, bob, eve = (sio.test_client(app) for _ in range(3))
    ann.emit("join", "tea")
    bob.emit("join", "tea")
    for client in (ann, bob, eve):
        client.get_received()
    ann.emit("say", "tea", "kettle's on")
    said = {"name": "said", "args": ["kettle's on"], "namespace": "/"}
    assert [ann.get_received(), bob.get_received(), eve.get_received()] == [[said], [said], []]


@pytest.mark.claim("C10")
def test_handler_return_value_is_the_acknowledgement(app, sio):
    assert sio.test_client(app).emit("add", 2, 3, callback=True) == 5
