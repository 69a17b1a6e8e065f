"""The ``textbook`` command, proven through click's test runner and, for pipes, a real process.

No test name here holds a topic's name: ``-k <topic>`` must select that topic's chapters only.
"""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from textbook import book, cli, report

CH09 = book.read_chapter(book.ROOT / "chapters" / "ch09_redirects.py")


def invoke(*args):
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def test_topics_lists_every_topic_with_its_chapters():
    out = invoke("topics").output
    for topic in book.vocabulary():
        assert f"\n{topic}  " in "\n" + out
    assert f" 9. {CH09.title}  ({CH09.name})" in out


@pytest.mark.parametrize("selector", ["9", "ch09", "ch09_redirects", "redirects"], ids=["number", "prefix", "name", "topic"])
def test_show_accepts_a_number_a_name_or_a_topic(selector):
    out = invoke("show", "--no-colour", selector).output
    assert out.startswith(f"{CH09.number}. {CH09.title}\n")


def test_show_lines_each_claim_up_with_the_start_of_its_tests():
    lines = invoke("show", "--no-colour", "ch09").output.splitlines()
    for claim in CH09.claims:
        row = next(line for line in lines if line.startswith(f"{claim}. "))
        assert "│ @pytest.mark." in row


def test_show_fits_100_columns_and_wraps_a_long_line_under_its_indentation():
    from textbook import show

    assert max(map(len, invoke("show", "--no-colour", "ch09").output.splitlines())) <= 100
    line = "        assert response.headers['Location'] == " + " + ".join(["'/a/long/path'"] * 8)
    parts = show._wrap(line, 60)
    assert len(parts) > 1 and max(map(len, parts)) <= 60
    assert all(part.startswith(" " * 12) for part in parts[1:])


def test_show_refuses_a_word_that_names_nothing():
    result = CliRunner().invoke(cli.main, ["show", "nothing-here"])
    assert result.exit_code == 2
    assert "no chapter or topic is called nothing-here: see `textbook topics`" in result.output


def test_output_into_a_closed_pipe_ends_without_a_traceback():
    with subprocess.Popen([sys.executable, "-m", "textbook", "show", "1", "9", "10", "20"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        process.stdout.read(10)
        process.stdout.close()  # what `| head` does
        assert process.stderr.read() == b""


@pytest.mark.parametrize(("word", "said"), [
    ("ch09", ""),
    ("redirect", "no topic is called 'redirect'\na topic you may mean: `pytest -m redirects`"),
    ("nothing", "-k nothing selected no test"),
], ids=["chapter", "near", "none"])
def test_a_keyword_that_is_not_a_topic_says_which_topics_exist(word, said):
    ran = {c.name for c in book.chapters() if word in c.name} | ({"ch29_get_vs_post"} if word == "redirect" else set())
    hint = book.keyword_hint(word, ran)
    assert (said in hint) and (bool(hint) == bool(said))


def passing_row(name, number, status="PASS"):
    return {"chapter": name, "number": number, "question": "Q?", "status": status, "tests_passed": 1,
            "tests_run": 1, "claims_proven": 1, "claims_total": 1,
            "claims": {"C1": {"tests": ["t"], "proven": True}}}


def test_a_run_of_some_chapters_keeps_the_other_rows_of_the_report(tmp_path):
    report.write([passing_row("ch01_a", 1), passing_row("ch02_b", 2)], tmp_path)
    report.write([passing_row("ch02_b", 2, status="FAIL")], tmp_path)
    rows = json.loads((tmp_path / "chapters.json").read_text())
    assert [(r["chapter"], r["status"]) for r in rows] == [("ch01_a", "PASS"), ("ch02_b", "FAIL")]


def test_a_chapter_whose_postgresql_half_did_not_run_says_so():
    tests = [{"nodeid": "t[sqlite]", "chapter": "ch15_models", "claims": ["C1"], "outcome": "passed"},
             {"nodeid": "t[postgresql]", "chapter": "ch15_models", "claims": ["C1"], "outcome": "skipped"}]
    (row,) = report.summarise(tests)
    total = row["claims_total"]
    assert report.status_text(row) == f"SQLite 1/{total}, PostgreSQL not run"
    assert report.badge_fields(row)[1] == f"SQLite 1/{total}, PostgreSQL not run"
