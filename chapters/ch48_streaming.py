"""
Q: How do you stream a large response? What is ``stream_with_context``?

A: Return a generator. Since Flask 2.2 a view may return the generator itself (or
``Response(generator)``); Flask makes it a streamed response with no ``Content-Length``, and the
server sends each string the generator yields as soon as it is yielded. Over HTTP/1.1
Werkzeug's server (3.1) frames the body with ``Transfer-Encoding: chunked``, one chunk per
``yield``, ended by a zero-length chunk. The client has the first rows while the rest are still
being made, and the server holds a row at a time, never the whole body.

The generator runs after the view has returned, and by then Flask has popped the request and
application contexts. A generator that reads ``request`` raises ``RuntimeError: Working outside
of request context.`` (``current_app`` and ``g``: "of application context"). Read what you need
in the view and hand the generator plain values; or wrap it in ``stream_with_context``, which
pushes the view's contexts again (the same ``request``, the same ``g``) when the generator starts
and pops them when it ends. ``stream_with_context`` does not make anything stream. A page on
Tencent Cloud says (in Chinese) that Flask's streaming responses are implemented through
``stream_with_context`` or ``stream_template``:
https://cloud.tencent.com.cn/developer/information/%E4%B8%AD%E9%97%B4%E4%BB%B6%E5%9C%A8%E6%B5%81%E5%93%8D%E5%BA%94flask%E5%BA%94%E7%94%A8%E7%A8%8B%E5%BA%8F%E4%B8%AD%E6%8D%95%E8%8E%B7%E5%BC%82%E5%B8%B8
A plain generator streams the same way.

Nor does it keep the context "alive during the entire lifetime of the generator", as
https://www.youtip.online/post/flask-stream-helpers-api.html puts it. On Flask 3.1 the
``teardown_request`` and ``teardown_appcontext`` functions run when the view returns, before the
generator's first line, and ``stream_with_context`` runs them a second time when the stream
ends. Whatever a teardown function closes is closed before the stream reads it: a database
cursor the view opened on the Flask tutorial's ``g.db`` fails with ``sqlite3.ProgrammingError:
Cannot operate on a closed database.`` (Flask-SQLAlchemy's ``DetachedInstanceError`` in
Haohao-end/openagent#136 is the same trap: not proven here). Open the connection inside the
generator; the second teardown closes it.

Headers leave with the first chunk. ``after_request`` functions run before it: they can add
headers, but reading the body there (``response.get_data()``, ``add_etag()``) runs the whole
generator first and turns the stream into one buffered body with a ``Content-Length``, so a hook
that needs the body must skip ``response.is_streamed``. A session change belongs in the view: made
in the generator it is lost, the ``Set-Cookie`` header having left already (as davidism noted in
pallets/flask#2354). And the status has left too: a generator that raises after its first chunk
cannot become a 500. The client has ``200 OK`` and part of a body; Werkzeug's server closes the
connection without the final empty chunk, and no error handler or ``got_request_exception``
receiver hears of it; only the server's log does.

When the client goes away, the server finds out on its next write and closes the generator:
``GeneratorExit`` is raised at the ``yield`` where it waits, so ``finally`` and
``except GeneratorExit`` run and the code after the loop does not. pallets/flask#5218 reported
that a stream stopped early "will never finish, without any exception": its clean-up sat after
the loop. The generator never sees the ``BrokenPipeError`` (the server does), and
``stream_with_context`` has nothing to do with noticing a disconnect, whatever
https://deepinout.com/flask/flask-questions/209_flask_flask_how_to_detect_disconnection_in_infinite_response_generator.html
says. A server that never closes the iterator leaves an abandoned ``stream_with_context``
generator's contexts pushed (pallets/flask#6123; not proven here: Werkzeug's server closes it).

Flask's test client streams as well: ``client.get`` (``buffered=False`` is its default) returns
after the first chunk and the rest runs as the test reads it; ``buffered=True`` reads it all
first. A ``stream_with_context`` response keeps its request context pushed in the test's thread
until its body is read or it is closed: ``with client.get(...) as response:``. Not proven here:
proxies that buffer (nginx's ``X-Accel-Buffering``), Gunicorn's framing, ``stream_template``.

Claims:
  C1. A view that returns a generator streams it: Flask 3.1 wraps it in a response with
      ``is_streamed`` true and no ``Content-Length``, and each string the generator yields
      is one piece of the body, in order.
  C2. Over a real server (Werkzeug 3.1, HTTP/1.1) the body is sent with
      ``Transfer-Encoding: chunked`` and no ``Content-Length``: one chunk per ``yield``
      (``4\\r\\n1,1\\n\\r\\n``), then the zero-length chunk.
  C3. The first rows reach the client before the generator has finished: with a row source
      that stops after its first row until the client has read it, a client of a real server
      reads the header line and the first row, then lets the source go, and the rest follows.
  C4. The test client streams: ``client.get`` (``buffered=False``) returns after the first
      chunk, before the source has made a row, and the rest is made as the test reads;
      ``buffered=True`` returns after the generator has finished.
  C5. A generator that reads ``request`` after the view has returned raises
      ``RuntimeError: Working outside of request context.`` (``/naive.csv``); ``current_app``
      and ``g`` raise "Working outside of application context." there.
  C6. A generator's error cannot become a 500: over a real server ``/naive.csv`` answers
      ``200 OK`` and the header line, then the connection closes without the final chunk;
      neither an error handler nor ``got_request_exception`` runs; the server logs the error.
  C7. Correction: Tencent Cloud's page says streaming is done by ``stream_with_context``; a
      plain generator streams (C1 to C3). ``stream_with_context`` gives a generator the view's
      contexts again, the same ``request`` and ``g`` objects: ``/context.csv`` reads
      ``request.args`` in its generator and sends the rows asked for.
  C8. Correction: youtip.online says ``stream_with_context`` keeps the context alive for the
      generator's lifetime; teardown functions run when the view returns, before the
      generator's first line, and again when the stream ends. ``/report/cursor`` streams from a
      cursor the view opened and fails with "Cannot operate on a closed database.";
      ``/report`` opens the connection in the generator and the stream's end closes it.
      (``get_db`` gives one in-memory connection per application context.)
  C9. ``after_request`` functions run before the first chunk; reading the body there buffers
      the stream: ``tag`` adds an ETag to ``/`` and skips streamed responses, which stay
      chunked; ``add_etag`` on a streamed response runs its generator to the end and sets
      ``Content-Length``.
  C10. A session change must be made in the view: ``/context.csv`` counts exports in the
       session and the cookie carries the count; the same change made in the generator sends
       no ``Set-Cookie`` and is lost.
  C11. Correction: pallets/flask#5218 says a stream stopped by the client "will never finish,
       without any exception"; on Werkzeug 3.1 the server closes the generator at its next
       write: ``GeneratorExit`` at the ``yield``, so ``except GeneratorExit`` runs and the line
       after the loop does not. The generator sees no ``ConnectionError``, and ``/export.csv``
       has no ``stream_with_context`` (deepinout.com says that is what detects it).
  C12. A ``stream_with_context`` response keeps its request context pushed in the test's thread
       after ``client.get`` returns, until the body is read or the response closed.
  C13. A stream has no size limit of its own, so each export caps what a request asks for:
       ``?limit=`` gives 10 rows when missing or not a number, none below 1 (a negative
       ``LIMIT`` means no limit to SQLite), and at most ``MAX_ROWS`` (100,000 by default).

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch48_streaming run
  $ curl -si 'http://127.0.0.1:5000/export.csv?limit=3'   → Transfer-Encoding: chunked
  → 3,9
  $ curl -s --raw 'http://127.0.0.1:5000/export.csv?limit=2'   → 9 n,square
  → 4 1,1
  → 0
  $ curl -sSi 'http://127.0.0.1:5000/naive.csv?limit=3'   → 200 OK  # on purpose: C5, C6
  → transfer closed with outstanding read data remaining
  $ curl -s 'http://127.0.0.1:5000/context.csv?limit=3'   → 3,9
  $ curl -s 'http://127.0.0.1:5000/report/cursor'   → n,square  # on purpose: C8, then nothing
  $ curl -s 'http://127.0.0.1:5000/report?limit=3'   → 3,9
  $ curl -si http://127.0.0.1:5000/   → ETag:
  # the server's terminal shows the RuntimeError of /naive.csv and the ProgrammingError of /report/cursor
"""

