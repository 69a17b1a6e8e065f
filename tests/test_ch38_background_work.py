import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    # threads that start with a copy of the caller's context (asyncio.to_thread does this; so do
    # threads on Python 3.14's free-threaded build): the "plain" thread sees the request
    "C1": ("thread = threading.Thread(target=run)",
           'thread = threading.Thread(target=__import__("contextvars").copy_context().run, args=(run,))'),
    "C2": [('send(welcome(req.form["email"])), request)',  # the request object itself handed over
            'send(welcome(req.form["email"])), request._get_current_object())'),
           ("            target(*args)\n",  # errors swallowed in the thread: nothing reports them
            "            try:\n                target(*args)\n            except Exception:\n                pass\n")],
    "C3": ("with app.app_context():  # the app object",  # a made-up request, as some Celery recipes push
           "with app.test_request_context():  # the app object"),
    "C4": ('"copied": copy_current_request_context(look)', '"copied": look'),  # the decorator forgotten
    "C5": ('start(send, welcome(request.form["email"]))',  # the request read in the thread
           'start(lambda: send(welcome(request.form["email"])))'),
    "C6": ('start(send, welcome(request.form["email"]))',  # the work done in the request: the client waits
           'send(welcome(request.form["email"]))'),
    "C7": ("        start(work)\n", "        work()\n"),  # run in the request: nothing is late
    "C8": ('json.dumps({"email": request.form["email"]})',  # the request handed to the queue
           'json.dumps({"email": request.form["email"], "request": request})'),
    "C9": [("with app.app_context():  # as Flask's Celery pattern",  # the job run with no context
            "if True:  # as Flask's Celery pattern"),
           ("queue.execute(ADD, (data,)).lastrowid\n",  # the work done in the request after all
            "queue.execute(ADD, (data,)).lastrowid\n"
            '            queue.execute(DONE, (welcome(request.form["email"]), job))\n')],
}

APP_ERROR = "Working outside of application context."
REQUEST_ERROR = "Working outside of request context."
MAIL = "welcome mail to ada@example.org from books@example.org"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FLASK = [live.executable("flask"), "--app", "chapters.ch38_background_work"]
# The web server, started in the background when collection ends (textbook/live.py); its queue
# lives in its own directory, which stays until the block that adopts it ends.
WEB = live.Background([*FLASK, "run", "--port", "{port}"], env={"FLASK_QUEUE": "{directory}/queue.sqlite"})


@pytest.fixture(autouse=True)
def threads_end_with_the_test(app):
    """A thread a view started must not outlive its test: let held ones go, then join them."""
    yield
    finish_threads(app)


def finish_threads(app):
    app.extensions["go"].set()
    for thread in app.extensions["threads"]:
        thread.join(10)
        assert not thread.is_alive()


@pytest.fixture
def thread_errors(monkeypatch):
    """What the threads raised, caught where Python reports it: ``threading.excepthook``."""
    import threading

    errors = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    return errors


@pytest.fixture
def queue(app, tmp_path):
    app.config["QUEUE"] = str(tmp_path / "queue.sqlite")
    return app.config["QUEUE"]


def first_lines(errors):
    return [(type(error).__name__, str(error).splitlines()[0]) for error in errors]


@pytest.mark.claim("C1")
def test_a_plain_thread_has_no_context(client):
    assert client.get("/probe/bare").json == {
        "app": APP_ERROR, "g": APP_ERROR, "request": REQUEST_ERROR, "session": REQUEST_ERROR}


@pytest.mark.claim("C1")
def test_the_whole_error_a_thread_gets_from_current_app(app, thread_errors):
    import threading

    import flask

    with app.test_request_context("/"):
        thread = threading.Thread(target=lambda: flask.current_app.name)
        thread.start()
        thread.join(10)
    assert [str(error) for error in thread_errors] == [
        "Working outside of application context.\n\nThis typically means that you attempted to use"
        " functionality that needed\nthe current application. To solve this, set up an application"
        " context\nwith app.app_context(). See the documentation for more information."]


