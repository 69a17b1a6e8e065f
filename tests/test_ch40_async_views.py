import asyncio
import http.client
import importlib.util
import inspect
import json
import threading

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("    async def hello():", "    def hello():"),  # a sync view: no running loop to answer from
    "C2": [('"chapters.ch40_async_views:create_app()"]', '"chapters.ch40_async_views:create_app"]'),  # no call:
           ("    async def hello():", "    def hello():")],  # Gunicorn serves the factory; a view with no loop
    "C3": ('view_func=hello)', 'view_func=lambda: asyncio.run(hello()))'),  # the pre-2.0 way: a loop in the server's thread
    "C4": [("    async def note_the_hook_loop():", "    def note_the_hook_loop():"),  # a sync hook: no loop
           ("    @app.errorhandler(404)\n", "")],  # the handler never registered: Flask's HTML page
    "C5": ('await asyncio.gather(query("a", log), query("b", log))',
           'await query("a", log)\n            await query("b", log)'),  # awaited in turn: no overlap
    "C6": [('"-w", "1",', '"-w", "1", "--threads", "2",'),  # a threaded worker: threads, not async, overlap
           ('"chapters.ch40_async_views", "run"]', '"chapters.ch40_async_views", "run", "--without-threads"]'),
           ('app.config.setdefault("MEET_WAIT", 1)', 'app.config.setdefault("MEET_WAIT", 30)')],  # a reader waits
    "C7": ("        await started.wait()\n", "        reply.set()\n        await task\n"),  # the view awaits its task
    "C8": ("await wait_and_set(shared)", "await wait_and_set(asyncio.Event())"),  # the fix: an event per request
    "C9": ('{"got": await request.get_json()}', '{"got": request.get_json()}'),  # the fix: no await
    "C10": ("    return WsgiToAsgi(app)", "    return app"),  # Flask handed to an ASGI server as it is
}

# Started in the background when collection ends (textbook/live.py), adopted below. `flask run`
# waits up to 5 s for a second request at /meet (it comes at once); the sync worker 0.3 s.
DEV_SERVER = live.Background(lambda chapter: [live.executable("flask"), *chapter.FLASK_RUN[1:], "--port", "{port}"],
                             env={"FLASK_MEET_WAIT": "5"})


def gunicorn(chapter):
    command = [live.executable("gunicorn"), *chapter.GUNICORN[1:]]
    command[command.index("-b") + 1] = "127.0.0.1:{port}"
    return command


SYNC_WORKER = live.Background(gunicorn, env={"FLASK_MEET_WAIT": "0.3"})


@pytest.fixture(scope="module")
def dev_server(chapter):
    with DEV_SERVER.serve(chapter) as running:
        yield running


@pytest.fixture(scope="module")
def sync_worker(chapter):
    with SYNC_WORKER.serve(chapter) as running:
        yield running


def within(call, seconds=5):
    """``call()``, bounded: a coroutine that never finishes (a mutant's) fails the test instead
    of hanging it; the stuck thread is a daemon, left behind."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"no answer within {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def fresh_asgiref_thread(monkeypatch):
    """WsgiToAsgi runs the WSGI app in asgiref's one shared thread. A process forked after that
    thread started (mutmut's workers are) inherits the executor without its thread, and would
    wait forever: each test gets an executor of its own."""
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync

    executor = ThreadPoolExecutor(max_workers=1)
    monkeypatch.setattr(SyncToAsync, "single_thread_executor", executor)
    yield
    executor.shutdown()


def get_json(server, path):
    status, _, body = server.request("GET", path)
    assert status == 200
    return json.loads(body)


def meet_twice(server):
    """Two requests to /meet, the second sent before the first is answered."""
    connections = [http.client.HTTPConnection(live.HOST, server.port, timeout=10) for _ in range(2)]
    try:
        for connection in connections:
            connection.request("GET", "/meet")
        return [json.loads(connection.getresponse().read()) for connection in connections]
    finally:
        for connection in connections:
            connection.close()


async def asgi_get(asgi_app, path):
    """One GET as an ASGI server makes it: ``(status, JSON body)``."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await asgi_app({"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                    "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
                    "root_path": "", "headers": [(b"host", b"localhost")], "server": ("localhost", 80),
                    "client": ("127.0.0.1", 50000)}, receive, send)
    return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))


@pytest.mark.claim("C1")
def test_an_async_view_answers_from_a_running_loop(app, client):
    answer = client.get("/hello").get_json()
    assert (answer["hello"], answer["wsgi"], isinstance(answer["loop"], int)) == ("from a coroutine", [1, 0], True)
    assert inspect.iscoroutinefunction(app.view_functions["hello"])