import sqlite3

from flask import Flask, current_app, g, request, session, stream_with_context

TOPICS = ("streaming",)
DELIBERATE_ERRORS = {
    "naive_export": "its generator reads request after the view has returned, on purpose (C5)",
    "report_cursor": "its cursor is closed by teardown before the stream reads it, on purpose (C8)",
}
CSV = {"Content-Type": "text/csv; charset=utf-8"}
SQUARES = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x, x * x FROM n LIMIT ?"


def squares(limit):
    """An export's rows, made one at a time: a row is gone once it has been sent."""
    return ((n, n * n) for n in range(1, limit + 1))


def read_limit():
    return max(0, min(request.args.get("limit", 10, type=int), current_app.config["MAX_ROWS"]))


def csv_lines(rows):
    yield "n,square\n"
    for n, square in rows:
        yield f"{n},{square}\n"


def requested_squares():  # reads the request when asked for its first row: after the view returned
    yield from squares(read_limit())


def get_db():  # the Flask tutorial's pattern: one connection per application context, on g
    if "db" not in g:
        g.db = sqlite3.connect(":memory:")  # the query needs no table, so no file
    return g.db


def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(ROWS=squares, MAX_ROWS=100_000)
    app.config.from_prefixed_env()
    app.config.update(config or {})
    app.teardown_appcontext(close_db)

    @app.after_request
    def tag(response):  # an ETag needs the whole body: reading a streamed one would buffer it
        if not response.is_streamed:
            response.add_etag()
        return response

    @app.get("/")
    def index():
        return "/export.csv /naive.csv /context.csv /report/cursor /report\n"

    @app.get("/export.csv")
    def export():
        limit = read_limit()  # read in the view: the generator gets an int and needs no context

        def generate():
            sent = 0
            try:
                yield "n,square\n"
                for n, square in app.config["ROWS"](limit):
                    yield f"{n},{square}\n"
                    sent += 1
            except GeneratorExit:  # the client left: the server closed us at a yield
                app.logger.warning("export stopped: the client left after %d rows", sent)
                raise
            app.logger.info("export done: %d rows", sent)

        return generate(), CSV

    @app.get("/naive.csv")
    def naive_export():
        return csv_lines(requested_squares()), CSV

    @app.get("/context.csv")
    def context_export():
        session["exports"] = session.get("exports", 0) + 1  # in the view: the cookie leaves with the headers
        return stream_with_context(csv_lines(requested_squares())), CSV

    @app.get("/report/cursor")
    def report_cursor():  # the cursor's connection is closed by teardown before the stream reads it
        rows = get_db().execute(SQUARES, (read_limit(),))
        return stream_with_context(csv_lines(rows)), CSV

    @app.get("/report")
    def report():
        limit = read_limit()

        @stream_with_context
        def generate():  # the connection opens in the stream; the stream's end closes it
            yield from csv_lines(get_db().execute(SQUARES, (limit,)))

        return generate(), CSV

    return app
