import contextlib
import os
import re
import shutil

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('@app.route("/users/<name>")', '@app.route("/users/<name>", endpoint="profile")'),  # renamed endpoint
    "C2": ("dict(request.args.lists())",  # parsed by hand: parse_qs drops empty values
           '__import__("urllib.parse").parse.parse_qs(request.query_string.decode())'),
    "C3": ('@app.route("/users/<name>")', '@app.route("/users/<path:name>")'),  # slashes let in
    "C4": ('@app.route("/files/<path:name>")', '@app.route("/files/<name>")'),  # one segment only
    "C5": ('app.config["STATIC_VERSIONS"] = True',  # a host written into the code
           'app.config.update(STATIC_VERSIONS=True, SERVER_NAME="shop.example")'),
    "C6": ('url_for("reset", token="t0k3n", _external=True)',  # the fix: a base URL of our own
           '"https://shop.example" + url_for("reset", token="t0k3n")'),
    "C7": ('app.config["STATIC_VERSIONS"] = True',  # SERVER_NAME set in code to quiet the error
           'app.config.update(STATIC_VERSIONS=True, SERVER_NAME="localhost")'),
    "C8": ('static_url_path="/assets")',  # the routing of Flask before 3.1
           'static_url_path="/assets", subdomain_matching=True)'),
    "C9": ('return {"here": url_for(".index"), "app": url_for("index")}',  # the app's index named
           'return {"here": url_for("index"), "app": url_for("index")}'),
    "C10": [('static_url_path="/assets")', ")"),  # served at /static: a typed /static/... works
            ("href=\"{{ url_for('static', filename='site.css') }}\"",
             'href="/assets/site.css"')],  # a typed path: lost under a mount point
    "C11": ("return super().get_send_file_max_age(filename)", "return YEAR"),  # everything a year
    "C12": ("return super().get_send_file_max_age(filename)",  # 0, as runebook.dev says
            "return super().get_send_file_max_age(filename) or 0"),
    "C13": ('app.config["STATIC_VERSIONS"] = True',  # a long max-age for every file, no version
            'app.config.update(STATIC_VERSIONS=True, SEND_FILE_MAX_AGE_DEFAULT=3600)'),
    "C14": [("hashlib.sha256(Path(path).read_bytes())",  # a version from the modification time
             "hashlib.sha256(str(os.path.getmtime(path)).encode())"),
            ("if version and version == content_version(self.static_folder, filename):",
             "if version:")],  # any version gets a year: a stale one pins the old bytes
    "C15": ("int(os.path.getmtime(os.path.join(folder, filename)))",  # nanoseconds: edits differ
            "os.stat(os.path.join(folder, filename)).st_mtime_ns"),
    "C16": ("path = safe_join(str(folder), filename)", "path = os.path.join(folder, filename)"),
}

CSS = "p { color: rgb(0, 96, 160); }\n"
RED, BLUE = "p { color: rgb(255, 0, 0); }\n", "p { color: rgb(0, 0, 255); }\n"
RESERVED = {"_anchor", "_method", "_scheme", "_external"}


