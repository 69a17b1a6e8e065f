import json
import os
import secrets
import signal
import time

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('create_app()"]', 'create_app"]'),  # no parentheses: Gunicorn serves the factory itself
           ("    return app\n", "")],           # the factory forgets to return the app
    "C2": ('"-w", "2"', '"-w", "1"'),             # one worker: every answer from the same PID
    "C3": ("    return app\n",                    # a cleanup hook that swallows SIGTERM in the workers
           '    __import__("signal").signal(__import__("signal").SIGTERM, lambda *args: None)\n'
           "    return app\n"),
    "C4": ('get("PROXY_HOPS")', 'get("PROXY_HOPS", 1)'),  # ProxyFix always on: trusts any client
    "C5": [("x_host=hops)", ")"),                 # X-Forwarded-Host left out: URLs name the inner host
           ("x_proto=hops", "x_proto=0")],        # X-Forwarded-Proto ignored: http URLs behind TLS
    "C6": [("x_for=hops,", "x_for=hops + 1,"),    # one hop more trusted than there are: spoofable
           ("x_proto=hops", "x_proto=1")],        # the scheme trusts one hop whatever the config says
    "C7": [('os.environ.get("SECRET_KEY")', 'os.environ.get("SECRET_KEY", "dev")'),  # a key in code
           ('    if not app.config.get("SECRET_KEY"):\n        app.config', "    app.config")],  # env wins
    "C9": ('"-w", "2",', '"-w", "2", "--forwarded-allow-ips", "10.0.0.1",'),  # a proxy elsewhere
    "C8": [("app.config.update(config or {})", 'app.config.update(config or {}, DEBUG=True)'),  # left on
           ("app.config.update(config or {})", 'app.config.update(config or {}, DEBUG=False)')],  # pinned
}

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "book.example"}
PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # the address the app sees: the proxy's


def gunicorn(workers=None):
    """The chapter's ``GUNICORN`` command on a free port (and ``workers`` if given)."""
    def argv(chapter):
        command = [live.executable("gunicorn"), *chapter.GUNICORN[1:]]
        command[command.index("-b") + 1] = "127.0.0.1:{port}"
        if workers:
            command[command.index("-w") + 1] = str(workers)
        return command
    return argv


KEY = {"SECRET_KEY": secrets.token_hex(32)}
# Started in the background when collection ends (textbook/live.py), adopted below.
# The command as given, with no FLASK_DEBUG (live.py drops FLASK_*) and Gunicorn's default
# forwarded_allow_ips.
AS_GIVEN = live.Background(gunicorn(), env={**KEY, "FORWARDED_ALLOW_IPS": None})
# One worker, with debug switched on and the trusted proxy somewhere else.
RECONFIGURED = live.Background(gunicorn(workers=1), env={**KEY, "FLASK_DEBUG": "1",
                                                          "FORWARDED_ALLOW_IPS": "10.0.0.1"})
TO_STOP = live.Background(gunicorn(workers=1), env=KEY)  # the one the SIGTERM test stops


@pytest.fixture(scope="module")
def server(chapter):
    with AS_GIVEN.serve(chapter) as running:
        yield running


@pytest.fixture(scope="module")
def reconfigured(chapter):
    with RECONFIGURED.serve(chapter) as running:
        yield running


def whoami(server, headers=None):
    status, _, body = server.request("GET", "/whoami", headers=headers)
    assert status == 200
    return json.loads(body)


@pytest.mark.claim("C1")
def test_gunicorn_serves_the_factory(server):
    answer = whoami(server)
    assert (answer["scheme"], answer["url"]) == ("http", f"http://127.0.0.1:{server.port}/whoami")
    assert "Booting worker with pid" in server.output()


@pytest.mark.claim("C2")
def test_two_workers_answer_with_two_pids(server):
    deadline, pids = time.monotonic() + 10, set()
    while len(pids) < 2 and time.monotonic() < deadline:
        pids.add(whoami(server)["pid"])
    assert len(pids) == 2 and server.process.pid not in pids


