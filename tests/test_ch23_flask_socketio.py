import importlib.util
import json
import secrets

import pytest

from textbook import live

POLLING = "/socket.io/?EIO=4&transport=polling"


@pytest.fixture(scope="module")
def server(chapter):
    """The chapter's app on a real threaded Werkzeug server on 127.0.0.1, once per module."""
    with live.serve_app(chapter.create_app({"SECRET_KEY": secrets.token_hex(32)})) as running:
        yield running


@pytest.fixture
def plain_ws(server):
    """A plain WebSocket client (websocket-client) on the Engine.IO endpoint."""
    import websocket

    url = f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket"
    connection = websocket.create_connection(url, timeout=5)
    yield connection
    connection.close()


@pytest.fixture
def sio(app):
    return app.extensions["socketio"]


def open_packet(frame):
    assert frame[0] == "0"
    return json.loads(frame[1:])


@pytest.mark.claim("C1")
def test_default_async_mode_is_threading_here():
    from flask_socketio import SocketIO

    assert [importlib.util.find_spec(name) for name in ("eventlet", "gevent")] == [None, None]
    from flask import Flask

    assert SocketIO(Flask("bare")).async_mode == "threading"


@pytest.mark.claim("C2")
def test_plain_websocket_first_gets_an_engineio_open_packet(plain_ws):
    opened = open_packet(plain_ws.recv())
    assert isinstance(opened["sid"], str)
    assert (opened["upgrades"], opened["pingInterval"], opened["pingTimeout"]) == ([], 25000, 20000)


@pytest.mark.claim("C2")
def test_plain_text_gets_no_echo_and_the_connection_breaks(plain_ws):
    import websocket

    plain_ws.recv()
    plain_ws.send("hello")
    with pytest.raises(websocket.WebSocketException):
        plain_ws.recv()


@pytest.mark.claim("C2")
def test_plain_websocket_without_the_engineio_query_is_refused(server):
    import websocket

    with pytest.raises(websocket.WebSocketBadStatusException, match="400"):
        websocket.create_connection(f"ws://127.0.0.1:{server.port}/socket.io/", timeout=5)


@pytest.mark.claim("C3")
def test_socketio_framing_by_hand_connects_echoes_and_acknowledges(plain_ws):
    plain_ws.recv()
    plain_ws.send("40")
    connected, welcome = sorted([plain_ws.recv(), plain_ws.recv()])
    assert connected.startswith('40{"sid":"') and welcome == '42["welcome",{"namespace":"/"}]'
    plain_ws.send('42["message","hi"]')
    assert plain_ws.recv() == '42["message","echo: hi"]'
    plain_ws.send('421["add",2,3]')
    assert plain_ws.recv() == "431[5]"


@pytest.mark.claim("C4")
def test_long_polling_opens_a_session_without_websocket(server):
    status, headers, body = server.request("GET", POLLING)
    assert (status, headers["Content-Type"]) == (200, "text/plain; charset=UTF-8")
    assert open_packet(body.decode())["upgrades"] == ["websocket"]


@pytest.mark.claim("C4")
def test_long_polling_carries_socketio_packets(server):
    sid = open_packet(server.request("GET", POLLING)[2].decode())["sid"]
    assert server.request("POST", f"{POLLING}&sid={sid}", body=b"40")[::2] == (200, b"OK")
    packets = server.request("GET", f"{POLLING}&sid={sid}")[2].decode().split("\x1e")
    assert sorted(packets)[1] == '42["welcome",{"namespace":"/"}]'
    assert server.request("POST", f"{POLLING}&sid={sid}", body=b'421["add",2,3]')[0] == 200
    assert server.request("GET", f"{POLLING}&sid={sid}")[2] == b"431[5]"


@pytest.mark.claim("C5")
def test_connecting_client_receives_the_welcome_event(app, sio):
    received = sio.test_client(app).get_received()
    assert received == [{"name": "welcome", "args": [{"namespace": "/"}], "namespace": "/"}]


@pytest.mark.claim("C6")
@pytest.mark.flask_config(ADMIN_TOKEN="t0ken")
@pytest.mark.parametrize("auth, connected", [(None, False), ({"token": "nope"}, False),
                                             ({"token": "t0ken"}, True)])
def test_admin_namespace_admits_only_the_configured_token(app, sio, auth, connected):
    assert sio.test_client(app, namespace="/admin", auth=auth).is_connected("/admin") is connected


@pytest.mark.claim("C6")
def test_admin_namespace_refuses_everyone_without_a_configured_token(app, sio):
    admin = sio.test_client(app, namespace="/admin", auth={"token": ""})
    assert admin.is_connected("/admin") is False


@pytest.mark.claim("C7")
@pytest.mark.flask_config(ADMIN_TOKEN="t0ken")
def test_namespaces_are_separate_channels(app, sio):
    admin = sio.test_client(app, namespace="/admin", auth={"token": "t0ken"})
    main = sio.test_client(app)
    main.emit("announce", "to everyone in /")
    assert admin.get_received("/admin") == [
        {"name": "welcome", "args": [{"namespace": "/admin"}], "namespace": "/admin"}]
    assert main.get_received()[-1]["args"] == ["to everyone in /"]
    assert admin.is_connected("/") is False


@pytest.mark.claim("C8")
def test_room_message_reaches_members_only(app, sio):
    ann, bob, eve = (sio.test_client(app) for _ in range(3))
    ann.emit("join", "tea")
    bob.emit("join", "tea")
    for client in (ann, bob, eve):
        client.get_received()
    ann.emit("say", "tea", "kettle's on")
    said = {"name": "said", "args": ["kettle's on"], "namespace": "/"}
    assert [ann.get_received(), bob.get_received(), eve.get_received()] == [[said], [said], []]


@pytest.mark.claim("C9")
def test_handler_return_value_is_the_acknowledgement(app, sio):
    assert sio.test_client(app).emit("add", 2, 3, callback=True) == 5