@pytest.mark.claim("C1")
def test_contexts_are_context_variables_and_a_new_thread_starts_without_them(req_ctx):
    import contextvars
    import threading

    from flask import globals as flask_globals

    assert isinstance(flask_globals._cv_request, contextvars.ContextVar)
    in_thread = []
    thread = threading.Thread(target=lambda: in_thread.append(flask_globals._cv_request.get(None)))
    thread.start()
    thread.join(10)
    assert (flask_globals._cv_request.get(), in_thread) == (req_ctx, [None])


@pytest.mark.claim("C2")
def test_a_thread_handed_the_request_gets_the_proxy_and_dies(app, client, thread_errors):
    import flask

    failed_requests = []
    # connected_to holds the receiver strongly (connect() would hold a lambda weakly: never called)
    with flask.got_request_exception.connected_to(lambda sender, **extra: failed_requests.append(extra), app):
        response = client.post("/signup/naive", data={"email": "ada@example.org"})
    finish_threads(app)
    assert (response.status_code, response.data, failed_requests, app.extensions["outbox"]) == (202, b"", [], [])
    assert first_lines(thread_errors) == [("RuntimeError", REQUEST_ERROR)]


@pytest.mark.claim("C2")
def test_request_is_a_proxy_not_the_request(req_ctx):
    import flask
    from werkzeug.local import LocalProxy

    assert type(flask.request) is LocalProxy
    assert type(flask.request._get_current_object()) is flask.Request


@pytest.mark.claim("C3")
def test_an_app_context_in_the_thread_gives_the_app_and_an_empty_g(client):
    assert client.get("/probe/app_context").json == {
        "app": "chapters.ch38_background_work", "g": None, "request": REQUEST_ERROR, "session": REQUEST_ERROR}


@pytest.mark.claim("C4")
def test_a_copied_request_context_brings_request_and_session_but_not_g(client):
    assert client.get("/probe/copied").json == {
        "app": "chapters.ch38_background_work", "g": None, "request": "/probe/copied", "session": "ada"}


@pytest.mark.claim("C4")
def test_in_the_views_own_thread_the_same_probe_sees_everything(app, chapter):
    import flask

    with app.test_request_context("/probe/copied"):
        flask.g.user = flask.session["user"] = "ada"
        assert chapter.reach() == {"app": "chapters.ch38_background_work", "g": "ada",
                                   "request": "/probe/copied", "session": "ada"}


@pytest.mark.claim("C4")
def test_the_copy_shares_the_request_and_session_objects_and_makes_a_new_g(app):
    import threading

    import flask

    with app.test_request_context("/"):
        flask.session["user"] = flask.g.user = "ada"
        current = lambda: [proxy._get_current_object() for proxy in (flask.request, flask.session, flask.g)]  # noqa: E731
        in_view, in_thread = current(), []
        thread = threading.Thread(target=flask.copy_current_request_context(lambda: in_thread.extend(current())))
        thread.start()
        thread.join(10)
    assert [ours is theirs for ours, theirs in zip(in_view, in_thread)] == [True, True, False]
    assert vars(in_thread[2]) == {}


@pytest.mark.claim("C5")
def test_plain_data_needs_no_context_in_the_thread(client):
    response = client.post("/signup", data={"email": "ada@example.org"})
    assert (response.status_code, response.data) == (202, b"")
    assert client.get("/outbox").json == [MAIL]  # /outbox joins the threads before it answers


@pytest.mark.claim("C6")
def test_the_view_answers_before_its_thread_has_run(app, client):
    app.extensions["go"].clear()  # the thread is held until the test lets it go
    response = client.post("/signup", data={"email": "ada@example.org"})
    (thread,) = app.extensions["threads"]
    assert (response.status_code, thread.is_alive(), app.extensions["outbox"]) == (202, True, [])
    finish_threads(app)
    assert app.extensions["outbox"] == [MAIL]


@pytest.mark.claim("C7")
def test_a_late_threads_session_change_never_reaches_the_client(app, client):
    app.extensions["go"].clear()
    response = client.post("/signup/copied", data={"email": "ada@example.org"})
    finish_threads(app)
    assert app.extensions["outbox"] == [MAIL]  # the thread ran, past its session change
    assert (response.status_code, response.data) == (202, b"")
    assert ("Set-Cookie" in response.headers, client.get_cookie("session")) == (False, None)


