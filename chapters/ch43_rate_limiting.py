"""
Q: How do you rate-limit a login endpoint?

A: Count each client's attempts and refuse those over a limit with ``429 Too Many Requests``.
Flask-Limiter (4.1.1 here, counting with limits 5.8) does the counting:
``Limiter(get_remote_address, app=app)``, then ``@limiter.limit("5 per minute")`` on the login
view. It checks the limit in a ``before_request`` hook, so over the limit the view does not run:
the sixth attempt is refused even with the right password, and every attempt counts, right or
wrong. With ``RATELIMIT_HEADERS_ENABLED`` each answer says how many attempts are left
(``X-RateLimit-Remaining``) and how long to wait (``Retry-After``), whatever a 429 handler
returns: Flask-Limiter adds them afterwards. The header is the only place the wait is given: the
exception the handler receives has ``retry_after`` set to None, so the JSON of
https://www.flaskvibe.com/tutorials/rate-limiting-flask, whose handler reports
``e.retry_after``, always says ``null``. The default strategy, a fixed window, opens at the
first attempt and lasts the period: a minute after it, the address may try again.

Per address is not enough for a login: an attacker with many addresses tries one account from
each. A second limit keyed by the username stops that, at a price: anyone can lock the real user
out by failing on purpose, and the chapter shows it (a CAPTCHA or a second factor instead of a
hard block is the usual answer: opinion). A key function that returns an empty string turns its
limit off for that request (Flask-Limiter logs "Skipping limit"): harmless for a login without a
username, a hole for a key such as an API key header a client can leave out (not proven here).

Where the counts live decides what "5" means. ``memory://`` keeps them in the process, so
Gunicorn's two workers count apart and ten attempts get through, not five, while
``X-RateLimit-Remaining`` goes up and down as the workers take turns: what users reported in
alisaifee/flask-limiter#256 and #441. A shared storage, Redis here
(``RATELIMIT_STORAGE_URI=redis://...``), counts once for every worker and every machine.
Flask-Limiter warns when no storage is named; this chapter names ``memory://`` and takes a Redis
URL from ``FLASK_RATELIMIT_STORAGE_URI``.

And who is one client? ``get_remote_address`` is ``request.remote_addr``: behind a reverse
proxy, the proxy's address, for everyone, so one guesser locks every user out of the login
(alisaifee/flask-limiter#278). ``ProxyFix(app.wsgi_app, x_for=1)`` (chapter 25) takes the
address the proxy appended to ``X-Forwarded-For``, the last entry, and ignores what the client
wrote before it. The leftmost entry is whatever the client sent: an attacker who changes it on
every attempt is never refused. Yet it is what ``request.access_route[0]`` returns ("the client
ip", says Werkzeug's docstring), what Flask-Limiter's own ``get_ipaddr`` used until
alisaifee/flask-limiter#41, what
https://highlit.co/explainers/sliding-window-login-rate-limiting-in-flask-explained-python-53c1
keys on, what alisaifee/flask-limiter#428 proposes and what a review bot recommends in
riteshbonthalakoti/HELPDESK.AI#2616. Trusting a proxy that is not there is as bad: with
``x_for=1`` and clients connecting directly, each client picks its own address.

Claims:
  C1. Over the limit the client gets 429: from one address five attempts are answered (401 for
      a wrong password, 200 for the right one: both count), the sixth is ``429 Too Many
      Requests`` even with the right password, and another address is still answered.
  C2. Correction: flaskvibe.com's 429 handler reports ``e.retry_after``, which Flask-Limiter 4.1
      leaves None (its JSON says ``null``); the wait is in the headers: with
      ``RATELIMIT_HEADERS_ENABLED`` each answer carries ``X-RateLimit-Limit: 5``, the attempts
      left (4 down to 0) and ``Retry-After`` in seconds, the app's JSON 429 too.
  C3. The window is fixed and opens at the first attempt: by the storage's clock, 59.9 s later
      the address is still refused, 60 s later it has five attempts again, however late in the
      window the other four came.
  C4. A second limit keyed by the username stops a guesser who changes address: the eleventh
      attempt on one account within the hour is refused from a fresh address, the real user's
      right password included; a request with no username is not counted by it (Flask-Limiter
      logs "Skipping limit").
  C5. ``memory://`` counts per process: on two Gunicorn workers, ten attempts from one address
      are answered before all are refused, each worker counting down its own five; Flask-Limiter
      warns when no storage is named.
  C6. A shared Redis storage counts once: on two Gunicorn workers five attempts are answered and
      the rest refused; two apps on one Redis share their counts under one key prefix and not
      under two.
  C7. Behind a reverse proxy without ProxyFix every client has the proxy's address: once one
      client behind it has used the five attempts, another client behind it is refused at once.
  C8. ProxyFix trusting as many hops as there are proxies (``PROXY_HOPS``) takes the address the
      outermost proxy saw the client connect from: two clients behind one proxy are counted
      apart, and an ``X-Forwarded-For`` a client writes itself changes nothing, behind one proxy
      or two.
  C9. Correction: highlit.co, alisaifee/flask-limiter#428 and a review bot in
      riteshbonthalakoti/HELPDESK.AI#2616 take the leftmost ``X-Forwarded-For`` entry
      (``request.access_route[0]``) as the client's address; it is the client's own choice: an
      attacker who changes it on every attempt is never refused, behind the proxy or not.
  C10. ProxyFix trusting a proxy that is not there lets each client choose its address: an
      attacker connecting directly who changes ``X-Forwarded-For`` on every attempt is never
      refused.

Try it:
  $ flask --app chapters.ch43_rate_limiting run
  $ for i in 1 2 3 4 5; do curl -s -o /dev/null -w '%{http_code} ' -d 'username=ada&password=guess' http://127.0.0.1:5000/login; done   → 401 401 401 401 401
  $ curl -si -d 'username=ada&password=guess' http://127.0.0.1:5000/login   → 429 TOO MANY REQUESTS
  → "limit":"5 per 1 minute"
  → X-RateLimit-Remaining: 0
  → Retry-After:
  $ for i in 1 2 3 4 5 6; do curl -s -o /dev/null -w '%{http_code} ' -H "X-Forwarded-For: 10.0.0.$i" -d 'username=ada&password=guess' http://127.0.0.1:5000/unsafe/login; done   → 401 401 401 401 401 401  # C9: never refused
"""

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import check_password_hash

