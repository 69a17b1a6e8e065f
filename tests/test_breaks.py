"""The breaks checker, proven: it tells a break the tests catch from one they let through."""

import json
import subprocess
import sys

import pytest

from textbook import book, breaks

CH09 = book.read_chapter(book.ROOT / "chapters" / "ch09_redirects.py")


def test_the_checker_reports_a_caught_and_a_surviving_break(tmp_path):
    # Renaming the factory fails every test of the claim; rewording the page's question fails
    # none. Both run on a patched copy, never on the chapter itself.
    before = CH09.path.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "textbook", "breaks", "ch09", "--claim", "C2", "--json", tmp_path / "out.json",
         "--edit", "def create_app(", "def make_app(",
         "--edit", "Q: How do you perform URL redirect", "Q: How do you redirect"],
        capture_output=True, text=True, timeout=120,
    )
    outcomes = [record["outcome"] for record in json.loads((tmp_path / "out.json").read_text())]
    assert (outcomes, result.returncode) == (["caught", "survived"], 1)
    assert CH09.path.read_text(encoding="utf-8") == before


def test_a_break_the_property_test_misses_survives_even_when_another_test_fails():
    brk = breaks.Break("ch09_redirects", "C8", 1, "old", "new")
    tests = {"test_examples": False, "test_any_input": True}
    result = breaks._judge(brk, tests, 1, {"test_examples": "failed", "test_any_input": "passed"}, "")
    assert (result.outcome, result.missed_by_property) == ("survived", ["test_any_input"])


def test_a_break_whose_tests_all_skip_here_is_not_run_rather_than_survived():
    brk = breaks.Break("ch15_models", "C4", 1, "old", "new")
    result = breaks._judge(brk, {"test_on_postgresql": False}, 0, {"test_on_postgresql": "skipped"}, "")
    assert result.outcome == "not run"


def test_a_break_must_name_text_that_occurs_once():
    brk = breaks.Break("ch09_redirects", "C1", 1, "return", "yield")
    with pytest.raises(breaks.BreakError, match=r"occurs \d+ times, not once"):
        brk.apply(CH09.path.read_text(encoding="utf-8"))
