import hashlib
import json
import os
import subprocess
import sys
import types

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("    @cache.cached(timeout=60)\n    def report", "    def report"),  # forgotten
           ("@cache.cached(timeout=60)\n    def", "@cache.cached(timeout=0)\n    def")],  # 0 is
    # not "no caching" but "never expire"
    "C2": [("    @cache.memoize(timeout=60)\n", ""),  # decorator forgotten
           ("@cache.memoize(timeout=60)\n    def", "@cache.memoize(timeout=0)\n    def")],
    "C3": [('WORKER="main")', 'WORKER="main", CACHE_NO_NULL_WARNING=True)'),  # warning silenced
           ("app.config.update(config or {})",  # the factory pins its backend over the config
            'app.config.update(config or {}, CACHE_TYPE="SimpleCache")')],
    "C4": [("cache = Cache(app)", "cache = Cache()"),  # never bound: no backend is built
           ("app.config.update(config or {})",
            'app.config.update(config or {}, CACHE_TYPE="SimpleCache")')],
    "C5": [("cache = Cache(app)", "cache = Cache()"),
           ("app.config.update(config or {})",
            'app.config.update(config or {}, CACHE_TYPE="SimpleCache")')],
    "C6": ("cache.delete_cached(report)", 'cache.delete("report")'),  # the function's name is
    # not the view's key ("view//report"): nothing is deleted
    "C7": ("app.config.update(config or {})",
           'app.config.update(config or {}, CACHE_TYPE="SimpleCache")'),
    "C8": ("app.config.update(config or {})",
           'app.config.update(config or {}, CACHE_TYPE="SimpleCache")'),
}

CHILD = """
import json, sys
from chapters.ch21_flask_caching import create_app
print(create_app(json.loads(sys.argv[1])).test_client().get("/report").text)
"""


def render_in_child(config, cwd):
    """GET /report in a fresh Python process: a second worker with the given cache config."""
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(config)], cwd=cwd,
                          env=live.book_environment(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def clock(monkeypatch):
    """SimpleCache's clock, at a whole second; ``clock.now += 60`` moves time on."""

    class Clock:
        now = 1_000_000.0

    monkeypatch.setattr("cachelib.simple.time", lambda: Clock.now)
    return Clock


def mine(number, worker="main"):
    return f"report #{number} rendered by worker {worker} (pid {os.getpid()})"


@pytest.mark.claim("C1")
def test_cached_view_runs_once_for_two_requests(client):
    assert [client.get("/report").text, client.get("/report").text] == [mine(1), mine(1)]


@pytest.mark.claim("C1")
def test_cached_view_runs_again_once_its_60_s_have_passed(client, clock):
    first = client.get("/report").text
    clock.now += 59
    still = client.get("/report").text
    clock.now += 1
    assert [first, still, client.get("/report").text] == [mine(1), mine(1), mine(2)]


@pytest.mark.claim("C2")
def test_memoize_computes_once_per_argument_values(client):
    answers = [client.get(path).text for path in
               ["/price/tea/2", "/price/tea/2", "/price/tea/3", "/price/coffee/2"]]
    assert answers == ["2 tea: 6 (lookup #1)", "2 tea: 6 (lookup #1)",
                       "3 tea: 9 (lookup #2)", "2 coffee: 8 (lookup #3)"]


@pytest.mark.claim("C2")
def test_memoized_result_is_computed_anew_after_60_s(client, clock):
    first = client.get("/price/tea/2").text
    clock.now += 59
    still = client.get("/price/tea/2").text
    clock.now += 1
    again = client.get("/price/tea/2").text
    assert [first, still, again] == ["2 tea: 6 (lookup #1)"] * 2 + ["2 tea: 6 (lookup #2)"]


@pytest.mark.claim("C3")
def test_without_cache_type_the_backend_is_nullcache_with_a_warning():
    from flask_caching import Cache
    from flask_caching.backends import NullCache

    from flask import Flask

    app = Flask("bare")
    with pytest.warns(UserWarning, match="NullCache, caching is effectively disabled"):
        cache = Cache(app)
    with app.app_context():
        assert type(cache.cache) is NullCache


@pytest.mark.claim("C3")
def test_nullcache_runs_the_view_every_time(chapter):
    with pytest.warns(UserWarning, match="NullCache"):
        client = chapter.create_app({"TESTING": True, "CACHE_TYPE": "NullCache"}).test_client()
    assert [client.get("/report").text, client.get("/report").text] == [mine(1), mine(2)]


@pytest.mark.claim("C4")
@pytest.mark.parametrize("backend, package",
                         [("RedisCache", "redis"), ("MemcachedCache", "memcache")])
def test_networked_backend_needs_its_client_package(chapter, monkeypatch, backend, package):
    monkeypatch.setitem(sys.modules, package, None)  # the book installs redis for chapter 45: hide it
    with pytest.raises(RuntimeError, match=f"^no {package} module found$"):
        chapter.create_app({"CACHE_TYPE": backend})


@pytest.mark.claim("C5")
def test_rediscache_takes_its_server_from_cache_redis_url(chapter, monkeypatch):
    calls = []
    stand_in = types.ModuleType("redis")
    stand_in.from_url = lambda url, **options: calls.append((url, options)) or object()
    monkeypatch.setitem(sys.modules, "redis", stand_in)
    chapter.create_app({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": "redis://127.0.0.1:6390/2"})
    assert calls == [("redis://127.0.0.1:6390/2", {"db": 0})]


@pytest.mark.claim("C6")
def test_each_simplecache_worker_renders_for_itself(chapter):
    a, b = (chapter.create_app({"WORKER": w}).test_client() for w in "ab")
    assert [a.get("/report").text, b.get("/report").text] == [mine(1, "a"), mine(1, "b")]


@pytest.mark.claim("C6")
def test_deleting_in_one_simplecache_worker_leaves_the_other_stale(chapter):
    a, b = (chapter.create_app({"WORKER": w}).test_client() for w in "ab")
    a.get("/report")
    b.get("/report")
    assert a.post("/report/refresh").status_code == 204
    assert [a.get("/report").text, b.get("/report").text] == [mine(2, "a"), mine(1, "b")]


@pytest.mark.claim("C7")
def test_filesystemcache_workers_on_one_directory_share_entries(chapter, tmp_path):
    shared = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path)}
    a, b = (chapter.create_app({**shared, "WORKER": w}).test_client() for w in "ab")
    assert [a.get("/report").text, b.get("/report").text] == [mine(1, "a"), mine(1, "a")]


@pytest.mark.claim("C7")
def test_filesystemcache_entry_is_a_file_named_by_the_key_hash(chapter, tmp_path):
    worker = chapter.create_app({"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path)})
    before = set(tmp_path.iterdir())
    worker.test_client().get("/report")
    added = {path.name for path in set(tmp_path.iterdir()) - before}
    assert added == {hashlib.sha256(b"view//report").hexdigest()}


@pytest.mark.claim("C8")
def test_simplecache_in_another_process_renders_its_own_page(client, tmp_path):
    assert client.get("/report").text == mine(1)
    answer = render_in_child({"WORKER": "child"}, tmp_path)
    assert answer.startswith("report #1 rendered by worker child (pid ")
    assert answer != mine(1, "child")  # another pid: the child rendered it


@pytest.mark.claim("C8")
def test_filesystemcache_in_another_process_serves_the_parents_page(chapter, tmp_path):
    shared = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    assert chapter.create_app(shared).test_client().get("/report").text == mine(1)
    assert render_in_child({**shared, "WORKER": "child"}, tmp_path) == mine(1)
