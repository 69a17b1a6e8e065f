"""
Q: Is Flask thread-safe? How does ``request`` work with many users at once?

A: Flask keeps each request's data apart from every other's; what you keep yourself, it does
not. ``request``, ``session``, ``g`` and ``current_app`` look like module globals, but each is a
proxy (Werkzeug's ``LocalProxy``) to the context of the code that reads it. Flask 3.1 keeps the
current contexts in context variables (``contextvars.ContextVar``), and each thread has its own:
two requests inside their views at the same moment, on two threads of one server, each read
their own request, ``g`` and session. (Pages that say "thread-local", such as
https://freaks.city/blogs/understanding-flasks-request-context-and-thread-safety.html, describe
Werkzeug before 2.0; context variables also keep greenlets and asyncio tasks apart. Neither is
proven here.)

Your own module-level objects are one object for every thread in the process. A "current user" kept at module level is read back by whichever request
wrote it last, so one user is shown another's name. A counter that is read, then written back
plus one, loses an update when a second request reads it between the two steps: the tests force
that interleaving at the log call between them instead of hoping for it. (``count += 1`` is the
same read and write in one line; whether CPython switches threads inside it is an
implementation detail, and free-threaded builds run threads truly in parallel: not proven
here.) Keep per-request data in ``g`` or the session, and guard shared data with a lock held
from the read to the write: a second request then waits for the first one's write.

The development server does serve requests at once. ``flask run`` and ``app.run()`` start
Werkzeug's server with ``threaded=True``, a new thread per request (the default since Flask 1.0,
not proven here), although Werkzeug's own ``run_simple`` defaults to ``threaded=False``. Answers that still say
``app.run()`` serves "only one client at a time" (the copy of an old Stack Overflow answer at
https://syntaxfix.com/question/19535/can-i-serve-multiple-clients-using-just-flask-app-run-as-standalone)
or that "in development mode, Flask uses only one thread"
(https://moviecultists.com/is-flask-single-threaded) describe Flask before 1.0. Switched off
with ``flask run --without-threads`` (or ``app.run(threaded=False)``, not proven here), the
server handles one request at a time on its main thread, and a second request starts only once
the first has answered. The tests tell the two apart by order, not by time: ``/meet`` makes each request wait
at a barrier for another one, and reports when it entered and when it left.

In production Gunicorn runs several worker processes (chapter 25), and processes share nothing:
a module-level counter is one counter per worker, its lock included.
Shared memory is the exception, and only if it was made before the fork. An answer that
recommends ``multiprocessing.Value`` for a count across workers
(https://w3toppers.com/increment-counter-for-every-access-to-a-flask-view/) adds "as long as the
processes are spawned after the value is created": by default Gunicorn forks first and each
worker then calls the factory, so a ``Value`` made there is one per worker; with ``--preload``
the master calls the factory once and forks after, and the workers share it. State shared by
every worker, and by every machine, belongs in a database or Redis (not proven here). Gunicorn's
default ``sync`` worker serves one request at a time per process; ``--threads`` gives each
worker threads, and the locks above matter again (not proven here).

Claims:
  C1. On a real threaded server, two requests held inside their views at once (by a barrier)
      run on two threads, and each reads back its own ``request``, ``g`` and ``session``:
      Flask 3.1 keeps the contexts in context variables, which no thread shares.
  C2. Correction: published answers say the development server serves one client at a time;
      ``flask run`` and ``app.run()`` serve each request on a new thread (``threaded=True``),
      so two ``/meet`` requests overlap; Werkzeug's own ``run_simple`` defaults to
      ``threaded=False``.
  C3. ``flask run --without-threads`` serves one request at a time on the main thread: of two
      ``/meet`` requests sent together, the first waits alone and answers before the second
      one enters.
  C4. A "current user" kept at module level is shared by every thread: two overlapping
      requests to ``/unsafe/meet`` both read back the name written last, so one user gets the
      other's.
  C5. A module-level counter updated without a lock loses updates: two visits that both read
      the count before either writes (forced at the log call between) add one, not two.
  C6. A lock held from the read to the write makes the second visit wait for the first one's
      write: the same two visits add two, and answer 1 and 2.
  C7. Gunicorn's workers are processes that share nothing: under ``-w 2`` the module-level
      counter is one per worker, and each worker counts its own visits from 1.
  C8. A ``multiprocessing.Value`` made by the factory is one per worker under ``gunicorn -w 2``
      too, and one for both workers under ``gunicorn --preload -w 2``, where the master calls
      the factory before it forks: ``/shared/visit`` then numbers the visits of both workers
      in one sequence, 1, 2, 3.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch41_concurrency run
  $ curl -s http://127.0.0.1:5000/meet/ada & curl -s http://127.0.0.1:5000/meet/bob; wait
  → "met":true,"request":"ada","session":"ada","stored":"ada"
  → "met":true,"request":"bob","session":"bob","stored":"bob"
  $ FLASK_MEET_TIMEOUT=1 flask --app chapters.ch41_concurrency run --without-threads --port 5001
  $ curl -s http://127.0.0.1:5001/meet/ada & curl -s http://127.0.0.1:5001/meet/bob; wait
  → "met":false  # each waited alone: one request at a time
  → "thread":"MainThread"
  $ gunicorn -w 2 -b 127.0.0.1:8000 'chapters.ch41_concurrency:create_app()'   → Booting worker with pid
  $ curl -s -X POST http://127.0.0.1:8000/visit   → "count":1
  $ gunicorn --preload -w 2 -b 127.0.0.1:8001 'chapters.ch41_concurrency:create_app()'   → Booting worker with pid
  $ curl -s -X POST http://127.0.0.1:8001/shared/visit   → "count":1
  $ curl -s -X POST http://127.0.0.1:8001/shared/visit   → "count":2  # whichever worker answers
"""

