"""The book's main job: ``textbook`` (or ``python -m textbook``).

  textbook                   run the whole book; print the chapter table; write ./report
  textbook run -k jwt        the same for one topic or chapter (pytest arguments pass through)
  textbook newest            run the book on the newest release of every dependency and
                             report which chapters changed and which claims broke
  textbook table             print the README's chapter table from the chapters themselves
"""

import argparse
import json
import os
import sys
from pathlib import Path

from textbook import book

TABLE_START = "<!-- chapters:start -->"
TABLE_END = "<!-- chapters:end -->"
PAGES_URL = "https://flask-executable-textbook.github.io/flask-executable-textbook"


def chapter_table(root=book.ROOT):
    """The README's chapter table, generated from the chapters (tests/test_book.py compares)."""
    lines = [
        "| # | Question | Chapter | Proof | Topics | Status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for chapter in book.chapters(root):
        question = chapter.question.replace("|", "\\|")
        badge = f"![{chapter.name}]({PAGES_URL}/badges/{chapter.name}.svg)"
        lines.append(
            f"| {chapter.number} | {question} | [{chapter.name}](chapters/{chapter.name}.py) "
            f"| [test_{chapter.name}](tests/test_{chapter.name}.py) | {', '.join(chapter.topics)} "
            f"| {badge} |"
        )
    return "\n".join(lines)


def results_table(rows, width=56):
    lines = [f"{'chapter':26} {'question':{width}} {'tests':>7} {'claims':>7}  status"]
    for row in rows:
        question = row["question"] if len(row["question"]) <= width else row["question"][: width - 1] + "…"
        lines.append(
            f"{row['chapter']:26} {question:{width}} {row['tests_passed']:>3}/{row['tests_run']:<3}"
            f" {row['claims_proven']:>3}/{row['claims_total']:<3}  {row['status']}"
        )
    return "\n".join(lines)


def run(pytest_args, report_dir):
    import pytest

    report_dir = os.path.abspath(report_dir)
    os.chdir(book.ROOT)  # the book's pytest.ini, conftest and testpaths apply from its root
    status = int(pytest.main(["--report-dir", report_dir, *pytest_args]))
    chapters_json = Path(report_dir) / "chapters.json"
    if chapters_json.exists():
        print()
        print(results_table(json.loads(chapters_json.read_text(encoding="utf-8"))))
        print(f"\nreport: {report_dir}/chapters.json, chapters.md, badges/")
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="textbook", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command")
    run_parser = commands.add_parser("run", help="run the book (the default)")
    run_parser.add_argument("--report-dir", default="report")
    newest_parser = commands.add_parser("newest", help="run the book on the newest releases")
    newest_parser.add_argument("--report-dir", default="report")
    newest_parser.add_argument("--venv", default=".newest-venv")
    commands.add_parser("table", help="print the README's chapter table")
    arguments, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if arguments.command == "table":
        print(chapter_table())
        return 0
    if arguments.command == "newest":
        from textbook import newest

        return newest.run(arguments.report_dir, arguments.venv)
    return run(rest, getattr(arguments, "report_dir", "report"))
