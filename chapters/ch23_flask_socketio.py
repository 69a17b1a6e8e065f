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
greeted by the open packet, and without the ``EIO=4&transport=websocket`` query the handshake
is refused. Text it sends without the framing is not echoed; it crashes the server's handler.
python-engineio takes the first character as the packet type, ``int("h")`` raises
``ValueError``, and Werkzeug's development server (the one this chapter's tests run) logs
"Error on request" and writes its ``HTTP/1.1 500 INTERNAL SERVER ERROR`` page into the
connection that is already a WebSocket, then closes it. The client reads that page as a broken
frame. So a client needs a Socket.IO library; chapter 24 drives a server with python-socketio's.

Inside the app, ``@socketio.on("event")`` handlers receive events. A ``connect`` handler sees
the client's ``auth`` data and refuses the connection by returning ``False``; what it emits
goes to the connecting client only. Namespaces (``"/admin"``) are separate channels, each
connected on its own.
Rooms group connections inside a namespace: ``join_room`` adds the sender, and ``emit(...,
to=room)`` reaches the members only. A handler's return value is the acknowledgement the client
asked for. ``socketio.test_client(app)`` drives all of this in-process, without a network.

The async mode follows what is installed: with neither eventlet nor gevent, the default is
``threading``, which this chapter's ``SocketIO(app)`` gets (Flask-SocketIO's docs call it the
easiest and most compatible). Opinion: start with threading, and switch to gevent only when it
is not enough.

Claims:
  C1. With neither eventlet nor gevent installed (as here), ``SocketIO(app)`` chooses the
      ``threading`` async mode.
  C2. Correction: the source calls Flask-SocketIO WebSocket support; a plain WebSocket client
      connecting to ``/socket.io/?EIO=4&transport=websocket`` is first sent an Engine.IO open
      packet ``0{"sid": ...}``, and without that query the handshake is refused with 400.
  C3. Plain text sent over that WebSocket without the framing gets no echo: python-engineio's
      handler raises ``ValueError`` ("invalid literal for int() with base 10: 'h'" for
      ``hello``), Werkzeug's development server logs "Error on request" and writes
      ``HTTP/1.1 500 INTERNAL SERVER ERROR`` into the open WebSocket and closes it, and
      websocket-client fails at once with a protocol error ("rsv is not implemented, yet").
  C4. Speaking the framing by hand over the same WebSocket works: ``40`` connects (answered by
      ``40{"sid": ...}``), ``42["message","hi"]`` is echoed as ``42["message","echo: hi"]``,
      and ``421["add",2,3]`` is acknowledged with ``431[5]``.
  C5. HTTP long-polling works without WebSocket: ``GET /socket.io/?EIO=4&transport=polling``
      answers 200 with the open packet, whose ``upgrades`` offers ``websocket``.
  C6. On connecting, a client receives the ``welcome`` event its connect handler emitted, and
      the clients already connected receive nothing.
  C7. A connect handler that returns ``False`` refuses the connection: ``/admin`` accepts the
      configured token and refuses every other ``auth``, and everyone when no token is set.
  C8. Namespaces are separate: an event broadcast in ``/`` reaches every client connected to
      ``/`` and not a client connected only to ``/admin``, which gets ``/admin``'s welcome.
  C9. ``emit(..., to=room)`` reaches the room's members only: of three clients, the two that
      joined the room get the message and the third gets nothing.
  C10. A handler's return value is the acknowledgement: ``emit("add", 2, 3, callback=True)``
      returns 5.

Try it:
  $ flask --app chapters.ch23_flask_socketio run
  $ curl 'http://127.0.0.1:5000/socket.io/?EIO=4&transport=polling'   → "upgrades":["websocket"]  # C5
"""

import hmac

from flask import Flask
from flask_socketio import SocketIO, emit, join_room, send

TOPICS = ("socketio",)


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    socketio = SocketIO(app)  # threading: neither eventlet nor gevent is installed

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
        token = app.config.get("ADMIN_TOKEN")  # no token set: nobody gets in
        given = auth.get("token") if isinstance(auth, dict) else None
        if not (token and isinstance(given, str)
                and hmac.compare_digest(given.encode(), token.encode())):
            return False  # refuses the connection
        emit("welcome", {"namespace": "/admin"})

    return app
