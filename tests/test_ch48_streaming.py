import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("        return generate(), CSV\n\n    @app.get(\"/naive.csv\")",  # the body built first
           "        return \"\".join(generate()), CSV\n\n    @app.get(\"/naive.csv\")"),
    "C2": ("        return generate(), CSV\n\n    @app.get(\"/naive.csv\")",  # rows gathered in a list
           "        return app.response_class(list(generate()), headers=CSV)\n\n    @app.get(\"/naive.csv\")"),
    "C3": ("        return generate(), CSV\n\n    @app.get(\"/naive.csv\")",  # the body built first
           "        return \"\".join(generate()), CSV\n\n    @app.get(\"/naive.csv\")"),
    "C4": ("for n, square in app.config[\"ROWS\"](limit):",  # all rows fetched before the first yield
           "for n, square in list(app.config[\"ROWS\"](limit)):"),
    "C5": ("        return csv_lines(requested_squares()), CSV\n",  # the fix: the request pushed again
           "        return stream_with_context(csv_lines(requested_squares())), CSV\n"),
    "C6": ("        return csv_lines(requested_squares()), CSV\n",  # buffered: the error comes in the view, a 500
           "        return \"\".join(csv_lines(requested_squares())), CSV\n"),
    "C7": ("return stream_with_context(csv_lines(requested_squares())), CSV",  # the wrapper forgotten
           "return csv_lines(requested_squares()), CSV"),
    "C8": [("            yield from csv_lines(get_db().execute(SQUARES, (limit,)))\n",  # the cursor made in
            "            yield from csv_lines(rows)\n"),  # the view, as /report/cursor does
           ("        limit = read_limit()\n\n        @stream_with_context",
            "        rows = get_db().execute(SQUARES, (read_limit(),))\n\n        @stream_with_context")],
    "C9": ("        if not response.is_streamed:\n            response.add_etag()",  # no guard: buffers
           "        if True:\n            response.add_etag()"),
    "C10": ("        session[\"exports\"] = session.get(\"exports\", 0) + 1  # in the view: the cookie leaves with the headers\n"
            "        return stream_with_context(csv_lines(requested_squares())), CSV",  # counted in the generator: too late
            "        def counted():\n            yield from csv_lines(requested_squares())\n"
            "            session[\"exports\"] = session.get(\"exports\", 0) + 1\n"
            "        return stream_with_context(counted()), CSV"),
    "C11": [("except GeneratorExit:", "except ConnectionError:"),  # waiting for the broken pipe
            ("                app.logger.warning(\"export stopped: the client left after %d rows\", sent)\n"
             "                raise\n",  # a clean-up after the loop, as in flask#5218
             "                raise\n")],
    "C12": ("return stream_with_context(csv_lines(requested_squares())), CSV",  # the body built in the view
            "return \"\".join(csv_lines(requested_squares())), CSV"),
    "C13": [('min(request.args.get("limit", 10, type=int), current_app.config["MAX_ROWS"])',
             '(request.args.get("limit", 10, type=int))'),  # no cap: one request asks for an endless body
            ("max(0, min(", "(min(")],  # a negative LIMIT means no limit to SQLite
}

NOT_CONTEXT = "^Working outside of request context\\."
ROWS_1_2 = b"9\r\nn,square\n\r\n4\r\n1,1\n\r\n4\r\n2,4\n\r\n0\r\n\r\n"


def recording(made):
    """A row source that notes each row as it makes it."""
    def rows(limit):
        for n in range(1, limit + 1):
            made.append(n)
            yield n, n * n
    return rows


def held_after_the_first_row(gate, made):
    """A row source that makes row 1, then waits until the test sets ``gate`` to make row 2."""
    def rows(limit):
        made.append(1)
        yield 1, 1
        if gate.wait(10):
            made.append(2)
            yield 2, 4
    return rows


def open_stream(port, path):
    import socket

    connection = socket.create_connection((live.HOST, port), timeout=5)
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return connection


