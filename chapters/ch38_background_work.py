"""
Q: How do you run long tasks in Flask? (threads, Celery)

A: Not in the request. A view that sends mail, resizes images or calls a slow API makes the
client wait, and a WSGI server's worker is busy all that time. Hand the work to something that
runs after the response, and answer at once (``202 Accepted``).

A thread is the first idea, and a thread knows nothing of Flask. Flask 3.1 keeps the current
application and request contexts in context variables, and on Python 3.11 a new thread starts
with an empty set of them (so does any default build up to 3.14; the free-threaded build of 3.14
copies them into new threads, which is not proven here). In the thread, ``current_app`` and
``g`` raise "Working outside of application context." and ``request`` and ``session`` raise
"Working outside of request context." Handing the thread ``request`` does not help: what you
hand over is the proxy, and in the thread it finds no request. The error is raised in the
thread, after the view has answered 202: Flask's error handlers never see it, the client never
hears of it, only ``threading.excepthook`` prints it on the server's terminal.

Two fixes give the thread a context, and neither gives it everything. ``with app.app_context():``
in the thread (the app object itself, not ``current_app``) gives ``current_app`` and a new,
empty ``g``; still no ``request`` or ``session``. ``copy_current_request_context`` gives the
thread the same ``request`` and the same ``session`` objects, but a new application context, so
``g`` is empty there too. runebook.dev's page on it
(https://runebook.dev/en/articles/flask/api/index/flask.copy_current_request_context) says the
copy includes ``g``; on Flask 3.1 it does not, which is why dhermes's gist
(https://gist.github.com/dhermes/5b3afc13ca67eee69fe062dbdd1634d5) copies ``g`` over by hand.
The copied request may also be over by the time the thread runs: a session change made then
never reaches the client, whose cookie left with the response, and on Werkzeug's server the body
the view left unread has been read away (``request.form`` raises ``ClientDisconnected``). The
simplest thread gets plain data (a string, an id) that the view read for it, and needs no
context at all. The view never waits for its thread, so a test holds the thread and joins it
(or waits on an ``Event``); it never sleeps and hopes.

For production work Flask's docs (``patterns/celery``) recommend a task queue: the view sends
the job's data to a broker (Redis, RabbitMQ) and answers; a worker, another process started
with ``celery worker`` (or ``rq worker``), takes the job and runs it inside an application
context it pushes itself. The job outlives the request, and the web process too: it waits in
the broker until a worker takes it. Only data crosses. The same runebook.dev page suggests
``copy_current_request_context`` for "libraries like threading or celery", but neither the
request nor a copied context can be serialised for another process.

This chapter builds the pattern in miniature without a broker: a SQLite file is the queue
(``ch38-queue.sqlite`` in the folder the commands run in, or the file ``FLASK_QUEUE`` names),
``flask worker`` is the worker, and a job survives the web server being stopped. Not proven
here, since Celery is not installed: Celery itself, its JSON default serializer, retries,
acknowledgements, result backends, schedules, and several workers sharing one queue (this
worker assumes it is alone). Nor that a thread's unfinished work dies with its process.

Claims:
  C1. A plain ``threading.Thread`` started in a view has no context: ``current_app`` and ``g``
      raise "Working outside of application context." and ``request`` and ``session`` raise
      "Working outside of request context." (``/probe/bare``).
  C2. Handing the thread ``request`` hands it the proxy: ``/signup/naive`` answers 202 and its
      thread dies with "Working outside of request context."; the error reaches only
      ``threading.excepthook``, and no mail is sent.
  C3. ``with app.app_context():`` in the thread gives ``current_app`` and a new, empty ``g``
      (not the view's); ``request`` and ``session`` still raise (``/probe/app_context``).
  C4. Correction: runebook.dev says ``copy_current_request_context`` copies ``request``,
      ``session`` and ``g``; on Flask 3.1 the thread gets the same request and session but an
      empty ``g`` (``/probe/copied``).
  C5. Plain data read in the view needs no context: ``/signup`` composes the mail in the request
      and hands the thread a string, which the thread sends.
  C6. The view does not wait for its thread: with the thread held, ``/signup`` answers 202
      while the thread is alive and the mail unsent; it is sent once the thread is let go.
  C7. The copied request may be over when the thread runs: held until after the response, the
      thread's session change never reaches the client, and on a real server ``request.form``
      raises ``ClientDisconnected`` in the thread.
  C8. Correction: runebook.dev suggests ``copy_current_request_context`` for Celery tasks; a
      task queue carries only data to its worker: the queue stores the job as the JSON
      ``{"email": ...}``, while the request is neither JSON- nor pickle-serialisable.
  C9. The task-queue pattern without a broker: ``/signup/queued`` stores the job and answers
      202 with its id, the work not done; ``flask worker``, another process with no context
      around it (like ``celery worker``), runs each job inside ``app.app_context()``; a job
      queued through ``flask run`` is done after that server has stopped.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ export FLASK_QUEUE=$(mktemp -d)/queue.sqlite
  $ flask --app chapters.ch38_background_work run
  $ curl -s http://127.0.0.1:5000/probe/bare   → "app":"Working outside of application context."
  $ curl -s http://127.0.0.1:5000/probe/app_context   → "g":null
  → "request":"Working outside of request context."
  $ curl -s http://127.0.0.1:5000/probe/copied   → "g":null
  → "request":"/probe/copied"
  → "session":"ada"
  $ curl -si -d email=naive@example.org http://127.0.0.1:5000/signup/naive   → 202 ACCEPTED
  # the server's terminal shows the thread's RuntimeError: Working outside of request context.
  $ curl -si -d email=ada@example.org http://127.0.0.1:5000/signup   → 202 ACCEPTED
  $ curl -s http://127.0.0.1:5000/outbox   → ["welcome mail to ada@example.org from books@example.org"]
  $ curl -s -d email=grace@example.org http://127.0.0.1:5000/signup/queued   → {"job":1}
  $ curl -s http://127.0.0.1:5000/jobs/1   → {"done":false,"result":null}
  $ flask --app chapters.ch38_background_work worker   → job 1: welcome mail to grace@example.org from books@example.org
  $ curl -s http://127.0.0.1:5000/jobs/1   → {"done":true,"result":"welcome mail to grace@example.org
"""

