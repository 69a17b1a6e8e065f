import secrets
import time
from urllib.parse import quote

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('CACHE_TYPE="SimpleCache")', 'CACHE_TYPE="simple")'),  # the source's configuration
           ("    cache.init_app(app)\n", "")],  # never bound: "simple" is never looked up
    "C2": [("    @cache.cached(timeout=50)\n    def slow_function", "    def slow_function"),
           # the decorator lost in copying, as in the source
           ('    @app.route("/slow")\n    @cache.cached(timeout=50)\n',
            '    @cache.cached(timeout=50)\n    @app.route("/slow")\n')],  # the wrong order
    "C3": [("@cache.cached(timeout=50)\n    def slow_function",
            "@cache.cached(timeout=0)\n    def slow_function"),  # 0 means "never expire"
           ("@cache.cached(timeout=50)\n    def slow_function",
            "@cache.cached()\n    def slow_function")],  # the default timeout: 300 s
    "C4": ("@cache.cached(timeout=50)\n    def slow_function",
           "@cache.cached(timeout=0)\n    def slow_function"),  # nothing expires, whatever clock
    "C5": ("@cache.cached(timeout=50)\n    def slow_function",
           '@cache.cached(timeout=50, key_prefix="slow")\n    def slow_function'),  # another key
    "C6": [("@cache.cached(timeout=50)\n    def search():",
            "@cache.cached(timeout=50, query_string=True)\n    def search():"),
           ("@cache.cached(timeout=50, query_string=True)",
            "@cache.cached(timeout=50)")],  # query_string forgotten: ?q=b gets q=a's page
    "C7": [('@cache.cached(timeout=50, unless=lambda: request.method != "GET")',
            "@cache.cached(timeout=50)"),  # unless forgotten: the POST gets the GET page
           ('unless=lambda: request.method != "GET"',
            'unless=lambda: request.method == "GET"')],  # the condition inverted
    "C8": [("@cache.cached(timeout=50, key_prefix=user_key)", "@cache.cached(timeout=50)"),
           ("{session.get('user')!r}{request.path}", "{request.path}"),  # a key without the user
           ("{session.get('user')!r}{request.path}", "{session.get('user')}{request.path}")],
    # without repr the user "None" and a visitor share "view/None/my-dashboard"
    "C9": [("        cache.delete_memoized(price_of, item)", "        pass"),  # a stale read
           ("cache.delete_memoized(price_of, item)", "cache.delete_memoized(price_of)")],  # every
    # item forgotten
    "C10": ('    @cache.cached(timeout=50)  # the wrong order: the route registered the uncached '
            'function\n    @app.route("/wrong-order")\n',
            '    @app.route("/wrong-order")\n    @cache.cached(timeout=50)\n'),  # order fixed
    "C11": [("results for {escape(request.args.get('q'))} #",
             "results for {request.args.get('q')} #"),
            ('q, page = escape(request.args.get("q")), escape(request.args.get("page"))',
             'q, page = escape(request.args.get("q")), request.args.get("page")'),
            ("logged in as {escape(name)}", "logged in as {name}"),
            ("def dashboard():\n        return f\"dashboard of {escape(session.get('user'))}",
             "def dashboard():\n        return f\"dashboard of {session.get('user')}")],
}
START = 1_000_000.0  # a whole second: cachelib stores int(time()) + timeout


@pytest.fixture
def clock(monkeypatch):
    """SimpleCache's clock, at a whole second; ``clock.now += 50`` moves time on."""

    class Clock:
        now = START

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
def test_simplecache_is_the_working_name(chapter, app):
    from flask_caching.backends import SimpleCache

    with app.app_context():
        assert type(chapter.cache.cache) is SimpleCache


@pytest.mark.claim("C2")
def test_source_slow_function_runs_once_for_any_gets_within_50_s(chapter, clock):
    from hypothesis import example, given, strategies as st

    @given(st.lists(st.integers(min_value=0, max_value=49), min_size=1, max_size=6).map(sorted))
    @example([0])
    @example([49, 49])
    def check(later):
        clock.now = START
        client = chapter.create_app({"TESTING": True}).test_client()
        answers = [client.get("/slow").text]
        for offset in later:
            clock.now = START + offset
            answers.append(client.get("/slow").text)
        assert answers == ["Slow response #1"] * (1 + len(later))

    check()


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
    assert client.get(f"/login/{name}").text == f"logged in as {name}"
    return client.get(path).text


@pytest.mark.claim("C8")
def test_session_page_cached_by_path_is_shown_to_the_next_user(app):
    seen = [dashboard_for(app, "ann", "/dashboard"), dashboard_for(app, "bob", "/dashboard")]
    assert seen == ["dashboard of ann #1", "dashboard of ann #1"]


@pytest.mark.claim("C8")
def test_key_prefix_with_the_user_keeps_pages_apart(app):
    seen = [dashboard_for(app, name, "/my-dashboard") for name in ("ann", "bob", "ann")]
    assert seen == ["dashboard of ann #1", "dashboard of bob #2", "dashboard of ann #1"]


@pytest.mark.claim("C8")
def test_user_named_none_is_kept_apart_from_a_visitor(app):
    visitor = app.test_client().get("/my-dashboard").text
    user = dashboard_for(app, "None", "/my-dashboard")
    assert [visitor, user] == ["dashboard of None #1", "dashboard of None #2"]


@pytest.mark.claim("C9")
def test_delete_memoized_after_a_write_forgets_only_that_item(client):
    before = texts(client, "/price/tea", "/price/coffee", "/price/tea")
    written = client.put("/price/tea/5").text
    after = texts(client, "/price/tea", "/price/coffee")
    assert before == ["tea costs 3 #1", "coffee costs 4 #2", "tea costs 3 #1"]
    assert [written, *after] == ["tea costs 5 #3", "tea costs 5 #3", "coffee costs 4 #2"]


@pytest.mark.claim("C10")
def test_cached_above_route_caches_nothing(client):
    assert texts(client, "/wrong-order", "/wrong-order") == ["Slow response #1", "Slow response #2"]


@pytest.mark.claim("C11")
def test_every_view_escapes_what_it_echoes_fresh_and_cached(chapter):
    from hypothesis import example, given, strategies as st
    from markupsafe import escape

    markup = st.sampled_from("<>&\"'")  # weighted in: random text rarely holds them
    other = st.characters(exclude_categories=["Cs"], exclude_characters="/")  # "/" ends a name

    @given(st.text(st.one_of(markup, other), min_size=1))
    @example("<script>alert(1)")
    @example("&amp;\"'")
    @example(" ")
    @example("\\")
    @example("né")
    def check(text):
        client = chapter.create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32)})
        client = client.test_client()
        answers = [client.get("/login/" + quote(text, safe="")).text] + [
            client.get(path, query_string={"q": text, "page": text}).text for path in
            ["/search", "/search", "/search-by-query", "/dashboard", "/dashboard", "/my-dashboard"]]
        e = escape(text)
        assert answers == [f"logged in as {e}", f"results for {e} #1", f"results for {e} #1",
                           f"results for {e} page {e} #2", f"dashboard of {e} #3",
                           f"dashboard of {e} #3", f"dashboard of {e} #4"]

    check()