def read_until(connection, marker):
    received = b""
    while marker not in received and (chunk := connection.recv(65536)):
        received += chunk
    return received


def read_to_end(connection):
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


@pytest.fixture
def gate():
    """An event the test sets when it is ready; set at the end anyway, so no server thread waits."""
    import threading

    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def export_log(app):
    """The messages the app logs, in a queue a test can wait on."""
    import logging
    import queue

    messages = queue.Queue()
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: messages.put(record.getMessage())
    level = app.logger.level
    app.logger.addHandler(handler)
    app.logger.setLevel(logging.INFO)
    yield messages
    app.logger.removeHandler(handler)
    app.logger.setLevel(level)


@pytest.fixture
def connections(monkeypatch):
    """Every SQLite connection opened during the test; ``.events`` notes each opening."""
    import sqlite3

    class Opened(list):
        events = []

    opened, connect = Opened(), sqlite3.connect

    def recording_connect(*args):
        opened.events.append(("connect", *args))
        opened.append(connect(*args))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    return opened


@pytest.mark.claim("C1")
def test_a_returned_generator_is_sent_one_yield_at_a_time(client):
    with client.get("/export.csv?limit=3") as response:
        assert (response.status_code, "Content-Length" in response.headers) == (200, False)
        assert list(response.response) == [b"n,square\n", b"1,1\n", b"2,4\n", b"3,9\n"]


@pytest.mark.claim("C1")
def test_flask_makes_the_generator_a_streamed_response(app):
    import inspect

    with app.test_request_context("/export.csv?limit=1"):
        returned = app.view_functions["export"]()
        response = app.make_response(returned)
    assert (inspect.isgenerator(returned[0]), response.is_streamed, response.content_length) == (True, True, None)
    assert list(response.response) == ["n,square\n", "1,1\n"]


@pytest.mark.claim("C2")
def test_a_real_server_sends_each_yield_as_one_chunk(live_server):
    with open_stream(live_server.port, "/export.csv?limit=2") as connection:
        head, _, body = read_to_end(connection).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and b"\r\nTransfer-Encoding: chunked" in head
    assert b"Content-Length" not in head
    assert body == ROWS_1_2


@pytest.mark.claim("C3")
def test_the_first_row_arrives_while_the_generator_is_held(app, live_server, gate):
    made = []
    app.config["ROWS"] = held_after_the_first_row(gate, made)
    with open_stream(live_server.port, "/export.csv") as connection:
        received = read_until(connection, b"1,1\n\r\n")
        assert made == [1]  # the generator waits for the gate: it cannot have finished
        gate.set()
        received += read_to_end(connection)
    assert received.endswith(b"\r\n\r\n" + ROWS_1_2) and made == [1, 2]


@pytest.mark.claim("C4")
def test_the_test_client_returns_after_the_first_chunk(app, client):
    made = []
    app.config["ROWS"] = recording(made)
    with client.get("/export.csv?limit=2") as response:
        assert made == []
        chunks = iter(response.response)
        assert (next(chunks), made) == (b"n,square\n", [])
        assert (next(chunks), made) == (b"1,1\n", [1])
        assert (list(chunks), made) == ([b"2,4\n"], [1, 2])


@pytest.mark.claim("C4")
def test_buffered_test_client_returns_after_the_generator_ends(app, client):
    made = []
    app.config["ROWS"] = recording(made)
    with client.get("/export.csv?limit=2", buffered=True) as response:
        assert made == [1, 2]
        assert response.data == b"n,square\n1,1\n2,4\n"


@pytest.mark.claim("C5")
def test_a_plain_generator_that_reads_request_raises(client):
    with client.get("/naive.csv?limit=3") as response:
        chunks = iter(response.response)
        assert (response.status_code, next(chunks)) == (200, b"n,square\n")
        with pytest.raises(RuntimeError, match=NOT_CONTEXT):
            next(chunks)


