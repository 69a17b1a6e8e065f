"""
Q: What is Flask-Caching and how is it used?

A: Flask-Caching (2.5.1 here) keeps the result of work in a cache backend, so a repeated request
skips the work. It gives two decorators. ``@cache.cached(timeout=...)``, placed under
``@app.route``, stores a view's answer under a key made from the request path (chapter 22 shows
what that key leaves out); the next request for that path within the timeout gets the stored
answer and the view does not run. The timeout counts from when the answer was stored: once it
has passed, the next request runs the view again and stores the new answer.
``@cache.memoize(timeout=...)`` stores a plain function's result under a key made from the
function and its arguments, so each distinct argument tuple is computed once per timeout.

``CACHE_TYPE`` names the backend. ``NullCache`` is what you get when you set nothing: it stores
nothing and Flask-Caching warns that caching is disabled. ``SimpleCache`` keeps entries in the
memory of one app in one process. ``FileSystemCache`` writes each entry to a file in
``CACHE_DIR``, named by the SHA-256 of its key.
``RedisCache`` and ``MemcachedCache`` keep entries in a server over the network. They need their
client package, and without it ``Cache(app)`` fails. This book installs neither server nor
client; it proves that failure, and, with a stand-in ``redis`` module, that ``RedisCache`` takes
its server from ``CACHE_REDIS_URL`` when the app starts.

Where the cache lives matters as soon as a server runs several worker processes. A
``SimpleCache`` belongs to one worker: every worker computes the page for itself, and an entry
deleted in one worker is still served by the others. A ``FileSystemCache`` in a directory all
workers share is one cache for all of them. Opinion: use ``SimpleCache`` for development and
single-process servers, and a shared backend (Redis, one server for every worker and machine)
when there are several workers.

Claims:
  C1. ``@cache.cached(timeout=60)`` under ``@app.route`` stores the view's answer for 60 s: a
      GET of ``/report`` 59 s after the first gets the first answer and the view does not run;
      at 60 s the view runs again (a fake clock, no sleeping).
  C2. ``@cache.memoize(timeout=60)`` caches a function per argument values for 60 s: the same
      arguments compute once, other arguments compute again, and 60 s after the first call the
      same arguments compute anew.
  C3. With no ``CACHE_TYPE``, Flask-Caching 2.5 uses ``NullCache`` and warns ("caching is
      effectively disabled", a UserWarning); with ``NullCache`` the view runs on every request.
  C4. ``RedisCache`` and ``MemcachedCache`` are named like the local backends but need their
      client package: without it ``Cache(app)`` raises RuntimeError "no redis module found" or
      "no memcache module found".
  C5. ``RedisCache`` takes its server from ``CACHE_REDIS_URL``: ``Cache(app)`` hands that URL to
      the client package's ``redis.from_url`` (proven with a stand-in module, no server).
  C6. A ``SimpleCache`` belongs to one app: two apps (two workers) each run the view for
      themselves, and an entry deleted in one is still served by the other.
  C7. Two apps whose ``FileSystemCache`` uses the same ``CACHE_DIR`` share entries: the second
      app answers with the page the first app rendered, which lies in ``CACHE_DIR`` in a file
      named by the SHA-256 of its key ``view//report``.
  C8. Across processes: a child process with ``SimpleCache`` renders its own page, while a child
      with ``FileSystemCache`` on the parent's directory answers with the page the parent's
      process rendered.

Try it:
  $ flask --app chapters.ch21_flask_caching run
  $ curl http://127.0.0.1:5000/report   → report #1 rendered by worker main
  $ curl http://127.0.0.1:5000/report   → report #1 rendered by worker main  # cached: C1
"""

import itertools
import os

from flask import Flask
from flask_caching import Cache

TOPICS = ("caching",)

PRICES = {"tea": 3, "coffee": 4}


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(CACHE_TYPE="SimpleCache", WORKER="main")
    app.config.update(config or {})
    cache = Cache(app)
    renders, lookups = itertools.count(1), itertools.count(1)  # count real runs, not answers

    @app.route("/report")
    @cache.cached(timeout=60)
    def report():
        worker = app.config["WORKER"]
        return f"report #{next(renders)} rendered by worker {worker} (pid {os.getpid()})"

    @app.post("/report/refresh")
    def refresh_report():  # deletes the entry from this app's backend only
        cache.delete_cached(report)  # delete_cached is new in Flask-Caching 2.5.0
        return "", 204  # pragma: no mutate: Werkzeug sends no body with a 204

    @cache.memoize(timeout=60)
    def quote(item, quantity):
        return f"{quantity} {item}: {PRICES[item] * quantity} (lookup #{next(lookups)})"

    @app.route("/price/<any(tea, coffee):item>/<int:quantity>")  # only priced items match
    def price(item, quantity):
        return quote(item, quantity)

    return app
