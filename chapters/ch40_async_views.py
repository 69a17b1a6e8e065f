"""
Q: Does Flask support async views? Do you need an ASGI server?

A: Yes (since Flask 2.0, by its changelog; not proven here), once the ``async`` extra is
installed (``pip install "flask[async]"`` adds asgiref; chapter 2 shows the error without it).
An ``async def`` view is written and registered like any other, and so are async
``before_request`` hooks and error handlers. It runs under a WSGI server: the test client,
``flask run`` and Gunicorn's default sync worker all serve it. No ASGI server is needed, and
none is used: Flask is a WSGI application.

How it runs: for each async function it calls, Flask hands the coroutine to asgiref's
``async_to_sync``, which starts a new event loop in a thread of its own, runs the coroutine to
its end, closes the loop, and gives the result back to the server's worker, which waited all
along. Flask's own page on it (flask.palletsprojects.com, "Using async and await") says each
request still ties up one worker, so the number of requests served at once does not change.
What async buys is concurrency inside one request: two queries awaited together with
``asyncio.gather`` are both sent before either answer is read, where ``await a()`` then
``await b()`` sends the second only once the first is answered. Concurrency between requests
comes from the server's threads and processes, not from async: on Gunicorn's sync worker an
async view that waits holds the worker, and the next request waits behind it; on ``flask
run``'s threaded server two requests overlap, async or not.

A loop per call has consequences that surprise people:

- a task started with ``asyncio.create_task`` and not awaited is cancelled when the view
  returns (the docs say so; background work belongs in a task queue or a thread, chapter 38);
- an asyncio object tied to a loop, created once and shared by requests (an ``asyncio.Event``
  here; an aiohttp session or an async database engine behave alike, not proven here), works
  in the first request that waits on it and raises ``RuntimeError`` in the next;
- even one request's hooks do not share a loop: the ``before_request`` hook's loop is closed
  before the view's starts.

Can Flask run on an ASGI server? Not as it is: it is a WSGI callable,
``app(environ, start_response)``, and called the ASGI way it raises ``TypeError``. Wrapped in
asgiref's ``WsgiToAsgi``, as the docs suggest, it becomes an ASGI app; its views then run on the
server's own loop, and a task a view starts outlives the request (proven here by driving the
wrapper as a server would; no ASGI server is installed). For an app that is async throughout,
the docs point to Quart, Flask's API rebuilt on ASGI (not proven here: Quart is not installed).

Published pages get this wrong. An article at adhdecode-articles-1.pages.dev
(/articles/flask/flask-async-views-python3/) says Flask's async support "is mediated by an ASGI
server" and that ``app.run()`` uses "werkzeug's built-in ASGI support" or uvicorn: Werkzeug's
server is WSGI (the environ it builds says ``wsgi.version`` 1.0), this book has no ASGI server
installed, and the async view is served. The async page at
mintlify.com/pallets/flask/advanced/async-await reads the body with ``await
request.get_json()``, which is Quart's API: in Flask the request is read synchronously, and
awaiting the dict ``get_json()`` returns raises ``TypeError``.

Claims:
  C1. With the ``async`` extra installed, the test client gets 200 from the ``async def`` view
      ``/hello``, which answers from inside a running event loop; Flask keeps it as the
      coroutine function it is.
  C2. Correction (of the adhdecode-articles-1.pages.dev article): no ASGI server is involved:
      ``flask run`` (Werkzeug) and Gunicorn's default sync worker both serve ``/hello``, from a
      WSGI environ (``wsgi.version`` 1.0), with no ASGI server installed.
  C3. An async view runs on an event loop in a thread of its own, not in the thread in which
      the server called Flask (where a sync ``before_request`` hook runs): asgiref's
      ``async_to_sync``.
  C4. Async ``before_request`` hooks and error handlers work too: the hook runs on a loop of
      its own, not the view's, and closed when the view runs; an async 404 handler answers in
      JSON.
  C5. Inside one view, ``asyncio.gather`` overlaps two queries: both are sent before either is
      answered; awaited one after the other, the second is sent after the first is answered.
  C6. An async view that waits holds its worker: on Gunicorn's sync worker (``-w 1``) two
      requests to ``/meet`` sent together never meet, each waiting out its bound (1 s by
      default) alone; on ``flask run``'s threaded server they meet.
  C7. A task started with ``asyncio.create_task`` and not awaited is cancelled when the view
      returns: it has started and is not done when the view answers, then gets
      ``CancelledError`` while it waits.
  C8. An ``asyncio.Event`` created once with the app works in the first request that waits on
      it and raises ``RuntimeError`` ("is bound to a different event loop") in the next; one
      created in the view works every time.
  C9. Correction (of mintlify.com's pallets/flask async page): ``await request.get_json()``
      raises ``TypeError`` in a Flask view; ``request.get_json()`` without ``await`` returns
      the body.
  C10. Flask is not an ASGI app: called as one, ``app(scope, receive, send)`` raises
      ``TypeError``. Wrapped in asgiref's ``WsgiToAsgi`` and driven as an ASGI server would, it
      answers ``/hello`` with 200, runs the view on the caller's loop, and a task the view
      starts is still running after the response.

Try it:
  $ flask --app chapters.ch40_async_views run
  $ curl http://127.0.0.1:5000/hello   → "server":"Werkzeug/
  → "wsgi":[1,0]
  $ curl http://127.0.0.1:5000/queries/gather   → ["a: sent","b: sent","a: answered","b: answered"]
  $ curl http://127.0.0.1:5000/queries/one-after-the-other   → ["a: sent","a: answered","b: sent","b: answered"]
  $ curl http://127.0.0.1:5000/background       → {"done":false,"task":"started"}
  $ curl http://127.0.0.1:5000/background/log   → ["started","cancelled"]
  $ curl -s http://127.0.0.1:5000/meet & curl -s http://127.0.0.1:5000/meet; wait   → {"met":true}
  $ gunicorn -w 1 -b 127.0.0.1:8000 'chapters.ch40_async_views:create_app()'   → Using worker: sync
  $ curl http://127.0.0.1:8000/hello   → "server":"gunicorn/
  $ curl -s http://127.0.0.1:8000/meet & curl -s http://127.0.0.1:8000/meet; wait   → {"met":false}
  # each of the two waited its second alone, one after the other: async did not free the worker
"""