@pytest.mark.claim("C5")
def test_current_app_and_g_raise_in_a_generator_run_after_the_view(app):
    import flask

    with app.test_request_context("/"):
        flask.g.user = "ada"
        late = [(read() for _ in "x") for read in (lambda: flask.current_app.name, lambda: flask.g.user)]
    for generator in late:
        with pytest.raises(RuntimeError, match="^Working outside of application context\\."):
            next(generator)


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TESTING=False)
def test_a_generators_error_reaches_the_client_as_a_cut_off_200(app, live_server, caplog):
    import flask

    heard = []
    app.register_error_handler(500, lambda error: (heard.append(error), ("handled", 500))[1])
    receiver = lambda sender, **extra: heard.append(extra)  # noqa: E731
    with flask.got_request_exception.connected_to(receiver, app), \
            open_stream(live_server.port, "/naive.csv") as connection:
        answer = read_to_end(connection)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b"\r\n\r\n9\r\nn,square\n\r\n")  # no zero-length chunk: the body was cut
    assert heard == []
    logged = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert logged[-1].startswith("Error on request:") and "\nRuntimeError: Working outside of request context.\n" in logged[-1]


@pytest.mark.claim("C7")
def test_stream_with_context_lets_the_generator_read_the_request(client):
    with client.get("/context.csv?limit=2") as response:
        assert response.data == b"n,square\n1,1\n2,4\n"


@pytest.mark.claim("C7")
def test_stream_with_context_pushes_the_views_own_request_and_g(app):
    import flask

    with app.test_request_context("/context.csv"):
        flask.g.user = "ada"
        view_request = flask.request._get_current_object()
        late = flask.stream_with_context(
            (flask.request._get_current_object() is view_request, flask.g.user) for _ in "x")
    assert (flask.has_request_context(), list(late)) == (False, [(True, "ada")])


@pytest.mark.claim("C8")
def test_a_cursor_from_the_view_is_closed_before_the_stream_reads_it(client):
    import sqlite3

    with client.get("/report/cursor?limit=3") as response:
        chunks = iter(response.response)
        assert next(chunks) == b"n,square\n"
        with pytest.raises(sqlite3.ProgrammingError, match="^Cannot operate on a closed database\\.$"):
            next(chunks)


@pytest.mark.claim("C8")
def test_teardown_runs_before_the_stream_and_again_at_its_end(app, client, connections):
    import sqlite3

    events = connections.events
    app.teardown_appcontext(lambda error: events.append("teardown"))
    with client.get("/report?limit=2") as response:  # the generator has sent its header line
        assert events == ["teardown", ("connect", ":memory:")]
        assert response.data == b"n,square\n1,1\n2,4\n"
    assert events == ["teardown", ("connect", ":memory:"), "teardown"]
    with pytest.raises(sqlite3.ProgrammingError, match="^Cannot operate on a closed database\\.$"):
        connections[0].execute("SELECT 1")


@pytest.mark.claim("C8")
def test_get_db_gives_one_connection_per_application_context(app, chapter):
    with app.app_context():
        first = chapter.get_db()
        assert chapter.get_db() is first
    with app.app_context():
        assert chapter.get_db() is not first


@pytest.mark.claim("C8")
def test_a_plain_generator_runs_after_every_teardown(app, client):
    events = []
    app.teardown_request(lambda error: events.append("teardown_request"))
    app.teardown_appcontext(lambda error: events.append("teardown_appcontext"))
    app.config["ROWS"] = lambda limit: (events.append("rows asked"), iter([(1, 1)]))[1]
    with client.get("/export.csv") as response:
        assert response.data == b"n,square\n1,1\n"
    assert events == ["teardown_request", "teardown_appcontext", "rows asked"]


