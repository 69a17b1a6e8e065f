import contextlib
import http.client
import os
import secrets
import time
from urllib.parse import urlencode

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('PER_ADDRESS = "5 per minute"', 'PER_ADDRESS = "6 per minute"'),  # one attempt too many
           ("    @limiter.limit(PER_ADDRESS)\n    @limiter.limit(PER_ACCOUNT",  # the login forgotten
            "    @limiter.limit(PER_ACCOUNT")],
    "C2": ('app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)', ""),  # headers off: the default
    "C3": ("limiter = Limiter(get_remote_address, app=app)",  # a window that moves with each attempt
           'limiter = Limiter(get_remote_address, app=app, strategy="moving-window")'),
    "C4": [("    @limiter.limit(PER_ACCOUNT, key_func=lambda: request.form.get(\"username\", \"\"))\n", ""),  # per address only
           ('key_func=lambda: request.form.get("username", "")', 'key_func=lambda: request.form.get("username", "-")')],
    "C5": ('"-w", "2"', '"-w", "1", "--threads", "2"'),  # threads share the process's memory://
    "C6": ('app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")',  # the Redis URL ignored
           'app.config["RATELIMIT_STORAGE_URI"] = "memory://"'),
    "C7": ("limiter = Limiter(get_remote_address, app=app)",  # the leftmost X-Forwarded-For, always
           "limiter = Limiter(leftmost_forwarded_for, app=app)"),
    "C8": ('app.config.get("PROXY_HOPS"):', 'app.config.get("PROXY_HOPS") and False:'),  # ProxyFix never applied
    "C9": ("@limiter.limit(PER_ADDRESS, key_func=leftmost_forwarded_for)",  # the fix: the connection's address
           "@limiter.limit(PER_ADDRESS)"),
    "C10": ("x_for=app.config[\"PROXY_HOPS\"]", "x_for=0"),  # X-Forwarded-For ignored: no one can pick
}

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def users():
    """Ada's account. A cheap hash on purpose, for speed: the chapter checks whatever hash it is given."""
    from werkzeug.security import generate_password_hash

    return {"ada": generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")}


@pytest.fixture
def app(chapter, users, request):
    """The chapter's app with Ada's account (and any ``flask_config``)."""
    config = {"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "USERS": users}
    for marker in reversed(list(request.node.iter_markers("flask_config"))):
        config.update(marker.kwargs)
    return chapter.create_app(config)


def attempt(client, address="203.0.113.1", username="ada", password="guess", path="/login", **headers):
    """One login attempt through the test client, from ``address``: (status, attempts left)."""
    response = client.post(path, data={"username": username, "password": password},
                           environ_base={"REMOTE_ADDR": address}, headers=headers)
    return response.status_code, response.headers.get("X-RateLimit-Remaining")


def answer(client, **form):
    """One login attempt from the test client's own address: (status, JSON)."""
    response = client.post("/login", data=form)
    return response.status_code, response.json


def statuses(client, count, **kwargs):
    return [attempt(client, **kwargs)[0] for _ in range(count)]


class Clock:
    """A clock for the rate limit's storage (and Flask-Limiter's headers): time moves when told."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


# Real processes: started in the background as collection ends (textbook/live.py), adopted below.
def gunicorn(workers=None):
    """The chapter's ``GUNICORN`` command on a free port (``workers`` if given)."""
    def argv(chapter):
        command = [live.executable("gunicorn"), *chapter.GUNICORN[1:]]
        command[command.index("-b") + 1] = "127.0.0.1:{port}"
        if workers:
            command[command.index("-w") + 1] = str(workers)
        return command
    return argv


TWO_WORKERS = live.Background(gunicorn())  # the chapter's default storage: memory://
TWO_WORKERS_ON_REDIS = live.Background(gunicorn(), env=lambda chapter: {  # none: the test skips
    "FLASK_RATELIMIT_STORAGE_URI": os.environ.get("TEXTBOOK_REDIS_URL"),
    "FLASK_RATELIMIT_KEY_PREFIX": f"ch43-{secrets.token_hex(8)}"})
NO_PROXYFIX = live.Background(gunicorn(workers=1))
PROXYFIX = live.Background(gunicorn(workers=1), env={"FLASK_PROXY_HOPS": "1"})


def post(port, source, username, path="/login", **headers):
    """A login attempt over HTTP from the loopback address ``source`` (127.0.0.2 is another
    client than 127.0.0.3): (status, attempts left)."""
    connection = http.client.HTTPConnection(live.HOST, port, timeout=10, source_address=(source, 0))
    try:
        connection.request("POST", path, urlencode({"username": username, "password": "guess"}),
                           {"Content-Type": "application/x-www-form-urlencoded", **headers})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-RateLimit-Remaining")
    finally:
        connection.close()


@contextlib.contextmanager
def proxy_in_front_of(server):
    """A reverse proxy on 127.0.0.1 that forwards to ``server`` and, as nginx's
    ``$proxy_add_x_forwarded_for`` does, appends its client's address to X-Forwarded-For."""
    def proxy(environ, start_response):
        forwarded = ", ".join(filter(None, [environ.get("HTTP_X_FORWARDED_FOR"), environ["REMOTE_ADDR"]]))
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        connection = http.client.HTTPConnection(live.HOST, server.port, timeout=10)
        try:
            connection.request(environ["REQUEST_METHOD"], environ["PATH_INFO"], body,
                               {"Content-Type": environ.get("CONTENT_TYPE", ""), "X-Forwarded-For": forwarded})
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        kept = [(name, value) for name, value in response.getheaders() if name.lower() != "connection"]
        start_response(f"{response.status} {response.reason}", kept)
        return [content]

    with live.serve_app(proxy) as running:
        yield running


@pytest.fixture(scope="module")
def two_workers(chapter):
    with TWO_WORKERS.serve(chapter) as server:
        yield server


@pytest.fixture(scope="module")
def two_workers_on_redis(chapter, redis_url):
    with TWO_WORKERS_ON_REDIS.serve(chapter) as server:
        yield server


@pytest.fixture(scope="module")
def no_proxyfix(chapter):
    with NO_PROXYFIX.serve(chapter) as server:
        yield server


@pytest.fixture(scope="module")
def proxyfix(chapter):
    with PROXYFIX.serve(chapter) as server:
        yield server


def someone():
    """A username no other test uses: the per-account limit stays out of the way."""
    return f"user-{secrets.token_hex(4)}"


@pytest.mark.claim("C1")
def test_the_sixth_attempt_gets_429_even_with_the_right_password(client):
    assert statuses(client, 5) == [401] * 5
    assert attempt(client, password=PASSWORD)[0] == 429
    assert attempt(client, address="203.0.113.2", password=PASSWORD)[0] == 200


@pytest.mark.claim("C1")
def test_right_passwords_count_too(client):
    assert [answer(client, username="ada", password=PASSWORD) for _ in range(5)] == [(200, {"user": "ada"})] * 5
    assert answer(client, username="ada", password=PASSWORD)[0] == 429


@pytest.mark.claim("C1")
def test_wrong_or_missing_credentials_get_401(chapter, client):
    wrong = (401, {"error": "wrong username or password"})
    assert answer(client, username="ada") == answer(client, password=PASSWORD) == wrong
    assert answer(client, username="ada", password="guess") == answer(client, username="bob") == wrong
    assert answer(chapter.create_app().test_client(), username="ada") == wrong  # as it starts: no users


@pytest.mark.claim("C1")
def test_the_429_names_the_limit(client):
    statuses(client, 5, username=someone())
    response = client.post("/login", data={"username": "ada"}, environ_base={"REMOTE_ADDR": "203.0.113.1"})
    assert (response.status, response.json) == ("429 TOO MANY REQUESTS", {"error": "too many attempts",
                                                                           "limit": "5 per 1 minute"})


@pytest.mark.claim("C2")
def test_each_answer_says_how_many_attempts_are_left(client):
    answers = [client.post("/login", data={"username": someone()}) for _ in range(6)]
    assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["4", "3", "2", "1", "0", "0"]
    assert {r.headers["X-RateLimit-Limit"] for r in answers} == {"5"}
    assert answers[-1].json["error"] == "too many attempts"  # the app's handler, and the headers
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 61


@pytest.mark.claim("C2")
def test_the_exception_leaves_retry_after_empty(app, client):
    @app.errorhandler(429)
    def flaskvibe(e):  # specimen: flaskvibe.com's handler, as far as the wait goes
        return {"error": "Rate limit exceeded", "retry_after": e.retry_after}, 429

    answers = [client.post("/login", data={"username": someone()}) for _ in range(6)]
    assert answers[-1].json == {"error": "Rate limit exceeded", "retry_after": None}
    assert int(answers[-1].headers["Retry-After"]) > 0  # the header has it


@pytest.mark.claim("C3")
def test_the_window_reopens_a_minute_after_the_first_attempt(client, monkeypatch):
    clock = Clock(1_000_000.0)
    monkeypatch.setattr("limits.storage.memory.time", clock)  # the storage's clock, and the one
    monkeypatch.setattr("flask_limiter._extension.time", clock)  # Retry-After is computed with
    assert attempt(client, username=someone()) == (401, "4")
    clock.now += 30
    assert statuses(client, 5, username=someone()) == [401] * 4 + [429]
    clock.now += 29.9
    assert attempt(client, username=someone()) == (429, "0")
    clock.now += 0.1  # a minute after the first attempt: all five are back, the late ones too
    assert statuses(client, 6, username=someone()) == [401] * 5 + [429]


@pytest.mark.claim("C4")
def test_the_account_limit_stops_a_guesser_with_many_addresses(client):
    guesses = [attempt(client, address=f"198.51.100.{n}")[0] for n in range(1, 11)]
    assert guesses == [401] * 10  # one attempt per address: the address limit never counts past 1
    assert attempt(client, address="198.51.100.11")[0] == 429
    assert attempt(client, address="192.0.2.7", password=PASSWORD)[0] == 429  # Ada herself, locked out


@pytest.mark.claim("C4")
def test_a_request_with_no_username_is_not_counted_per_account(client, caplog):
    answers = [client.post("/login", data={"password": "guess"}, environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
               for n in range(1, 13)]
    assert [r.status_code for r in answers] == [401] * 12
    assert "Skipping limit: 10 per 1 hour. Empty value found in parameters." in caplog.text


@pytest.mark.claim("C5")
def test_two_workers_count_apart_on_memory_storage(two_workers):
    left, deadline = [], time.monotonic() + 30  # a bound: the second worker may still be booting
    while left.count("0") < 2 and time.monotonic() < deadline:  # until both workers gave out five
        status, remaining = post(two_workers.port, "127.0.0.2", someone())
        if status != 429:
            left.append(remaining)
    assert sorted(left) == ["0", "0", "1", "1", "2", "2", "3", "3", "4", "4"]  # two countdowns
    assert [post(two_workers.port, "127.0.0.2", someone())[0] for _ in range(4)] == [429] * 4


@pytest.mark.claim("C5")
def test_flask_limiter_warns_without_a_named_storage():
    from flask import Flask
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    with pytest.warns(UserWarning, match="Using the in-memory storage"):
        Limiter(get_remote_address, app=Flask(__name__))


@pytest.mark.claim("C6")
def test_two_workers_count_once_on_redis(two_workers_on_redis):
    answers = [post(two_workers_on_redis.port, "127.0.0.2", someone()) for _ in range(20)]
    assert answers == [(401, "4"), (401, "3"), (401, "2"), (401, "1"), (401, "0")] + [(429, "0")] * 15


@pytest.mark.claim("C6")
def test_two_apps_on_one_redis_share_counts_under_one_prefix(chapter, users, redis_url):
    prefix = f"ch43-{secrets.token_hex(8)}"
    apps = [chapter.create_app({"USERS": users, "RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": p})
            for p in (prefix, prefix, f"{prefix}-other")]
    first, second, other = (app.test_client() for app in apps)
    assert statuses(first, 3, username=someone()) + statuses(second, 3, username=someone()) == [401] * 5 + [429]
    assert statuses(other, 1, username=someone()) == [401]


@pytest.mark.claim("C7")
def test_behind_a_proxy_everyone_has_the_proxys_address(no_proxyfix):
    with proxy_in_front_of(no_proxyfix) as proxy:
        assert [post(proxy.port, "127.0.0.2", someone())[0] for _ in range(5)] == [401] * 5
        assert post(proxy.port, "127.0.0.3", someone()) == (429, "0")  # another client, refused at once


@pytest.mark.claim("C7")
def test_without_proxyfix_the_app_sees_the_proxys_address(client):
    proxy = "10.0.0.2"  # the address of every request that came through the proxy
    first = [attempt(client, proxy, someone(), **{"X-Forwarded-For": "203.0.113.1"})[0] for _ in range(5)]
    assert first == [401] * 5
    assert attempt(client, proxy, someone(), **{"X-Forwarded-For": "203.0.113.2"})[0] == 429


@pytest.mark.claim("C8")
def test_proxyfix_counts_the_clients_behind_a_proxy_apart(proxyfix):
    with proxy_in_front_of(proxyfix) as proxy:
        assert [post(proxy.port, "127.0.0.4", someone())[0] for _ in range(6)] == [401] * 5 + [429]
        assert post(proxy.port, "127.0.0.5", someone()) == (401, "4")
        spoofed = [post(proxy.port, "127.0.0.6", someone(), **{"X-Forwarded-For": f"6.6.6.{n}"})[0] for n in range(6)]
        assert spoofed == [401] * 5 + [429]  # the proxy appended 127.0.0.6: that is the one counted


@pytest.mark.claim("C8")
@pytest.mark.flask_config(PROXY_HOPS=2)
def test_behind_two_proxies_proxyfix_takes_the_second_entry_from_the_right(client):
    forwarded = lambda n: {"X-Forwarded-For": f"6.6.6.{n}, 203.0.113.9, 10.0.0.1"}  # noqa: E731  the client's, two proxies'
    assert [attempt(client, address="10.0.0.2", username=someone(), **forwarded(n))[0] for n in range(6)] == [401] * 5 + [429]
    assert attempt(client, address="10.0.0.2", username=someone(), **{"X-Forwarded-For": "203.0.113.10, 10.0.0.1"}) == (401, "4")


@pytest.mark.claim("C8")
@pytest.mark.flask_config(PROXY_HOPS=1)
def test_proxyfix_takes_the_entry_the_proxy_appended(client):
    forwarded = lambda n: {"X-Forwarded-For": f"6.6.6.{n}, 203.0.113.9"}  # noqa: E731  the client's, the proxy's
    assert [attempt(client, address="10.0.0.2", username=someone(), **forwarded(n))[0] for n in range(6)] == [401] * 5 + [429]
    assert attempt(client, address="10.0.0.2", username=someone(), **{"X-Forwarded-For": "203.0.113.10"}) == (401, "4")


@pytest.mark.claim("C9")
def test_the_specimen_key_is_the_leftmost_entry(chapter, app):
    def key(**environ):
        with app.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.2"}, **environ):
            return chapter.leftmost_forwarded_for()

    assert key(headers={"X-Forwarded-For": "6.6.6.6,203.0.113.9"}) == "6.6.6.6"  # the client wrote it
    assert (key(), key(headers={"X-Forwarded-For": ""})) == ("10.0.0.2", "10.0.0.2")  # no entry


@pytest.mark.claim("C9")
def test_the_leftmost_entry_lets_an_attacker_pick_its_address(client):
    from hypothesis import example, given, strategies as st

    seen = set()

    @given(st.ip_addresses(v=4).map(str))
    @example("6.6.6.6")
    def check(address):
        if address in seen:
            return
        seen.add(address)
        assert attempt(client, path="/unsafe/login", username=someone(), **{"X-Forwarded-For": address})[0] == 401

    check()
    assert len(seen) > 5  # more attempts than the limit, none refused


@pytest.mark.claim("C9")
def test_the_leftmost_entry_through_a_real_proxy_is_the_attackers(no_proxyfix):
    with proxy_in_front_of(no_proxyfix) as proxy:
        forged = [post(proxy.port, "127.0.0.7", someone(), "/unsafe/login", **{"X-Forwarded-For": f"7.7.7.{n}"})
                  for n in range(10)]
        assert forged == [(401, "4")] * 10  # each attempt a fresh address: the first of five, ten times


@pytest.mark.claim("C10")
def test_proxyfix_without_a_proxy_lets_a_client_pick_its_address(proxyfix):
    forged = [post(proxyfix.port, "127.0.0.8", someone(), **{"X-Forwarded-For": f"8.8.8.{n}"}) for n in range(10)]
    assert forged == [(401, "4")] * 10  # connected directly: no proxy appended anything


@pytest.mark.claim("C10")
@pytest.mark.flask_config(PROXY_HOPS=1)
def test_proxyfix_trusts_the_last_entry_whoever_wrote_it(client):
    answers = [attempt(client, username=someone(), **{"X-Forwarded-For": f"8.8.8.{n}"})[0] for n in range(10)]
    assert answers == [401] * 10