def get(client, path, **kwargs):
    """A GET whose response is read and closed: a static file stays an open file until then."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def built(app, endpoint, **values):
    """``url_for`` as a view would call it, in a request to the app."""
    from flask import url_for

    with app.test_request_context():
        return url_for(endpoint, **values)


@contextlib.contextmanager
def served(chapter, tmp_path, **config):
    """The chapter's app on a real server, its static folder a copy the test may edit; yields
    the server, the copied folder and the requests that reached it (path, conditional?)."""
    folder = tmp_path / "static"
    shutil.copytree(chapter.FILES / "static", folder)
    app = chapter.create_app({"TESTING": True, **config}, static_folder=folder)
    hits, inner = [], app.wsgi_app

    def counting(environ, start_response):
        query = environ["QUERY_STRING"]
        hits.append((environ["PATH_INFO"] + ("?" + query if query else ""), "HTTP_IF_NONE_MATCH" in environ))
        return inner(environ, start_response)

    app.wsgi_app = counting
    with live.serve_app(app) as server:
        yield server, folder, hits


def colour_on_visit(page, server, visit):
    page.goto(f"{server.url}/?visit={visit}")  # a new page each time, not a reload
    return page.evaluate("getComputedStyle(document.querySelector('p')).color")


def stylesheet_requests(hits):
    return [hit for hit in hits if hit[0].startswith("/assets/")]


@pytest.mark.claim("C1")
def test_values_fill_the_rule_and_the_rest_make_the_query_string(app):
    assert built(app, "user", name="Ada Lovelace") == "/users/Ada%20Lovelace"
    assert built(app, "search", q="x y", tag=["a", "b"], page=None, _anchor="top") == "/search?q=x+y&tag=a&tag=b#top"
    assert built(app, "user", name="Ada", tab="posts") == "/users/Ada?tab=posts"


@pytest.mark.claim("C1")
def test_an_unknown_endpoint_or_a_missing_value_raises_build_error(app):
    from werkzeug.routing import BuildError

    with pytest.raises(BuildError, match=r"^Could not build url for endpoint 'usr' with values \['name'\]\. "
                                       r"Did you mean 'user' instead\?$"):
        built(app, "usr", name="Ada")
    with pytest.raises(BuildError, match=r"Did you forget to specify values \['name'\]\?$"):
        built(app, "user")


@pytest.mark.claim("C2")
def test_any_query_text_comes_back_in_request_args(app, client):
    from hypothesis import example, given, strategies as st

    text = st.text(st.one_of(st.sampled_from("&=#+%/? ;\x00\u00e9"), st.characters(exclude_categories=["Cs"])))

    @given(st.dictionaries(text.filter(lambda key: key not in RESERVED), text, max_size=3))
    @example({"q": "a&b=c#d"})
    @example({"q": ""})
    @example({"": "x"})
    @example({"q": "1+1=2%"})
    def check(args):
        url = built(app, "search", **args)
        assert client.get(url).get_json()["args"] == {key: [value] for key, value in args.items()}

    check()


@pytest.mark.claim("C3")
def test_any_path_value_without_a_slash_comes_back(app, client):
    from hypothesis import example, given, strategies as st

    tricky = st.sampled_from("%.?#&+ ;\\~\u00e9")
    anything = st.characters(exclude_characters="/", exclude_categories=["Cs"])

    @given(st.text(st.one_of(st.just("\n"), tricky, anything), min_size=1))  # a newline: path refuses it
    @example("100%25")
    @example("..")
    @example("?q=1#top")
    @example("line\nbreak")
    def check(name):
        assert client.get(built(app, "user", name=name)).get_json() == {"name": name}

    check()


@pytest.mark.claim("C3")
def test_a_slash_is_not_escaped_and_an_escaped_one_does_not_help(app, client):
    assert built(app, "user", name="a/b") == "/users/a/b"
    assert client.get("/users/a/b").status_code == 404
    assert client.get("/users/a%2Fb").status_code == 404  # decoded to a/b before routing


@pytest.mark.claim("C4")
def test_the_path_converter_carries_any_slashes_but_no_newline(app, client):
    from hypothesis import example, given, strategies as st

    tricky = st.sampled_from(["/", "//", ".", "..", "%2F", " ", "\r", "\u2028"])
    anything = st.characters(exclude_characters="\n", exclude_categories=["Cs"])
    names = st.lists(st.one_of(tricky, anything), min_size=1).map("".join).filter(lambda name: name[:1] != "/")

    @given(names)
    @example("a/b/c")
    @example("a//b/")
    @example("docs/../secret")
    def check(name):
        assert client.get(built(app, "file", name=name)).get_json() == {"name": name}

    check()
    assert client.get(built(app, "file", name="a\nb")).status_code == 404


@pytest.mark.claim("C4")
def test_chromium_resolves_the_dot_segments_the_test_client_keeps(app, client, live_server, page):
    url = built(app, "file", name="docs/../secret")
    assert (url, client.get(url).get_json()) == ("/files/docs/../secret", {"name": "docs/../secret"})
    page.goto(live_server.url + url)
    assert (page.url, page.inner_text("body").strip()) == (live_server.url + "/files/secret", '{"name":"secret"}')


@pytest.mark.claim("C5")
def test_in_a_request_url_for_builds_a_path_unless_asked_for_more(req_ctx):
    from flask import url_for

    assert url_for("user", name="Ada") == "/users/Ada"
    assert url_for("user", name="Ada", _external=True) == "http://localhost/users/Ada"
    assert url_for("user", name="Ada", _scheme="https") == "https://localhost/users/Ada"
    with pytest.raises(ValueError, match=r"^When specifying '_scheme', '_external' must be True\.$"):
        url_for("user", name="Ada", _scheme="https", _external=False)


@pytest.mark.claim("C6")
def test_a_forged_host_header_puts_the_attackers_host_in_the_mailed_link(client):
    response = client.get("/forgot", headers={"Host": "attacker.example"})
    assert response.get_json() == {"mailed": "http://attacker.example/reset/t0k3n"}


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TRUSTED_HOSTS=["shop.example"])
def test_trusted_hosts_refuses_the_forged_host(client):
    response = client.get("/forgot", headers={"Host": "attacker.example"})
    assert (response.status_code, "Host &#39;attacker.example&#39; is not trusted." in response.text) == (400, True)
    link = client.get("/forgot", headers={"Host": "shop.example"}).get_json()["mailed"]
    assert (link, client.get(link).get_json()) == ("http://shop.example/reset/t0k3n", {"token": "t0k3n"})


@pytest.mark.claim("C6")
@pytest.mark.flask_config(SERVER_NAME="shop.example")
def test_server_name_puts_the_configured_host_in_the_link(client):
    response = client.get("/forgot", headers={"Host": "attacker.example"})
    assert response.get_json() == {"mailed": "http://shop.example/reset/t0k3n"}


@pytest.mark.claim("C7")
def test_outside_a_request_url_for_needs_server_name(app_ctx):
    from flask import url_for

    with pytest.raises(RuntimeError, match=r"^Unable to build URLs outside an active request without "
                                           r"'SERVER_NAME' configured\. Also configure 'APPLICATION_ROOT'"):
        url_for("user", name="Ada")


@pytest.mark.claim("C7")
@pytest.mark.flask_config(SERVER_NAME="shop.example", APPLICATION_ROOT="/app", PREFERRED_URL_SCHEME="https")
def test_with_server_name_url_for_builds_full_urls_outside_a_request(app_ctx):
    from flask import url_for

    assert url_for("user", name="Ada") == "https://shop.example/app/users/Ada"
    assert url_for("user", name="Ada", _external=False) == "/app/users/Ada"


@pytest.mark.claim("C7")
def test_flask_server_name_in_the_environment_is_enough(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_SERVER_NAME", "shop.example")
    app = chapter.create_app({"TESTING": True})
    with app.app_context():
        assert app.url_for("user", name="Ada Lovelace") == "http://shop.example/users/Ada%20Lovelace"


@pytest.mark.claim("C8")
@pytest.mark.flask_config(SERVER_NAME="shop.example")
def test_server_name_does_not_refuse_other_hosts_on_flask_3_1(client):
    from importlib.metadata import version

    assert version("flask").startswith("3.1.")
    for host in ["shop.example", "localhost", "127.0.0.1:5000", "www.shop.example"]:
        assert client.get("/users/Ada", headers={"Host": host}).get_json() == {"name": "Ada"}


@pytest.mark.claim("C9")
def test_a_leading_dot_names_the_endpoint_of_the_requests_blueprint(client):
    assert client.get("/docs/").get_json() == {"here": "/docs/", "app": "/"}
    assert sorted(rule.endpoint for rule in client.application.url_map.iter_rules() if "index" in rule.endpoint) == [
        "docs.index", "index"]
    assert client.get("/links").get_json() == {"here": "/"}


@pytest.mark.claim("C10")
def test_the_page_links_the_static_url_path_and_a_typed_static_path_is_404(client):
    page = client.get("/").text
    assert re.fullmatch(r'<!doctype html>\n<title>Shop</title>\n<link rel="stylesheet" href="/assets/site\.css'
                        r'\?v=[0-9a-f]{12}">\n<p><a href="/users/Ada%20Lovelace">Ada</a></p>', page)
    assert (get(client, "/assets/site.css").text, get(client, "/static/site.css").status_code) == (CSS, 404)


@pytest.mark.claim("C10")
def test_mounted_under_a_prefix_the_built_links_follow(app):
    from flask import Flask
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.test import Client

    shop = Client(DispatcherMiddleware(Flask("front"), {"/shop": app}))
    href = re.search(r'href="([^"]+\.css[^"]*)"', shop.get("/shop/").text).group(1)
    assert re.fullmatch(r"/shop/assets/site\.css\?v=[0-9a-f]{12}", href)
    assert (get(shop, href).text, get(shop, "/assets/site.css").status_code) == (CSS, 404)


@pytest.mark.claim("C10")
def test_static_url_path_defaults_to_the_folders_name(tmp_path):
    from flask import Flask

    (tmp_path / "public").mkdir()
    assert Flask("elsewhere", static_folder=str(tmp_path / "public")).static_url_path == "/public"


@pytest.mark.claim("C11")
def test_a_static_file_says_no_cache_and_revalidates_to_304(app, client):
    assert app.config["SEND_FILE_MAX_AGE_DEFAULT"] is None
    first = get(client, "/assets/site.css")
    assert (first.headers["Cache-Control"], "ETag" in first.headers, "Last-Modified" in first.headers) == (
        "no-cache", True, True)
    again = get(client, "/assets/site.css", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")


@pytest.mark.claim("C11")
def test_the_etag_changes_when_the_file_is_touched_not_changed(chapter, tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(chapter.FILES / "static", folder)
    client = chapter.create_app({"TESTING": True}, static_folder=folder).test_client()
    etag = get(client, "/assets/site.css").headers["ETag"]
    os.utime(folder / "site.css", (1_700_000_000, 1_700_000_000))  # a deployment's fresh copy
    again = get(client, "/assets/site.css", headers={"If-None-Match": etag})
    assert (again.status_code, again.text, again.headers["ETag"] != etag) == (200, CSS, True)


@pytest.mark.claim("C12")
def test_runebooks_advice_default_zero_send_file_max_age_and_cache_timeout(app, client):
    assert app.config["SEND_FILE_MAX_AGE_DEFAULT"] is None
    assert get(client, "/assets/site.css").headers["Cache-Control"] == "no-cache"  # no max-age=0
    app.config["SEND_FILE_MAX_AGE"] = 3600  # the key runebook.dev names: read by nothing
    assert get(client, "/assets/site.css").headers["Cache-Control"] == "no-cache"
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    assert get(client, "/assets/site.css").headers["Cache-Control"] == "public, max-age=3600"


@pytest.mark.claim("C12")
def test_send_file_has_no_cache_timeout_on_flask_3_1(app, req_ctx):
    from flask import send_from_directory

    with pytest.raises(TypeError, match="unexpected keyword argument 'cache_timeout'"):
        send_from_directory(app.static_folder, "site.css", cache_timeout=3600)
    response = send_from_directory(app.static_folder, "site.css", max_age=3600)
    response.close()
    assert response.cache_control.max_age == 3600


@pytest.mark.claim("C13")
def test_chromium_shows_an_edited_stylesheet_on_the_next_visit_by_default(chapter, tmp_path, page):
    with served(chapter, tmp_path, STATIC_VERSIONS=False) as (server, folder, hits):
        before = colour_on_visit(page, server, 1)
        (folder / "site.css").write_text(BLUE, encoding="utf-8")
        after = colour_on_visit(page, server, 2)
    assert (before, after) == ("rgb(0, 96, 160)", "rgb(0, 0, 255)")
    assert stylesheet_requests(hits) == [("/assets/site.css", False), ("/assets/site.css", True)]  # asked again


@pytest.mark.claim("C13")
def test_chromium_keeps_the_old_stylesheet_under_a_max_age_without_a_version(chapter, tmp_path, page):
    with served(chapter, tmp_path, STATIC_VERSIONS=False, SEND_FILE_MAX_AGE_DEFAULT=3600) as (server, folder, hits):
        before = colour_on_visit(page, server, 1)
        (folder / "site.css").write_text(BLUE, encoding="utf-8")
        after = colour_on_visit(page, server, 2)
    assert (before, after) == ("rgb(0, 96, 160)", "rgb(0, 96, 160)")
    assert stylesheet_requests(hits) == [("/assets/site.css", False)]  # never asked again


@pytest.mark.claim("C14")
def test_the_version_names_the_bytes_and_only_its_url_is_cached_for_a_year(chapter, tmp_path):
    from hypothesis import example, given, strategies as st

    client = chapter.create_app({"TESTING": True}, static_folder=tmp_path).test_client()
    year, revalidate = "public, max-age=31536000", "no-cache"

    @given(st.binary(), st.binary())
    @example(b"", b"")
    @example(b"p {}", b"p {} ")
    def check(first, second):
        (tmp_path / "a.css").write_bytes(first)
        (tmp_path / "b.css").write_bytes(second)
        os.utime(tmp_path / "b.css", (1_700_000_000, 1_700_000_000))  # the time plays no part
        a, b = chapter.content_version(tmp_path, "a.css"), chapter.content_version(tmp_path, "b.css")
        assert (a == b, re.fullmatch("[0-9a-f]{12}", a) is not None) == (first == second, True)
        caching = get(client, f"/assets/a.css?v={a}").headers["Cache-Control"], get(
            client, f"/assets/a.css?v={b}").headers["Cache-Control"]
        assert caching == (year, year if first == second else revalidate)

    check()


@pytest.mark.claim("C14")
def test_url_for_adds_the_version_and_that_url_is_cached_for_a_year(chapter, app, client):
    version = chapter.content_version(chapter.FILES / "static", "site.css")
    assert built(app, "static", filename="site.css") == f"/assets/site.css?v={version}"
    assert built(app, "static", filename="missing.css") == "/assets/missing.css"
    assert get(client, f"/assets/site.css?v={version}").headers["Cache-Control"] == "public, max-age=31536000"
    for stale in ["?v=000000000000", "?v=", ""]:
        assert get(client, f"/assets/site.css{stale}").headers["Cache-Control"] == "no-cache"


@pytest.mark.claim("C14")
def test_chromium_reuses_an_unchanged_versioned_file_and_fetches_an_edited_one(chapter, tmp_path, page):
    with served(chapter, tmp_path) as (server, folder, hits):
        first, second = colour_on_visit(page, server, 1), colour_on_visit(page, server, 2)
        (folder / "site.css").write_text(BLUE, encoding="utf-8")
        third = colour_on_visit(page, server, 3)
    assert (first, second, third) == ("rgb(0, 96, 160)", "rgb(0, 96, 160)", "rgb(0, 0, 255)")
    old, new = chapter.content_version(chapter.FILES / "static", "site.css"), chapter.content_version(folder, "site.css")
    assert stylesheet_requests(hits) == [(f"/assets/site.css?v={old}", False), (f"/assets/site.css?v={new}", False)]


@pytest.mark.claim("C15")
def test_a_version_in_whole_seconds_misses_an_edit_and_sees_a_touch(chapter, tmp_path):
    second = 1_700_000_000 * 10**9
    (tmp_path / "site.css").write_text(RED, encoding="utf-8")
    os.utime(tmp_path / "site.css", ns=(second, second))
    before = (chapter.mtime_version(tmp_path, "site.css"), chapter.content_version(tmp_path, "site.css"))
    (tmp_path / "site.css").write_text(BLUE, encoding="utf-8")  # edited 0.4 s later
    os.utime(tmp_path / "site.css", ns=(second + 4 * 10**8, second + 4 * 10**8))
    edited = (chapter.mtime_version(tmp_path, "site.css"), chapter.content_version(tmp_path, "site.css"))
    os.utime(tmp_path / "site.css", ns=(second + 5 * 10**9, second + 5 * 10**9))  # touched, unchanged
    touched = (chapter.mtime_version(tmp_path, "site.css"), chapter.content_version(tmp_path, "site.css"))
    assert (edited[0] == before[0], edited[1] == before[1]) == (True, False)  # the mtime URL stays
    assert (touched[0] == edited[0], touched[1] == edited[1]) == (False, True)  # and moves for nothing


@pytest.mark.claim("C16")
@pytest.mark.parametrize("path", ["/assets/../not-public.txt", "/assets/%2e%2e/not-public.txt",
                                  "/assets/..%2fnot-public.txt", "/assets/..%2Fnot-public.txt"])
def test_a_path_out_of_the_static_folder_is_built_but_not_served(chapter, app, client, path):
    assert (chapter.FILES / "not-public.txt").is_file()
    assert built(app, "static", filename="../not-public.txt") == "/assets/../not-public.txt"
    assert app.url_map.bind("localhost").match(path)[0] == "static"  # the route takes it...
    assert get(client, path).status_code == 404  # ...and the file is refused


@pytest.mark.claim("C16")
def test_the_version_reads_nothing_outside_the_static_folder(chapter):
    static = chapter.FILES / "static"
    assert [chapter.content_version(static, name) for name in ["../not-public.txt", "/etc/hostname", ""]] == [
        None, None, None]
    assert chapter.content_version(chapter.FILES, "not-public.txt") is not None  # it exists