TOPICS = ("rate_limit", "security")

PER_ADDRESS = "5 per minute"
PER_ACCOUNT = "10 per hour"
# The command the tests run with a free port (C5, C6): two worker processes.
GUNICORN = ["gunicorn", "-w", "2", "-b", "127.0.0.1:8000", "chapters.ch43_rate_limiting:create_app()"]


def leftmost_forwarded_for():  # specimen: the first X-Forwarded-For entry, else the address
    return (request.access_route or [request.remote_addr])[0]


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_RATELIMIT_STORAGE_URI=redis://..., FLASK_PROXY_HOPS=1
    app.config.update(config or {})
    # Named, so Flask-Limiter does not warn; memory:// counts in this process only (C5).
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")  # pragma: no mutate: any case works
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    if app.config.get("PROXY_HOPS"):  # the proxies in front of the app: trust no more
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"])
    limiter = Limiter(get_remote_address, app=app)  # one client: one request.remote_addr

    def check_password():
        stored = app.config.get("USERS", {}).get(request.form.get("username"))
        password = request.form.get("password", "")  # pragma: no mutate: "XXXX" is no one's either
        if stored and check_password_hash(stored, password):
            return {"user": request.form["username"]}
        return {"error": "wrong username or password"}, 401

    @app.errorhandler(429)
    def too_many_attempts(error):  # JSON like the 401; Flask-Limiter adds its headers after this
        return {"error": "too many attempts", "limit": error.description}, 429

    @app.post("/login")
    @limiter.limit(PER_ADDRESS)
    @limiter.limit(PER_ACCOUNT, key_func=lambda: request.form.get("username", ""))
    def login():
        return check_password()

    @app.post("/unsafe/login")
    @limiter.limit(PER_ADDRESS, key_func=leftmost_forwarded_for)
    def unsafe_login():
        return check_password()

    return app
