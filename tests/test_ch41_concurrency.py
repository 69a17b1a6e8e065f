import os
import secrets

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("return meet_in(g, name)", "return meet_in(CURRENT, name)"),  # the user kept at module level
    "C2": [('"chapters.ch41_concurrency", "run"]',  # threads switched off "to be safe"
            '"chapters.ch41_concurrency", "run", "--without-threads"]'),
           ('.run(port=os.environ.get("PORT"))', '.run(port=os.environ.get("PORT"), threaded=False)')],
    "C3": ('[*FLASK_RUN, "--without-threads"]', '[*FLASK_RUN, "--with-threads"]'),  # threads after all
    "C4": ("return meet_in(CURRENT, name)", "return meet_in(g, name)"),  # the fix: g, per request
    "C5": ("count_visit(app, contextlib.nullcontext())", "count_visit(app, LOCK)"),  # the fix: a lock
    "C6": [("count_visit(app, LOCK)", "count_visit(app, contextlib.nullcontext())"),  # the lock forgotten
           # the half fix: the lock taken after the read, around the write only
           ('    with lock:  # held from the read to the write, if it is a real lock\n        seen = VISITS["count"]\n',
            '    seen = VISITS["count"]\n    with lock:  # held from the read to the write, if it is a real lock\n')],
    "C7": ('"-w", "2", "-b", "127.0.0.1:8000"', '"-w", "1", "-b", "127.0.0.1:8000"'),  # one worker: one counter
    "C8": [('"gunicorn", "--preload", "-w", "2"', '"gunicorn", "-w", "2"'),  # no --preload: a Value per worker
           ('shared = multiprocessing.Value("i", 0)', 'shared = types.SimpleNamespace(value=0, get_lock=threading.Lock)')],  # plain memory
}

SECRET = {"FLASK_SECRET_KEY": secrets.token_hex(32)}


def command(name):
    """The chapter's command ``name`` (``FLASK_RUN``, ...) on a free port, from the book's environment."""
    def argv(chapter):
        program, *words = getattr(chapter, name)
        words = [live.executable(program), *words]
        if "-b" in words:
            words[words.index("-b") + 1] = "127.0.0.1:{port}"
            return words
        return [*words, "--port", "{port}"]
    return argv


# Started in the background when collection ends (textbook/live.py), adopted by the tests.
THREADED = live.Background(command("FLASK_RUN"), env=SECRET)
SERIAL = live.Background(command("WITHOUT_THREADS"), env={**SECRET, "FLASK_MEET_TIMEOUT": "0.5"})
GUNICORN = live.Background(command("GUNICORN"))
PRELOADED = live.Background(command("PRELOADED"))


def together(server, *paths, method="GET"):
    """Send the requests at once (each on its own connection), then read every answer."""
    import http.client
    import json

    connections = [http.client.HTTPConnection(live.HOST, server.port, timeout=30) for _ in paths]
    for connection, path in zip(connections, paths):
        connection.request(method, path)
    try:
        answers = [connection.getresponse() for connection in connections]
        return [(answer.status, json.loads(answer.read())) for answer in answers]
    finally:
        for connection in connections:
            connection.close()


def in_order(answers):
    assert {status for status, _ in answers} == {200}
    return sorted((body for _, body in answers), key=lambda body: body["entered"])


@pytest.mark.claim("C1")
def test_two_requests_at_once_each_read_their_own_request_g_and_session(live_server):
    ada, bob = together(live_server, "/meet/ada", "/meet/bob")
    for (status, answer), name in [(ada, "ada"), (bob, "bob")]:
        assert (status, answer["met"]) == (200, True)
        assert (answer["request"], answer["stored"], answer["session"]) == (name, name, name)
    assert ada[1]["thread"] != bob[1]["thread"]
    assert sorted(answer[key] for _, answer in (ada, bob) for key in ("entered", "left")) == [0, 1, 2, 3]
    assert {answer["entered"] for _, answer in (ada, bob)} == {0, 1}  # both in before either left


@pytest.mark.claim("C1")
def test_flask_keeps_the_contexts_in_context_variables(req_ctx):
    import contextvars

    import flask
    from werkzeug.local import LocalProxy

    assert [type(getattr(flask, name)) for name in ("request", "session", "g", "current_app")] == [LocalProxy] * 4
    assert isinstance(flask.globals._cv_request, contextvars.ContextVar)
    assert flask.globals._cv_request.get() is req_ctx


@pytest.mark.claim("C2")
def test_flask_run_serves_two_requests_at_once_on_two_threads(chapter):
    with THREADED.serve(chapter) as server:
        first, second = in_order(together(server, "/meet/ada", "/meet/bob"))
    assert (first["met"], second["met"]) == (True, True)
    assert (first["entered"], second["entered"]) == (0, 1)  # both in before either left
    assert first["thread"] != second["thread"]
    assert first["thread"].endswith(" (process_request_thread)")


@pytest.mark.claim("C2")
def test_app_run_asks_for_threads_which_werkzeug_does_not_default_to(chapter, monkeypatch):
    import inspect

    import werkzeug.serving

    werkzeugs_default = inspect.signature(werkzeug.serving.run_simple).parameters["threaded"].default
    asked = []
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, port, app, **options: asked.append((port, options)))
    monkeypatch.setenv("PORT", "5123")
    chapter.main()
    assert ([(options["threaded"], port) for port, options in asked], werkzeugs_default) == ([(True, 5123)], False)