import contextlib
import itertools
import multiprocessing
import os
import threading
import types

from flask import Flask, g, request, session

TOPICS = ("threads", "contexts", "serving")
DELIBERATE_ERRORS = {  # not errors: a lone request waits MEET_TIMEOUT seconds for a second one
    "meet": "waits for a second request on purpose (C1-C3)",
    "meet_unsafely": "waits for a second request on purpose (C4)",
}

# The commands under Try it; the tests run them on a free port.
FLASK_RUN = ["flask", "--app", "chapters.ch41_concurrency", "run"]
WITHOUT_THREADS = [*FLASK_RUN, "--without-threads"]
GUNICORN = ["gunicorn", "-w", "2", "-b", "127.0.0.1:8000", "chapters.ch41_concurrency:create_app()"]
PRELOADED = ["gunicorn", "--preload", "-w", "2", "-b", "127.0.0.1:8001", "chapters.ch41_concurrency:create_app()"]

# Module level: one object per process, read and written by every thread in it.
CURRENT = types.SimpleNamespace(name=None)  # the mistake: a "current user" for everyone
VISITS = {"count": 0}
LOCK = threading.Lock()


def count_visit(app, lock):
    with lock:  # held from the read to the write, if it is a real lock
        seen = VISITS["count"]
        app.logger.debug("visit %d", seen + 1)  # any call between the two lets another thread run
        VISITS["count"] = seen + 1
    return {"count": seen + 1, "pid": os.getpid()}


def create_app(config=None):
    app = Flask(__name__)
    app.config["MEET_TIMEOUT"] = 10  # pragma: no mutate: seconds a lone request waits; tests set theirs
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY and FLASK_MEET_TIMEOUT, for "Try it"
    app.config.update(config or {})
    barrier, ticks = threading.Barrier(2), itertools.count()  # ticks: who entered and left when
    # Shared memory: shared with the processes forked after it is made, and only with those.
    shared = multiprocessing.Value("i", 0)  # pragma: no mutate: 0 is the default; "I" counts as well

    def meet_in(store, name):  # wait for another request, then read back what this one wrote
        entered = next(ticks)
        store.name = session["name"] = name
        try:
            barrier.wait(app.config["MEET_TIMEOUT"])
            met = True
        except threading.BrokenBarrierError:
            met = False  # no other request came in while this one waited
        return {"entered": entered, "left": next(ticks), "met": met, "request": request.view_args["name"],
                "session": session["name"], "stored": store.name, "thread": threading.current_thread().name}

    @app.get("/meet/<name>")
    def meet(name):
        return meet_in(g, name)

    @app.get("/unsafe/meet/<name>")
    def meet_unsafely(name):  # the mistake: the user kept at module level
        return meet_in(CURRENT, name)

    @app.post("/visit")
    def visit():
        return count_visit(app, LOCK)

    @app.post("/unsafe/visit")
    def visit_unsafely():  # no lock: another visit can read between this one's read and write
        return count_visit(app, contextlib.nullcontext())

    @app.post("/shared/visit")
    def visit_shared():
        with shared.get_lock():  # a lock in shared memory too: it holds back the other processes
            shared.value += 1
            return {"count": shared.value, "pid": os.getpid()}

    return app


def main():
    create_app().run(port=os.environ.get("PORT"))  # no threaded=: Flask passes threaded=True


if __name__ == "__main__":
    main()
