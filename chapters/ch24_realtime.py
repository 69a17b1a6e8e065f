"""
Q: Explain how to use Flask-SocketIO to implement real-time communication.

A: Wrap the app in ``SocketIO(app)``, register event handlers with ``@socketio.on(...)``, serve a
page whose JavaScript connects with the Socket.IO client, and start the server with
``socketio.run(app)``. The source's snippet lost its ``@app.route('/')`` and
``@socketio.on('message')`` decorators, and its ``index.html`` template is not part of it; Flask
looks for ``templates/index.html`` beside the module, finds nothing and raises
``TemplateNotFound``. The book restores the decorators and hands Flask the page from a
``DictLoader``.

Who receives a message depends on which ``send`` a handler calls. The source calls
``socketio.send(...)``, the method of the ``SocketIO`` object: it is the server-level send, and
with no ``to=`` it goes to every connected client. So "Message received: ..." reaches everybody,
not only the client that wrote. The function ``flask_socketio.send`` used inside a handler
answers the sender only. ``send`` always delivers a ``"message"`` event; ``emit`` names its
event, and with ``broadcast=True`` or ``to=room`` reaches every client or a room's members.
Handlers see the Flask session as it was when the connection opened: Flask-SocketIO copies
it at connect and keeps that copy for the connection. With cookie sessions, the user an HTTP
route put into the session before the client connected is visible in the handlers (the test
client shows it when built with ``flask_test_client=``); a login after the connection opened
is not, until the client reconnects. A handler that changes the session changes only its
connection's copy: later events of that connection see the change; the cookie does not change,
and a new connection sees the cookie's user.

The source starts the server with ``socketio.run(app, debug=True)``. In the threading mode,
Flask-SocketIO 5.7 runs Werkzeug's development server and refuses to when standard input is not
a terminal (here: ``/dev/null``): it raises ``RuntimeError`` before any reloader or server
starts, unless ``allow_unsafe_werkzeug=True`` is passed; then it starts with a warning. From a
terminal the same call starts the server with the reloader and the debugger. The source also
hard-codes ``SECRET_KEY = 'secret_key'``; the book takes the key from its config, and ``main()``
from the ``SECRET_KEY`` environment variable. Opinion: in production, run a production server
rather than passing ``allow_unsafe_werkzeug``.

Claims:
  C1. The source's ``index.html`` is not beside the module and a plain Flask app raises
      ``TemplateNotFound`` for it; the book's app, with the decorators restored, serves the page
      at ``/`` from a ``DictLoader``.
  C2. Correction: the source's handler calls ``socketio.send``, the server-level send, so the
      reply "Message received: hi" reaches every connected client, not only the sender.
  C3. ``flask_socketio.send`` inside a handler answers the sender only, as a ``"message"`` event.
  C4. ``emit("chat", ...)`` names its event; with ``broadcast=True`` every client gets it, with
      ``to=room`` only the room's members do.
  C5. A Socket.IO test client built with ``flask_test_client=`` sends that client's cookies when
      it connects, so a handler sees the user an HTTP route put into the session before the
      connection opened; without it the user is unknown.
  C6. The source's handler prints "Received message:  hello" (two spaces: ``print`` puts one
      between its arguments); over a real server (``socketio.run`` in a subprocess) and the
      python-socketio client on the websocket transport, one client's message reaches both
      clients as "Message received: hello", and the server's output shows that line.
  C7. Over the same server, the ``echo`` reply goes to its sender only.
  C8. Correction: the source's ``socketio.run(app, debug=True)``, which ``python -m
      chapters.ch24_realtime --debug`` makes, with standard input not a terminal exits with
      ``RuntimeError`` ("The Werkzeug web server is not designed to run in production") and
      starts neither the reloader nor a server; with ``allow_unsafe_werkzeug=True`` (the flag
      ``--allow-unsafe-werkzeug``) it starts and logs a warning.
  C9. The same command with a terminal as standard input starts, with the reloader ("Restarting
      with watchdog", the reloader Werkzeug picks where the watchdog package is installed, as it
      is with the book) and the debugger active.
  C10. The key comes from config, not from the code: ``create_app`` uses the ``SECRET_KEY`` it
      is given, and ``main()`` passes it the ``SECRET_KEY`` of the environment and refuses to
      start when there is none.
  C11. The login page escapes any name it echoes (any text one URL segment carries):
      ``/login/<script>`` answers with ``&lt;script&gt;``, never a live tag.
  C12. The session a handler sees is a copy taken at connect: a login after the connection
      opened does not reach that connection; a handler's change to the session reaches that
      connection's later events, and not a new connection from the same browser.
  C13. The book's page needs nothing but the app: its script speaks Socket.IO's protocol over a
       WebSocket itself, and in Chromium a message sent from one window appears in both, with no
       request beyond the server.
  C14. ``python -m chapters.ch24_realtime`` listens on ``--port``, else on the environment's
       ``PORT``, else on 5000.

Try it:
  $ export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ python -m chapters.ch24_realtime --allow-unsafe-werkzeug   → Running on http://127.0.0.1:5000
  $ curl http://127.0.0.1:5000/   → <title>Messages</title>
  # then open http://127.0.0.1:5000/ in two browser windows and send a message from one: C13
"""