import asyncio
import threading

from flask import Flask, g, request

TOPICS = ("async",)
DELIBERATE_ERRORS = {
    "shared_event": "an asyncio.Event shared by requests fails in the second one, by design (C8)",
    "echo_awaited": "mintlify.com's await request.get_json() raises TypeError, by design (C9)",
}

# The commands under Try it; the tests run them on a free port.
FLASK_RUN = ["flask", "--app", "chapters.ch40_async_views", "run"]
GUNICORN = ["gunicorn", "-w", "1", "-b", "127.0.0.1:8000", "chapters.ch40_async_views:create_app()"]


async def query(name, log):
    """Stands for a database query or an HTTP call: send, then wait for the reply."""
    log.append(f"{name}: sent")
    loop = asyncio.get_running_loop()
    reply = loop.create_future()
    loop.call_soon(reply.set_result, name)  # the reply comes in on a later turn of the loop
    log.append(f"{await reply}: answered")


async def wait_and_set(event):
    """Wait on ``event`` while another task sets it: waiting ties the event to this loop."""
    async def set_it():
        event.set()

    await asyncio.gather(event.wait(), set_it())
    event.clear()


def as_asgi(app):
    """Flask for an ASGI server: a WSGI app needs asgiref's adapter (Flask's docs)."""
    from asgiref.wsgi import WsgiToAsgi

    return WsgiToAsgi(app)


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_MEET_WAIT=0.3 sets MEET_WAIT (the tests' servers)
    app.config.update(config or {})
    app.config.setdefault("MEET_WAIT", 1)
    pair = threading.Barrier(2)  # two requests at /meet at the same time pass it together
    shared = asyncio.Event()  # made once, with the app: tied to the first loop that waits on it
    background = []  # what the background task got to do (C7)

    @app.before_request
    def note_the_server_thread():
        g.server_thread = threading.get_ident()

    @app.before_request
    async def note_the_hook_loop():  # an async hook runs as an async view does (C4)
        g.hook_loop = asyncio.get_running_loop()

    @app.errorhandler(404)
    async def not_found(error):
        return {"error": error.name}, 404

    async def hello():
        return {"hello": "from a coroutine", "server": request.environ.get("SERVER_SOFTWARE"),
                "wsgi": request.environ["wsgi.version"], "loop": id(asyncio.get_running_loop()),
                "server_thread": g.server_thread, "view_thread": threading.get_ident()}

    app.add_url_rule("/hello", view_func=hello)

    @app.route("/hooks")
    async def hooks():
        return {"hook_loop_is_the_view_loop": g.hook_loop is asyncio.get_running_loop(),
                "hook_loop_closed": g.hook_loop.is_closed()}

    @app.route("/queries/<any(gather, 'one-after-the-other'):how>")
    async def queries(how):
        log = []
        if how == "gather":
            await asyncio.gather(query("a", log), query("b", log))
        else:
            await query("a", log)
            await query("b", log)
        return log

    def meet():  # in a thread: does another request come while this one is here?
        try:
            pair.wait(app.config["MEET_WAIT"])
        except threading.BrokenBarrierError:  # the bound ran out alone
            pair.reset()
            return False
        return True

    @app.route("/meet")
    async def meet_view():
        return {"met": await asyncio.to_thread(meet)}

    @app.route("/background")
    async def start_background():
        started, reply = asyncio.Event(), asyncio.Event()

        async def send_report():  # stands for slow work: its reply has not come when the view returns
            background.append("started")
            started.set()
            try:
                await reply.wait()
            except asyncio.CancelledError:
                background.append("cancelled")
                raise

        task = asyncio.create_task(send_report())
        await started.wait()
        return {"task": "started", "done": task.done()}

    @app.route("/background/log")
    def background_log():
        return background

    @app.route("/event/shared")
    async def shared_event():
        await wait_and_set(shared)
        return {"waited": "shared"}

    @app.route("/event/fresh")
    async def fresh_event():
        await wait_and_set(asyncio.Event())
        return {"waited": "fresh"}

    @app.post("/echo")
    async def echo():  # Flask reads the request synchronously, in a coroutine too
        return {"got": request.get_json()}

    @app.post("/echo-awaited")
    async def echo_awaited():  # specimen (mintlify.com's pallets/flask async page): Quart's API
        return {"got": await request.get_json()}  # pragma: no mutate: the await raises before the dict exists

    return app
