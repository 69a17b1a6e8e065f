"""Every chapter's app survives hostile input: no request gets a 500 or an unhandled exception.

Hypothesis builds requests from each app's own URL rules and from random paths, with any
method, query string, headers, cookies and body. A chapter that raises on purpose declares the
endpoints in ``DELIBERATE_ERRORS = {"endpoint": "why"}``; requests routed there are exempt.
So are endpoints that wait on purpose (a view that blocks until a second request or a
background job arrives, chapters 38 and 41): a lone fuzzed request would only time out there.
Runs the ``book`` hypothesis profile normally; ``TEXTBOOK_HYPOTHESIS_PROFILE=thorough`` runs
2,000 examples per chapter.
"""

import functools
import importlib
import os
import re
import secrets

import pytest

from textbook import book

CHAPTERS = book.chapters()
QUICK = os.environ.get("TEXTBOOK_HYPOTHESIS_PROFILE", "book") == "book"
QUICK_EXAMPLES = 12  # per chapter in the normal run; the thorough profile runs 2,000
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND"]
TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
VARIABLE = re.compile(r"<(?:[^:<>]+:)?[^<>]+>")


@functools.cache
def shared_strategies():
    """The parts of a request that do not depend on the app, built (and validated) once."""
    from hypothesis import strategies as st

    segment = st.one_of(
        st.integers(-3, 10**20).map(str),  # past 2**63: ids a database cannot hold
        # No tab or newline: urllib drops them, so the test client would read "/\n/x" as
        # "//x", a URL with a host, and fail before any app sees it (thorough run, ch03).
        st.text(st.characters(codec="utf-8", exclude_characters="/?#\t\n\r"), min_size=1, max_size=12),
    )
    text = st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=20)
    header_name = st.text(TOKEN, min_size=1, max_size=16)
    json_value = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=8,
    )
    body = st.one_of(
        st.just({}),
        st.fixed_dictionaries({"data": st.dictionaries(text, text, max_size=4)}),
        st.fixed_dictionaries({"json": json_value}),
        st.fixed_dictionaries({"data": st.binary(max_size=64), "content_type": st.sampled_from(
            ["application/json", "application/x-www-form-urlencoded", "multipart/form-data",
             "text/plain", "application/octet-stream"])}),
    )
    return {
        "segment": segment,
        "random_path": st.lists(segment, max_size=4).map(lambda parts: "/" + "/".join(parts)),
        "method": st.sampled_from(METHODS),
        "query_string": st.dictionaries(text, text, max_size=3),
        "headers": st.dictionaries(header_name, text, max_size=3),
        "cookies": st.dictionaries(header_name, st.text(TOKEN, max_size=12), max_size=2),
        "body": body,
    }


def request_strategy(app):
    from hypothesis import strategies as st

    shared = shared_strategies()
    rules = sorted({rule.rule for rule in app.url_map.iter_rules()})
    from_rules = st.sampled_from(rules).flatmap(
        lambda rule: st.lists(shared["segment"], min_size=rule.count("<"), max_size=rule.count("<")).map(
            lambda values: VARIABLE.sub(lambda _: values.pop(), rule)
        )
    )
    return st.fixed_dictionaries(
        {
            "method": shared["method"],
            "path": from_rules | shared["random_path"],
            "query_string": shared["query_string"],
            "headers": shared["headers"],
            "cookies": shared["cookies"],
            "body": shared["body"],
        }
    )


def endpoint_of(app, path, method):
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    try:
        return app.url_map.bind("localhost").match(path, method)[0]
    except (HTTPException, RequestRedirect):
        return None


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[f"ch{c.number:02d}" for c in CHAPTERS])
def test_no_request_gets_a_500_or_an_unhandled_exception(chapter, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anything a chapter writes lands in this test's directory
    survives_hostile_requests(chapter, {})


# The database chapters again, each on a fresh database of every dialect: what a database
# raises differs (chapter 16's missing table is OperationalError on SQLite, ProgrammingError on
# PostgreSQL), and so do the 500s it can cause.
WITH_DATABASES = [c for c in CHAPTERS if "database" in c.topics]


@pytest.mark.parametrize("chapter", WITH_DATABASES, ids=[f"ch{c.number:02d}" for c in WITH_DATABASES])
def test_no_request_gets_a_500_on_each_dialect(chapter, database_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    survives_hostile_requests(chapter, {"SQLALCHEMY_DATABASE_URI": database_url})


def survives_hostile_requests(chapter, config):
    from hypothesis import HealthCheck, given, settings

    module = importlib.import_module(f"chapters.{chapter.name}")
    app = module.create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32), **config})
    deliberate = getattr(module, "DELIBERATE_ERRORS", {})

    @settings(
        max_examples=QUICK_EXAMPLES if QUICK else settings.default.max_examples,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(request_strategy(app))
    def survives(request):
        client = app.test_client()
        for name, value in request["cookies"].items():
            client.set_cookie(name, value)
        kwargs = {key: request[key] for key in ("method", "query_string", "headers")}
        if endpoint_of(app, request["path"], request["method"]) in deliberate:
            return
        response = client.open(request["path"], **kwargs, **request["body"])
        assert response.status_code != 500, response.get_data(as_text=True)[:500]

    survives()