import argparse
import os
import sys

from flask import Flask, render_template, session
from flask_socketio import SocketIO, emit, join_room, send
from jinja2 import DictLoader
from markupsafe import escape

TOPICS = ("socketio", "serving")

INDEX = """<!doctype html>
<title>Messages</title>
<ul id="log"></ul>
<form id="form"><input id="text" autocomplete="off"><button>Send</button></form>
<script>
  // Socket.IO's protocol over a plain WebSocket (chapter 23's packets), so the page loads no
  // client from a CDN: "0..." opens, "40" joins the default namespace, "2" pings, "42[...]" is an event.
  const socket = new WebSocket(`ws://${location.host}/socket.io/?EIO=4&transport=websocket`);
  socket.onmessage = ({ data }) => {
    if (data === "2") socket.send("3");
    else if (data.startsWith("0")) socket.send("40");
    else if (data.startsWith("40")) document.body.dataset.connected = "yes";
    else if (data.startsWith("42")) log.appendChild(document.createElement("li")).textContent = JSON.parse(data.slice(2))[1];
  };
  form.onsubmit = (event) => {
    event.preventDefault();
    socket.send("42" + JSON.stringify(["message", text.value]));
    text.value = "";
  };
</script>
"""


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})  # SECRET_KEY comes from here, never from the code
    app.jinja_loader = DictLoader({"index.html": INDEX})  # the source's template was not given
    socketio = SocketIO(app, async_mode="threading")  # pragma: no mutate: the default too, without eventlet or gevent

    @app.route("/")
    def index():
        return render_template("index.html")

    @socketio.on("message")
    def handle_message(message):  # the source's handler, restored
        print("Received message: ", message)
        socketio.send("Message received: " + message)  # the server-level send: every client

    @socketio.on("echo")
    def echo(message):
        send(f"Message received: {message}")  # flask_socketio.send: the sender only

    @app.route("/login/<name>")
    def login(name):
        session["user"] = name
        return f"logged in as {escape(name)}"

    @socketio.on("join")
    def join(room):
        join_room(room)

    @socketio.on("rename")
    def rename(name):  # changes this connection's copy of the session, not the cookie
        session["user"] = name

    @socketio.on("chat")
    def chat(text, room=None):  # no room: every client; a room: its members
        message = {"user": session.get("user", "anonymous"), "text": text}
        emit("chat", message, to=room, broadcast=room is None)

    return app


def main(argv=None):
    """The source's ``if __name__ == '__main__': socketio.run(app, debug=True)``, with flags."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 5000)))
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--allow-unsafe-werkzeug", action="store_true")
    args = parser.parse_args(argv)
    if not os.environ.get("SECRET_KEY"):
        sys.exit("set SECRET_KEY in the environment")
    app = create_app({"SECRET_KEY": os.environ["SECRET_KEY"]})
    app.extensions["socketio"].run(
        app, port=args.port, debug=args.debug, allow_unsafe_werkzeug=args.allow_unsafe_werkzeug
    )


if __name__ == "__main__":
    main()
