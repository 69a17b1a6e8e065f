import time

import pytest


@pytest.fixture
def clock(monkeypatch):
    """SimpleCache's clock, at a whole second; ``clock.now += 50`` moves time on."""

    class Clock:
        now = 1_000_000.0

    monkeypatch.setattr("cachelib.simple.time", lambda: Clock.now)
    return Clock


def texts(client, *paths):
    return [client.get(path).text for path in paths]


@pytest.mark.claim("C1")
def test_source_cache_type_simple_raises_on_flask_caching_2_5(chapter):
    from werkzeug.utils import ImportStringError

    with pytest.raises(ImportStringError, match="'flask_caching.backends.simple'"):
        chapter.create_app({"CACHE_TYPE": "simple"})


@pytest.mark.claim("C1")
def test_simplecache_is_the_working_name(chapter):
    from flask_caching.backends import SimpleCache

    app = chapter.create_app({"CACHE_TYPE": "SimpleCache"})
    with app.app_context():
        assert type(chapter.cache.cache) is SimpleCache


@pytest.mark.claim("C2")
def test_source_slow_function_runs_once_within_the_timeout(client, clock):
    assert texts(client, "/slow", "/slow", "/slow") == ["Slow response #1"] * 3


@pytest.mark.claim("C3")
def test_slow_function_runs_again_once_the_timeout_has_passed(client, clock):
    first = client.get("/slow").text
    clock.now += 49
    still = client.get("/slow").text
    clock.now += 1
    again = client.get("/slow").text
    assert [first, still, again] == ["Slow response #1", "Slow response #1", "Slow response #2"]


@pytest.mark.claim("C4")
def test_patching_time_time_does_not_expire_an_entry(client, monkeypatch):
    client.get("/slow")
    a_day_later = time.time() + 86_400
    monkeypatch.setattr(time, "time", lambda: a_day_later)
    assert client.get("/slow").text == "Slow response #1"


@pytest.mark.claim("C4")
def test_patching_cachelib_simple_time_expires_an_entry(client, monkeypatch):
    client.get("/slow")
    a_day_later = time.time() + 86_400
    monkeypatch.setattr("cachelib.simple.time", lambda: a_day_later)
    assert client.get("/slow").text == "Slow response #2"


@pytest.mark.claim("C5")
def test_cache_delete_with_the_view_key_forgets_the_page(chapter, app, client):
    client.get("/slow")
    with app.app_context():
        assert chapter.cache.delete("view//slow") is True
    assert client.get("/slow").text == "Slow response #2"


@pytest.mark.claim("C5")
def test_cache_clear_forgets_every_entry(chapter, app, client):
    before = texts(client, "/slow", "/search")
    with app.app_context():
        chapter.cache.clear()
    assert before + texts(client, "/slow", "/search") == [
        "Slow response #1", "results for None #2", "Slow response #3", "results for None #4"]


@pytest.mark.claim("C6")
def test_query_string_is_not_in_the_default_key(client):
    assert texts(client, "/search?q=a", "/search?q=b") == ["results for a #1"] * 2


@pytest.mark.claim("C6")
def test_query_string_true_keys_by_the_sorted_arguments(client):
    answers = texts(client, "/search-by-query?q=a&page=2", "/search-by-query?q=b&page=2",
                    "/search-by-query?page=2&q=a")
    assert answers == ["results for a page 2 #1", "results for b page 2 #2",
                       "results for a page 2 #1"]


@pytest.mark.claim("C7")
def test_post_to_a_cached_view_gets_the_cached_get_answer(client):
    assert [client.get("/form").text, client.post("/form").text] == ["GET #1", "GET #1"]


@pytest.mark.claim("C7")
def test_unless_lets_the_post_reach_the_view(client):
    answers = [client.get("/form-get-cached").text, client.post("/form-get-cached").text,
               client.get("/form-get-cached").text]
    assert answers == ["GET #1", "POST #2", "GET #1"]


def dashboard_for(app, name, path):
    client = app.test_client()
    client.get(f"/login/{name}")
    return client.get(path).text


@pytest.mark.claim("C8")
def test_session_page_cached_by_path_is_shown_to_the_next_user(app):
    seen = [dashboard_for(app, "ann", "/dashboard"), dashboard_for(app, "bob", "/dashboard")]
    assert seen == ["dashboard of ann #1", "dashboard of ann #1"]


@pytest.mark.claim("C8")
def test_key_prefix_with_the_user_keeps_pages_apart(app):
    seen = [dashboard_for(app, name, "/my-dashboard") for name in ("ann", "bob", "ann")]
    assert seen == ["dashboard of ann #1", "dashboard of bob #2", "dashboard of ann #1"]


@pytest.mark.claim("C9")
def test_delete_memoized_after_a_write_forgets_only_that_item(client):
    before = texts(client, "/price/tea", "/price/coffee", "/price/tea")
    client.put("/price/tea", data={"price": "5"})
    after = texts(client, "/price/tea", "/price/coffee")
    assert before == ["tea costs 3 #1", "coffee costs 4 #2", "tea costs 3 #1"]
    assert after == ["tea costs 5 #3", "coffee costs 4 #2"]


@pytest.mark.claim("C10")
def test_cached_above_route_caches_nothing(client):
    assert texts(client, "/wrong-order", "/wrong-order") == ["Slow response #1", "Slow response #2"]


@pytest.mark.claim("C11")
def test_echoed_query_is_escaped_fresh_and_from_the_cache(client):
    first = client.get("/search", query_string={"q": "<script>alert(1)</script>"}).text
    cached = client.get("/search", query_string={"q": "<script>alert(1)</script>"}).text
    assert first == cached
    assert first.startswith("results for &lt;script&gt;alert(1)&lt;/script&gt; #")