def post_and_wait_until_closed(port, path, body):
    """A raw POST; returns once the server has closed the connection (Werkzeug's development
    server first reads away any body the app left unread)."""
    import socket

    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    with socket.create_connection((live.HOST, port), timeout=10) as connection:
        connection.sendall(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.mark.claim("C7")
def test_on_a_real_server_a_late_thread_finds_the_body_gone(app, live_server, thread_errors):
    app.extensions["go"].clear()
    answer = post_and_wait_until_closed(live_server.port, "/signup/copied", b"email=ada%40example.org")
    finish_threads(app)
    assert answer.startswith(b"HTTP/1.1 202 ACCEPTED\r\n")
    assert (first_lines(thread_errors), app.extensions["outbox"]) == (
        [("ClientDisconnected", "400 Bad Request: The browser (or proxy) sent a request that this server could not understand.")], [])


@pytest.mark.claim("C8")
def test_the_queue_carries_the_job_as_plain_json(client, queue):
    import sqlite3
    from contextlib import closing

    assert client.post("/signup/queued", data={"email": "ada@example.org"}).status_code == 202
    with closing(sqlite3.connect(queue)) as stored:
        assert stored.execute("SELECT id, data, result FROM jobs").fetchall() == [(1, '{"email": "ada@example.org"}', None)]


@pytest.mark.claim("C8")
def test_neither_the_request_nor_a_copied_context_can_go_to_another_process(req_ctx):
    import json
    import pickle

    import flask

    with pytest.raises(TypeError, match="^Object of type Request is not JSON serializable$"):
        json.dumps(flask.request._get_current_object())
    with pytest.raises(TypeError, match="^cannot pickle "):
        pickle.dumps(flask.request._get_current_object())
    with pytest.raises(AttributeError, match="^Can't pickle local object "):
        pickle.dumps(flask.copy_current_request_context(lambda: None))


@pytest.mark.claim("C9")
def test_a_queued_signup_answers_with_a_job_id_and_does_no_work(app, client, queue):
    response = client.post("/signup/queued", data={"email": "ada@example.org"})
    assert (response.status_code, response.json) == (202, {"job": 1})
    assert client.get("/jobs/1").json == {"done": False, "result": None}
    assert (app.extensions["threads"], client.get("/jobs/2").status_code) == ([], 404)


@pytest.mark.claim("C9")
def test_the_worker_runs_each_job_in_an_application_context(app, client, runner, queue):
    import flask

    for email in ("ada@example.org", "grace@example.org"):
        client.post("/signup/queued", data={"email": email})
    result = runner.invoke(args=["worker"])
    assert (result.exception, flask.has_app_context()) == (None, False)
    assert result.output == f"job 1: {MAIL}\njob 2: welcome mail to grace@example.org from books@example.org\n"
    assert client.get("/jobs/2").json == {"done": True, "result": "welcome mail to grace@example.org from books@example.org"}
    assert runner.invoke(args=["worker"]).output == ""  # done jobs are not run again


@pytest.mark.claim("C9")
def test_without_flask_queue_the_queue_is_a_file_in_the_working_directory(chapter, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    client = chapter.create_app({"TESTING": True}).test_client()
    assert client.post("/signup/queued", data={"email": "ada@example.org"}).json == {"job": 1}
    assert [path.name for path in tmp_path.iterdir()] == ["ch38-queue.sqlite"]


@pytest.mark.claim("C9")
def test_a_queued_job_outlives_the_web_server(chapter):
    import json

    with WEB.serve(chapter) as web:
        status, _, body = web.request("POST", "/signup/queued", body=b"email=ada%40example.org", headers=FORM)
        assert (status, json.loads(body)) == (202, {"job": 1})
        web.process.terminate()
        assert web.process.wait(10) is not None  # the web server is gone before the worker starts
        queue = {"FLASK_QUEUE": str(web.extra["directory"] / "queue.sqlite")}
        worker = live.Background([*FLASK, "worker"], env=queue)  # started here, after the server
        assert worker.result(chapter) == (0, f"job 1: {MAIL}\n")
        app = chapter.create_app({"QUEUE": queue["FLASK_QUEUE"]})
        assert app.test_client().get("/jobs/1").json == {"done": True, "result": MAIL}