@pytest.mark.claim("C3")
def test_sigterm_stops_gunicorn_gracefully(chapter):
    with TO_STOP.serve(chapter) as running:
        worker = whoami(running)["pid"]  # the worker has booted the app and answered
        running.process.send_signal(signal.SIGTERM)
        assert running.process.wait(10) == 0
        log = running.output()
        assert "Handling signal: term" in log and "Shutting down: Master" in log
        assert f"Worker exiting (pid: {worker})" in log


@pytest.mark.claim("C4")
def test_without_proxyfix_forwarded_headers_are_ignored(client):
    answer = client.get("/whoami", headers=FORWARDED, environ_base=PROXY).get_json()
    assert answer == {"pid": os.getpid(), "scheme": "http", "host": "localhost", "debug": False,
                      "remote_addr": "10.0.0.2", "url": "http://localhost/whoami"}


@pytest.mark.claim("C5")
@pytest.mark.flask_config(PROXY_HOPS=1)
def test_proxyfix_trusting_one_hop_sees_the_client(client):
    answer = client.get("/whoami", headers=FORWARDED, environ_base=PROXY).get_json()
    assert (answer["scheme"], answer["host"], answer["remote_addr"]) == ("https", "book.example", "203.0.113.7")
    assert answer["url"] == "https://book.example/whoami"


@pytest.mark.claim("C6")
@pytest.mark.flask_config(PROXY_HOPS=1)
def test_a_spoofed_forwarded_for_entry_is_ignored(client):
    headers = {**FORWARDED, "X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    assert client.get("/whoami", headers=headers).get_json()["remote_addr"] == "203.0.113.7"


@pytest.mark.claim("C6")
@pytest.mark.flask_config(PROXY_HOPS=2)
def test_two_trusted_hops_use_the_second_entry_from_the_right(client):
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7, 10.0.0.1",
               "X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "book.example, inner"}
    answer = client.get("/whoami", headers=headers, environ_base=PROXY).get_json()
    assert (answer["scheme"], answer["host"], answer["remote_addr"]) == ("https", "book.example", "203.0.113.7")


@pytest.mark.claim("C7")
def test_factory_refuses_to_start_without_a_secret(chapter, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="^set SECRET_KEY in the environment: the book keeps no secret in code$"):
        chapter.create_app()
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    assert chapter.create_app().secret_key == "s" * 64


@pytest.mark.claim("C7")
def test_a_configured_key_wins_over_the_environment(chapter, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "e" * 64)
    assert chapter.create_app({"SECRET_KEY": "c" * 64}).secret_key == "c" * 64


@pytest.mark.claim("C8")
def test_debug_is_off_without_flask_debug(chapter, server, monkeypatch):
    assert "FLASK_DEBUG" not in os.environ  # conftest clears it, and the server's environment
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    assert chapter.create_app().debug is False
    assert whoami(server)["debug"] is False


@pytest.mark.claim("C8")
def test_flask_debug_turns_debug_on(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = chapter.create_app({"TESTING": True, "SECRET_KEY": "s" * 64})
    assert app.debug is True
    assert app.test_client().get("/whoami").get_json()["debug"] is True


@pytest.mark.claim("C8")
def test_flask_debug_turns_debug_on_under_gunicorn(reconfigured):
    assert whoami(reconfigured)["debug"] is True


@pytest.mark.claim("C9")
def test_gunicorn_trusts_forwarded_proto_from_loopback_only(server):
    answer = whoami(server, headers=FORWARDED)  # from 127.0.0.1, like a proxy on the same host
    assert (answer["scheme"], answer["host"], answer["remote_addr"]) == (
        "https", f"127.0.0.1:{server.port}", "127.0.0.1")


@pytest.mark.claim("C9")
def test_gunicorn_ignores_forwarded_proto_from_other_addresses(reconfigured):
    assert whoami(reconfigured, headers=FORWARDED)["scheme"] == "http"
