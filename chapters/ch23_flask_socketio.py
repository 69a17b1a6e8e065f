"""
Q: Explain the use of Flask-SocketIO.

A: Flask-SocketIO (5.7, on python-socketio 5.18 and python-engineio 4.15) puts a Socket.IO
server in front of a Flask app: events travel both ways over one long-lived connection, so the
server can push to a client without being asked. It is not plain WebSocket support. It speaks
the Socket.IO protocol on top of Engine.IO, at the ``/socket.io/`` path. Engine.IO opens a
session with an open packet (``0`` followed by JSON holding a ``sid``) and carries it over one
of two transports: HTTP long-polling, which needs nothing but ordinary requests, and WebSocket.
Socket.IO frames sit inside: ``40`` connects a namespace, ``42["event", ...]`` is an event, and
``43`` with an id answers an acknowledgement. A plain WebSocket client that connects there is
greeted by the open packet, and text it sends without the framing gets no echo: the server
drops the connection. Without the ``EIO=4&transport=websocket`` query the handshake is refused.
So a client needs a Socket.IO library; chapter 24 drives a server with python-socketio's.

Inside the app, ``@socketio.on("event")`` handlers receive events. A ``connect`` handler sees
the client's ``auth`` data and refuses the connection by returning ``False``. Namespaces
(``"/admin"``) are separate channels, each connected on its own.
Rooms group connections inside a namespace: ``join_room`` adds the sender, and ``emit(...,
to=room)`` reaches the members only. A handler's return value is the acknowledgement the client
asked for. ``socketio.test_client(app)`` drives all of this in-process, without a network.

The async mode follows what is installed: with neither eventlet nor gevent, the default is
``threading``, which this book uses (Flask-SocketIO's docs call it the easiest and most
compatible). Opinion: start with threading, and switch to gevent only when it is not enough.

Claims:
  C1. With neither eventlet nor gevent installed (as here), ``SocketIO(app)`` chooses the
      ``threading`` async mode.
  C2. Correction: the source calls Flask-SocketIO WebSocket support; a plain WebSocket client
      connecting to ``/socket.io/`` first receives an Engine.IO open packet ``0{"sid": ...}``,
      plain text it sends gets no echo (the connection ends with an error instead), and without
      the ``?EIO=4&transport=websocket`` query the handshake is refused with 400.
  C3. Speaking the framing by hand over the same WebSocket works: ``40`` connects (answered by
      ``40{"sid": ...}``), ``42["message","hi"]`` is echoed as ``42["message","echo: hi"]``,
      and ``421["add",2,3]`` is acknowledged with ``431[5]``.
  C4. HTTP long-polling works without WebSocket: ``GET /socket.io/?EIO=4&transport=polling``
      answers 200 with the open packet, whose ``upgrades`` offers ``websocket``.
  C5. On connecting, a client receives the ``welcome`` event its connect handler emitted.
  C6. A connect handler that returns ``False`` refuses the connection: ``/admin`` refuses a
      client without the configured token and accepts one with it.
  C7. Namespaces are separate: a client connected only to ``/admin`` gets ``/admin``'s welcome,
      and an event broadcast in ``/`` does not reach it.
  C8. ``emit(..., to=room)`` reaches the room's members only: of three clients, the two that
      joined the room get the message and the third gets nothing.
  C9. A handler's return value is the acknowledgement: ``emit("add", 2, 3, callback=True)``
      returns 5.

Try it:
  flask --app chapters.ch23_flask_socketio run
  curl 'http://127.0.0.1:5000/socket.io/?EIO=4&transport=polling'
"""

import hmac

from flask import Flask
from flask_socketio import SocketIO, emit, join_room, send

TOPICS = ("socketio",)


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    socketio = SocketIO(app, async_mode="threading")

    @socketio.on("connect")
    def welcome(auth):
        emit("welcome", {"namespace": "/"})

    @socketio.on("message")
    def echo(text):
        send(f"echo: {text}")  # to this client only, as a "message" event

    @socketio.on("add")
    def add(a, b):
        return a + b  # the acknowledgement

    @socketio.on("announce")
    def announce(text):
        emit("announcement", text, broadcast=True)  # every client in this namespace

    @socketio.on("join")
    def join(room):
        join_room(room)

    @socketio.on("say")
    def say(room, text):
        emit("said", text, to=room)

    @socketio.on("connect", namespace="/admin")
    def admin_connect(auth):
        token = app.config.get("ADMIN_TOKEN", "")
        given = str(auth.get("token", "")) if isinstance(auth, dict) else ""
        if not (token and hmac.compare_digest(given.encode(), token.encode())):
            return False  # refuses the connection
        emit("welcome", {"namespace": "/admin"})

    return app
