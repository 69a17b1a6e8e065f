"""Every chapter's "Try it" block, run as a reader would type it: the commands for real, on
loopback, each fragment after "→" found in what its command printed (textbook/tryit.py)."""

import pytest

from textbook import book, tryit

CHAPTERS = book.chapters()


@pytest.fixture(scope="module", autouse=True)
def blocks_in_the_background(request):
    """Every selected block starts now, two at a time (in a serial run they began when
    collection ended; an xdist worker gets the whole file and starts them here)."""
    chosen = [item.callspec.params["chapter"] for item in request.session.items
              if item.path == request.path and "chapter" in getattr(getattr(item, "callspec", None), "params", {})]
    tryit.start({chapter.name: chapter.try_it for chapter in chosen})


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[f"ch{c.number:02d}" for c in CHAPTERS])
def test_each_command_shows_what_the_chapter_says(chapter):
    ran = tryit.outcomes(chapter.name, chapter.try_it)  # started in the background, as collection ended
    unseen = [(o.command, o.missing, o.output[-1500:], o.servers) for o in ran if o.missing]
    assert unseen == []


def test_a_fragment_the_command_does_not_print_is_reported(tmp_path):
    block = "$ echo 'hello, reader'   → hello, reader\n$ echo hello   → goodbye  # a wrong promise"
    outcomes = tryit.run(block, tmp_path)
    assert [o.missing for o in outcomes] == [[], ["goodbye"]]


def test_a_missing_fragment_comes_with_what_the_servers_logged(tmp_path):
    block = ("$ flask --app chapters.ch05_basic_app run\n"
             "$ curl -s http://127.0.0.1:5000/nowhere   → goodbye  # a wrong promise")
    server, curl = tryit.run(block, tmp_path)
    assert (server.missing, server.servers) == ([], "")
    assert curl.missing == ["goodbye"] and "GET /nowhere HTTP/1.1" in curl.servers


def test_a_line_of_no_known_kind_is_refused():
    with pytest.raises(tryit.TryItError, match="line 2 is neither"):
        tryit.parse("$ flask --app chapters.ch09_redirects run\ncurl http://127.0.0.1:5000/")