@pytest.mark.claim("C3")
def test_without_threads_the_second_request_enters_after_the_first_answered(chapter):
    with SERIAL.serve(chapter) as server:
        first, second = in_order(together(server, "/meet/ada", "/meet/bob"))
    assert [(a["entered"], a["left"], a["met"]) for a in (first, second)] == [(0, 1, False), (2, 3, False)]
    assert {first["thread"], second["thread"]} == {"MainThread"}


@pytest.mark.claim("C3")
@pytest.mark.flask_config(MEET_TIMEOUT=0.2)
def test_a_request_with_no_company_gives_up_after_meet_timeout(client):
    import threading

    answers = []  # a daemon thread, so that a request that never gives up fails the test, not the run
    waiting = threading.Thread(target=lambda: answers.append(client.get("/meet/ada").json), daemon=True)
    waiting.start()
    waiting.join(10)
    assert [(a["entered"], a["left"], a["met"], a["stored"]) for a in answers] == [(0, 1, False, "ada")]


@pytest.mark.claim("C4")
def test_a_module_level_current_user_shows_one_user_the_others_name(live_server):
    ada, bob = (answer for _, answer in together(live_server, "/unsafe/meet/ada", "/unsafe/meet/bob"))
    assert (ada["met"], bob["met"], ada["request"], bob["request"]) == (True, True, "ada", "bob")
    assert ada["stored"] == bob["stored"] in ("ada", "bob")  # whoever wrote last: one sees the other's name


@pytest.fixture
def forced_overlap(chapter, app, monkeypatch):
    """Makes two visits overlap wherever the view lets them: the first visit to log (between its
    read and its write) waits there until the other visit has logged too (so it has read) or
    has to wait for the chapter's lock. Returns the messages logged."""
    import logging
    import threading

    other_moved, first, logged = threading.Event(), threading.Lock(), []

    class Pause(logging.Handler):
        def handle(self, record):  # not emit(): handle() runs emit() under the handler's lock
            logged.append(record.getMessage())
            if first.acquire(blocking=False):
                other_moved.wait(10)
            else:
                other_moved.set()

    class WatchedLock:  # the chapter's lock, telling when a visit has to wait for it
        def __init__(self):
            self.lock = threading.Lock()

        def __enter__(self):
            if not self.lock.acquire(blocking=False):
                other_moved.set()
                self.lock.acquire()

        def __exit__(self, *exc_info):
            self.lock.release()

    monkeypatch.setattr(chapter, "LOCK", WatchedLock())
    handler, level = Pause(), app.logger.level
    app.logger.addHandler(handler)
    app.logger.setLevel(logging.DEBUG)
    yield logged
    app.logger.removeHandler(handler)
    app.logger.setLevel(level)


@pytest.mark.claim("C5")
def test_an_unlocked_counter_loses_a_visit(chapter, live_server, forced_overlap):
    before = chapter.VISITS["count"]
    answers = together(live_server, "/unsafe/visit", "/unsafe/visit", method="POST")
    assert [(body["count"], body["pid"]) for _, body in answers] == [(before + 1, os.getpid())] * 2
    assert (chapter.VISITS["count"], forced_overlap) == (before + 1, [f"visit {before + 1}"] * 2)


@pytest.mark.claim("C6")
def test_a_lock_from_read_to_write_counts_every_visit(chapter, live_server, forced_overlap):
    before = chapter.VISITS["count"]
    answers = together(live_server, "/visit", "/visit", method="POST")
    assert sorted((body["count"], body["pid"]) for _, body in answers) == [(before + 1, os.getpid()), (before + 2, os.getpid())]
    assert (chapter.VISITS["count"], forced_overlap) == (before + 2, [f"visit {before + 1}", f"visit {before + 2}"])


@pytest.fixture(scope="module")
def gunicorn(chapter):
    with GUNICORN.serve(chapter) as server:
        yield server


def visits_by_worker(server, path):
    """POST ``path`` until two workers have answered (10 s at most): ``{pid: [counts, in order]}``."""
    import json
    import time

    counts, deadline = {}, time.monotonic() + 10
    while len(counts) < 2 and time.monotonic() < deadline:
        status, _, body = server.request("POST", path)
        assert status == 200
        answer = json.loads(body)
        counts.setdefault(answer["pid"], []).append(answer["count"])
    assert len(counts) == 2 and server.process.pid not in counts
    return counts


@pytest.mark.claim("C7")
def test_each_gunicorn_worker_counts_its_own_visits(gunicorn):
    counts = visits_by_worker(gunicorn, "/visit")
    assert all(seen == list(range(1, len(seen) + 1)) for seen in counts.values())


@pytest.mark.claim("C8")
def test_a_value_made_by_the_factory_is_one_per_worker_without_preload(gunicorn):
    counts = visits_by_worker(gunicorn, "/shared/visit")
    assert all(seen == list(range(1, len(seen) + 1)) for seen in counts.values())


@pytest.mark.claim("C8")
def test_with_preload_both_workers_share_the_value(chapter):
    with PRELOADED.serve(chapter) as server:
        counts = visits_by_worker(server, "/shared/visit")
    every_visit = sorted(count for seen in counts.values() for count in seen)
    assert every_visit == list(range(1, len(every_visit) + 1))


@pytest.mark.claim("C8")
def test_the_shared_counter_counts_under_its_lock(client):
    answers = [client.post("/shared/visit").json for _ in range(2)]
    assert answers == [{"count": 1, "pid": os.getpid()}, {"count": 2, "pid": os.getpid()}]
