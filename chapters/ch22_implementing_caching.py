"""
Q: Explain how to implement caching in Flask using Flask-Caching.

A: Create one ``Cache()`` object, bind it to the app with ``cache.init_app(app)`` (or
``Cache(app)``), pick a backend with ``CACHE_TYPE``, and put ``@cache.cached(timeout=...)``
under ``@app.route`` on each view to cache. The source's configuration ``CACHE_TYPE =
'simple'`` no longer works: on Flask-Caching 2.5.1 binding the cache raises
``ImportStringError``, because it looks for a module ``flask_caching.backends.simple`` that is
not there (the changelog of 2.5.0 records the removal of the lowercase names). The name is
``SimpleCache``. The source's ``slow_function`` also lost its two decorators in copying; restored,
it runs once and then answers from the cache until its timeout has passed, then runs again.
``SimpleCache`` decides expiry with the ``time`` function that ``cachelib.simple`` imported from
the time module when it was loaded, so a test moves that name, not ``time.time``, to travel in
time without sleeping.

The order of the decorators matters. ``@app.route`` registers whatever function it receives, so
it must be outermost; written above it, ``@cache.cached`` wraps a function that Flask never
calls, and nothing is cached.

What decides a hit is the key. By default a cached view's key is ``"view/" + request.path``,
and nothing else. The query string is left out, so ``/search?q=a`` and ``/search?q=b`` get the
same answer until ``query_string=True`` puts the sorted arguments into the key. The method is
left out, so a POST to a cached view that accepts GET and POST gets the cached GET page and the
view never sees the POST; ``unless=`` skips the cache for such requests. The user is left out
too: a page built from the session is cached once and served to everyone, which leaks one
user's page to the next visitor. A ``key_prefix`` function that puts the user into the key
keeps their pages apart.

``@cache.memoize`` caches a function per argument values. ``cache.delete_memoized(f, *args)``
forgets the entry for those arguments (a write calls it so the next read is fresh),
``cache.delete(key)`` forgets one key, and ``cache.clear()`` forgets everything.

Claims:
  C1. Correction: the source configures ``CACHE_TYPE = 'simple'``; on Flask-Caching 2.5.1 that
      raises ``ImportStringError`` when the cache is bound to the app. ``'SimpleCache'`` works.
  C2. The source's ``slow_function``, with ``@app.route("/slow")`` and
      ``@cache.cached(timeout=50)`` restored, runs once for any number of GETs within 50 s of
      the first.
  C3. After the timeout the view runs again: 49 s later the answer is still cached, 50 s later
      it is computed anew (a fake clock, no sleeping).
  C4. ``SimpleCache`` reads the clock through ``cachelib.simple.time``: patching ``time.time``
      leaves a cached entry alive, patching ``cachelib.simple.time`` expires it.
  C5. A cached view's default key is ``"view/" + request.path``: ``cache.delete("view//slow")``
      forgets the ``/slow`` page, and ``cache.clear()`` forgets every entry.
  C6. The query string is not in the default key: ``/search?q=a`` and ``?q=b`` get the same
      answer; with ``query_string=True`` they differ, and argument order does not matter.
  C7. The method is not in the key: a POST to a cached GET/POST view gets the cached GET answer
      and the view does not run; with ``unless=`` for non-GET requests the POST reaches the view.
  C8. The user is not in the key: a cached page built from the session shows the first user's
      page to a second user; a ``key_prefix`` function with the user in it keeps them apart,
      and a user named ``None`` apart from a visitor who has not logged in.
  C9. ``@cache.memoize`` caches per argument value, and ``cache.delete_memoized(f, item)`` after
      a write (``PUT /price/tea/5``) forgets only that item's entry.
  C10. With ``@cache.cached`` written above ``@app.route`` nothing is cached: the view runs on
      every request.
  C11. Every view escapes what it echoes (``q``, ``page``, the user's name), on the first
      request and from the cache alike: ``?q=<script>`` comes back as ``&lt;script&gt;``.

Try it:
  $ flask --app chapters.ch22_implementing_caching run
  $ curl 'http://127.0.0.1:5000/search?q=a'   → results for a #1
  $ curl 'http://127.0.0.1:5000/search?q=b'   → results for a #1  # the query is not in the key: C6
"""

import itertools

from flask import Flask, request, session
from flask_caching import Cache
from markupsafe import escape

TOPICS = ("caching",)

cache = Cache()  # one extension object; init_app gives each app its own backend


def user_key():
    return f"view/{session.get('user')!r}{request.path}"  # repr: the user "None" is not None


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(CACHE_TYPE="SimpleCache")  # the source's 'simple' is gone since 2.5.0
    app.config.update(config or {})
    cache.init_app(app)
    runs = itertools.count(1)  # "#n" in an answer: the n-th time a view really ran
    prices = {"tea": 3, "coffee": 4}

    @app.route("/slow")
    @cache.cached(timeout=50)
    def slow_function():  # the source's view, both decorators restored
        return f"Slow response #{next(runs)}"

    @app.route("/search")
    @cache.cached(timeout=50)
    def search():
        return f"results for {escape(request.args.get('q'))} #{next(runs)}"

    @app.route("/search-by-query")
    @cache.cached(timeout=50, query_string=True)
    def search_by_query():
        q, page = escape(request.args.get("q")), escape(request.args.get("page"))
        return f"results for {q} page {page} #{next(runs)}"

    @app.route("/form", methods=["GET", "POST"])
    @cache.cached(timeout=50)
    def form():
        return f"{request.method} #{next(runs)}"

    @app.route("/form-get-cached", methods=["GET", "POST"])
    @cache.cached(timeout=50, unless=lambda: request.method != "GET")
    def form_get_cached():
        return f"{request.method} #{next(runs)}"

    @app.route("/login/<name>")
    def login(name):
        session["user"] = name
        return f"logged in as {escape(name)}"

    @app.route("/dashboard")
    @cache.cached(timeout=50)  # leaks: one page for every user
    def dashboard():
        return f"dashboard of {escape(session.get('user'))} #{next(runs)}"

    @app.route("/my-dashboard")
    @cache.cached(timeout=50, key_prefix=user_key)
    def my_dashboard():
        return f"dashboard of {escape(session.get('user'))} #{next(runs)}"

    @cache.memoize(timeout=50)
    def price_of(item):
        return f"{item} costs {prices[item]} #{next(runs)}"

    @app.get("/price/<any(tea, coffee):item>")
    def price(item):
        return price_of(item)

    @app.put("/price/<any(tea, coffee):item>/<int:amount>")
    def set_price(item, amount):
        prices[item] = amount
        cache.delete_memoized(price_of, item)  # the next read of this item is fresh
        return price_of(item)

    @cache.cached(timeout=50)  # the wrong order: the route registered the uncached function
    @app.route("/wrong-order")
    def wrong_order():
        return f"Slow response #{next(runs)}"

    return app