@pytest.mark.claim("C9")
def test_tag_gives_a_whole_body_an_etag_and_leaves_a_stream_alone(client):
    import hashlib

    page = client.get("/")
    assert page.data == b"/export.csv /naive.csv /context.csv /report/cursor /report\n"
    assert page.headers["ETag"] == f'"{hashlib.sha1(page.data).hexdigest()}"'
    with client.get("/export.csv?limit=1") as response:
        assert ("ETag" in response.headers, "Content-Length" in response.headers) == (False, False)


@pytest.mark.claim("C9")
def test_reading_a_streamed_body_in_after_request_runs_the_whole_generator(app, client):
    made = []
    app.config["ROWS"] = recording(made)
    app.after_request(lambda response: (made.append("after_request"), response.add_etag(), response)[2])
    with client.get("/export.csv?limit=3") as response:
        assert made == ["after_request", 1, 2, 3]  # every row made before the first byte left
        assert (response.headers["Content-Length"], "ETag" in response.headers) == ("21", True)


@pytest.mark.claim("C10")
def test_the_view_counts_exports_in_the_session(client):
    for expected in (1, 2):
        with client.get("/context.csv?limit=1") as response:
            assert "session=" in response.headers["Set-Cookie"]
        with client.session_transaction() as stored:
            assert stored["exports"] == expected


@pytest.mark.claim("C10")
def test_a_session_change_in_the_generator_is_lost(app, client):
    import flask

    @app.get("/late")
    def late():
        @flask.stream_with_context
        def generate():
            yield "n,square\n"
            flask.session["exports"] = 1

        return generate()

    with client.get("/late") as response:
        assert (response.data, "Set-Cookie" in response.headers) == (b"n,square\n", False)
    with client.session_transaction() as stored:
        assert "exports" not in stored


@pytest.mark.claim("C11")
def test_a_client_that_leaves_closes_the_generator_with_generator_exit(app, live_server, export_log):
    import itertools
    import queue
    import re

    app.config["ROWS"] = lambda limit: ((n, n * n) for n in itertools.count(1))  # an endless export
    with open_stream(live_server.port, "/export.csv") as connection:
        assert b"\r\n4\r\n1,1\n" in read_until(connection, b"1,1\n")
    assert re.fullmatch(r"export stopped: the client left after \d+ rows", export_log.get(timeout=5))
    with pytest.raises(queue.Empty):  # "export done" never logged: the line after the loop did not run
        export_log.get_nowait()


@pytest.mark.claim("C11")
def test_a_finished_export_runs_the_line_after_its_loop(client, export_log):
    with client.get("/export.csv?limit=3") as response:
        assert response.data.count(b"\n") == 4
    assert (export_log.get_nowait(), export_log.empty()) == ("export done: 3 rows", True)


@pytest.mark.claim("C12")
def test_a_stream_with_context_response_keeps_its_request_pushed_until_closed(client):
    import flask

    response = client.get("/context.csv?limit=1")
    assert flask.request.path == "/context.csv"  # in the test's own thread
    response.close()
    assert flask.has_request_context() is False
    with client.get("/context.csv?limit=1") as response:
        assert (response.data, flask.has_request_context()) == (b"n,square\n1,1\n", False)


@pytest.mark.claim("C13")
@pytest.mark.flask_config(MAX_ROWS=12)
@pytest.mark.parametrize(("query", "rows"), [("", 10), ("?limit=0", 0), ("?limit=-5", 0), ("?limit=x", 10),
                                               ("?limit=13", 12), ("?limit=999999999999", 12)])
def test_every_export_sends_between_none_and_max_rows(client, query, rows):
    import itertools

    for path in ("/export.csv", "/context.csv", "/report"):
        with client.get(path + query) as response:  # one chunk a row; never more read than one too many
            assert len(list(itertools.islice(response.response, rows + 2))) == 1 + rows


@pytest.mark.claim("C13")
def test_max_rows_is_100000_by_default(chapter):
    assert chapter.create_app().config["MAX_ROWS"] == 100_000