import json
import sqlite3
import threading
from contextlib import closing

import click
from flask import Flask, abort, copy_current_request_context, current_app, g, request, session

TOPICS = ("threads", "contexts")
DELIBERATE_ERRORS = {
    "signup_naive": "its thread raises on purpose: it has no request context (C2)",
    "signup_copied": "its thread reads the request after the response, on purpose (C7)",
}


def reach():
    """What Flask's globals give in the calling thread: a value, or the first line of the error."""
    seen = {}
    for name, read in [("app", lambda: current_app.name), ("g", lambda: g.get("user")),
                       ("request", lambda: request.path), ("session", lambda: session.get("user"))]:
        try:
            seen[name] = read()
        except RuntimeError as error:
            seen[name] = str(error).splitlines()[0]
    return seen


def welcome(email):
    """The mail a job sends; like most jobs it needs the application (here its config)."""
    return f"welcome mail to {email} from {current_app.config['MAIL_FROM']}"


# The queue: what a broker (Redis, RabbitMQ) holds for Celery, here a table in a SQLite file.
JOBS = "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, data TEXT NOT NULL, result TEXT)"
ADD, RESULT = "INSERT INTO jobs (data) VALUES (?)", "SELECT result FROM jobs WHERE id = ?"
WAITING, DONE = "SELECT id, data FROM jobs WHERE result IS NULL ORDER BY id", "UPDATE jobs SET result = ? WHERE id = ?"


def open_queue(path):
    queue = sqlite3.connect(path, isolation_level=None)  # autocommit: a job is stored once added
    queue.execute(JOBS)
    return queue


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(MAIL_FROM="books@example.org", QUEUE="ch38-queue.sqlite")
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY and FLASK_QUEUE, for "Try it"
    app.config.update(config or {})
    app.extensions.update(outbox=[], threads=[], go=threading.Event())  # outbox: the mail "sent"
    app.extensions["go"].set()  # a test clears it to hold threads until after the response

    def send(mail):  # the slow part of the work, here only recorded
        app.extensions["outbox"].append(mail)

    def start(target, *args):  # a thread per task; kept, so that a test (or /outbox) can join it
        def run():
            app.extensions["go"].wait(10)  # pragma: no mutate: a bound for a test that forgets to let go
            target(*args)
        thread = threading.Thread(target=run)
        app.extensions["threads"].append(thread)
        thread.start()
        return thread

    @app.get("/probe/<any(bare, app_context, copied):how>")
    def probe(how):  # what a thread can reach; the view waits for it only to report that
        g.user = session["user"] = "ada"
        seen = {}

        def look():
            seen.update(reach())

        def in_app_context():
            with app.app_context():  # the app object: current_app is a proxy, empty in the thread
                look()

        start({"bare": look, "app_context": in_app_context, "copied": copy_current_request_context(look)}[how]).join(10)  # pragma: no mutate: a bound, never reached
        return seen

    @app.post("/signup/naive")
    def signup_naive():  # the first try: the thread is handed the request (the proxy, it turns out)
        start(lambda req: send(welcome(req.form["email"])), request)  # pragma: no mutate: any use of the proxy raises
        return "", 202

    @app.post("/signup")
    def signup():  # everything read here, in the request: the thread gets a string
        start(send, welcome(request.form["email"]))
        return "", 202

    @app.post("/signup/copied")
    def signup_copied():  # the context goes with the thread, which may run after the response
        @copy_current_request_context
        def work():
            session["welcomed"] = True  # pragma: no mutate: whatever it writes is lost (C7)
            send(welcome(request.form["email"]))
        start(work)
        return "", 202

    @app.get("/outbox")
    def outbox():  # joins the threads first, only so that a reader sees what they did
        for thread in app.extensions["threads"]:
            thread.join(10)  # pragma: no mutate: a bound, never reached
        return app.extensions["outbox"]

    @app.post("/signup/queued")
    def signup_queued():  # a task queue's way: data to another process, an id back at once
        data = json.dumps({"email": request.form["email"]})
        with closing(open_queue(app.config["QUEUE"])) as queue:
            job = queue.execute(ADD, (data,)).lastrowid
        return {"job": job}, 202

    @app.get("/jobs/<int(max=999999999):job>")
    def job_status(job):
        with closing(open_queue(app.config["QUEUE"])) as queue:
            row = queue.execute(RESULT, (job,)).fetchone()
        if row is None:
            abort(404)
        return {"done": row[0] is not None, "result": row[0]}

    @app.cli.command("worker", with_appcontext=False)  # like `celery worker`: no Flask context
    def worker():
        """Run every job waiting in the queue, then stop (a real worker waits for more)."""
        with closing(open_queue(app.config["QUEUE"])) as queue:
            for job, data in queue.execute(WAITING).fetchall():
                with app.app_context():  # as Flask's Celery pattern (FlaskTask) does for each task
                    result = welcome(**json.loads(data))
                queue.execute(DONE, (result, job))
                click.echo(f"job {job}: {result}")

    return app
