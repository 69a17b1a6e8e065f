import json
import secrets
import signal
import time

import pytest

from textbook import live

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "book.example"}


def gunicorn(tmp_path, workers):
    argv = [live.executable("gunicorn"), "-w", str(workers), "-b", "127.0.0.1:{port}",
            "chapters.ch25_deployment:create_app()"]
    return live.serve_command(argv, tmp_path, env={"SECRET_KEY": secrets.token_hex(32)})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("gunicorn"), workers=2) as running:
        yield running


def whoami(server, headers=None):
    status, _, body = server.request("GET", "/whoami", headers=headers)
    assert status == 200
    return json.loads(body)


@pytest.mark.claim("C1")
def test_gunicorn_serves_the_factory(server):
    answer = whoami(server)
    assert (answer["scheme"], answer["debug"]) == ("http", False)
    assert "Booting worker with pid" in server.output()


@pytest.mark.claim("C2")
def test_two_workers_answer_with_two_pids(server):
    deadline, pids = time.monotonic() + 10, set()
    while len(pids) < 2 and time.monotonic() < deadline:
        pids.add(whoami(server)["pid"])
    assert len(pids) == 2 and server.process.pid not in pids


@pytest.mark.claim("C3")
def test_sigterm_stops_gunicorn_gracefully(tmp_path):
    with gunicorn(tmp_path, workers=1) as running:
        running.process.send_signal(signal.SIGTERM)
        assert running.process.wait(10) == 0
        assert "Handling signal: term" in running.output()
        assert "Shutting down: Master" in running.output()


@pytest.mark.claim("C4")
def test_without_proxyfix_forwarded_headers_are_ignored(client):
    answer = client.get("/whoami", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_json()
    assert (answer["scheme"], answer["host"], answer["remote_addr"]) == ("http", "localhost", "10.0.0.2")


@pytest.mark.claim("C5")
@pytest.mark.flask_config(PROXY_HOPS=1)
def test_proxyfix_trusting_one_hop_sees_the_client(client):
    answer = client.get("/whoami", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_json()
    assert (answer["scheme"], answer["host"], answer["remote_addr"]) == ("https", "book.example", "203.0.113.7")
    assert answer["url"] == "https://book.example/whoami"


@pytest.mark.claim("C6")
@pytest.mark.flask_config(PROXY_HOPS=1)
def test_a_spoofed_forwarded_for_entry_is_ignored(client):
    headers = {**FORWARDED, "X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    assert client.get("/whoami", headers=headers).get_json()["remote_addr"] == "203.0.113.7"


@pytest.mark.claim("C7")
def test_factory_refuses_to_start_without_a_secret(chapter, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="set SECRET_KEY in the environment"):
        chapter.create_app()
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    app = chapter.create_app()
    assert (app.debug, app.secret_key) == (False, "s" * 64)