@pytest.mark.claim("C2")
def test_wsgi_servers_serve_the_async_view(client, dev_server, sync_worker):
    servers = {None: client.get("/hello").get_json()}  # the test client names no server
    servers.update({software: get_json(server, "/hello") for server, software in
                    ((dev_server, "Werkzeug/"), (sync_worker, "gunicorn/"))})
    for software, answer in servers.items():
        assert (answer["hello"], answer["wsgi"]) == ("from a coroutine", [1, 0])
        assert answer["server"] == software or answer["server"].startswith(software)
    assert "Using worker: sync" in sync_worker.output()


@pytest.mark.claim("C2")
def test_no_asgi_server_is_installed():
    assert [name for name in ("uvicorn", "hypercorn", "daphne", "granian") if importlib.util.find_spec(name)] == []


@pytest.mark.claim("C3")
def test_the_view_runs_outside_the_servers_thread(client, dev_server):
    answer = client.get("/hello").get_json()  # the test client calls Flask in this thread
    assert answer["server_thread"] == threading.get_ident() != answer["view_thread"]
    answer = get_json(dev_server, "/hello")
    assert answer["server_thread"] != answer["view_thread"]


@pytest.mark.claim("C4")
def test_an_async_hook_runs_on_a_loop_of_its_own(client):
    assert client.get("/hooks").get_json() == {"hook_loop_is_the_view_loop": False, "hook_loop_closed": True}


@pytest.mark.claim("C4")
def test_an_async_error_handler_answers(client):
    response = client.get("/nowhere")
    assert (response.status_code, response.get_json()) == (404, {"error": "Not Found"})


@pytest.mark.claim("C5")
def test_gather_sends_both_queries_before_either_answer(client):
    assert within(lambda: client.get("/queries/gather")).get_json() == [
        "a: sent", "b: sent", "a: answered", "b: answered"]


@pytest.mark.claim("C5")
def test_awaiting_in_turn_sends_the_second_after_the_first_answer(client):
    assert within(lambda: client.get("/queries/one-after-the-other")).get_json() == [
        "a: sent", "a: answered", "b: sent", "b: answered"]


@pytest.mark.claim("C6")
@pytest.mark.flask_config(MEET_WAIT=0)
def test_a_waiting_async_view_holds_the_sync_worker(client, sync_worker):
    assert within(lambda: client.get("/meet")).get_json() == {"met": False}  # alone, as each is below
    assert meet_twice(sync_worker) == [{"met": False}, {"met": False}]


@pytest.mark.claim("C6")
@pytest.mark.flask_config(MEET_WAIT=0)
def test_the_threaded_dev_server_overlaps_the_same_requests(client, dev_server):
    assert within(lambda: client.get("/meet")).get_json() == {"met": False}
    assert meet_twice(dev_server) == [{"met": True}, {"met": True}]


@pytest.mark.claim("C6")
def test_a_lone_request_waits_one_second_by_default(chapter):
    assert chapter.create_app().config["MEET_WAIT"] == 1


@pytest.mark.claim("C7")
def test_a_task_left_running_is_cancelled_when_the_view_returns(client):
    assert within(lambda: client.get("/background")).get_json() == {"task": "started", "done": False}
    assert client.get("/background/log").get_json() == ["started", "cancelled"]


@pytest.mark.claim("C8")
def test_an_event_shared_by_requests_fails_in_the_second(client):
    assert within(lambda: client.get("/event/shared")).get_json() == {"waited": "shared"}
    with pytest.raises(RuntimeError, match=r"is bound to a different event loop$"):
        within(lambda: client.get("/event/shared"))


@pytest.mark.claim("C8")
def test_an_event_made_in_the_view_works_every_time(client):
    assert [within(lambda: client.get("/event/fresh")).get_json() for _ in range(2)] == [{"waited": "fresh"}] * 2


@pytest.mark.claim("C9")
def test_awaiting_get_json_raises_type_error(client):
    with pytest.raises(TypeError, match=r"^object dict can't be used in 'await' expression$"):
        client.post("/echo-awaited", json={"name": "Ada"})


@pytest.mark.claim("C9")
def test_get_json_without_await_returns_the_body(client):
    assert client.post("/echo", json={"name": "Ada"}).get_json() == {"got": {"name": "Ada"}}


@pytest.mark.claim("C10")
def test_flask_called_as_an_asgi_app_raises_type_error(app):
    async def receive():
        return {"type": "http.request"}

    with pytest.raises(TypeError, match=r"takes 3 positional arguments but 4 were given"):
        app({"type": "http", "path": "/hello"}, receive, print)


@pytest.mark.claim("C10")
def test_wrapped_in_wsgi_to_asgi_it_serves_on_the_callers_loop(app, chapter, fresh_asgiref_thread):
    async def as_a_server_would():
        served = chapter.as_asgi(app)
        status, answer = await asgi_get(served, "/hello")
        started = await asgi_get(served, "/background")
        log = await asgi_get(served, "/background/log")
        return status, answer["loop"] == id(asyncio.get_running_loop()), started, log

    assert within(lambda: asyncio.run(as_a_server_would())) == (
        200, True, (200, {"task": "started", "done": False}), (200, ["started"]))
