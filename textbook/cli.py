"""The book's main job: ``textbook`` (or ``python -m textbook``).

  textbook                   run the whole book; print the chapter table; write ./report
  textbook run -k jwt        the same for one topic or chapter (pytest arguments pass through)
  textbook newest            run the book on the newest release of every dependency and
                             report which chapters changed and which claims broke
  textbook table             print the README's chapter table from the chapters themselves
  textbook serve             serve the book as a web page on http://127.0.0.1:8000
  textbook site              freeze that web page into the report directory (static files)
  textbook show ch09         print a chapter and its test side by side in the terminal
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


def side_by_side(left, right, width):
    """Two texts in two columns of ``width`` characters, long lines wrapped."""
    import itertools
    import textwrap

    def physical(text):
        return [part for line in text.expandtabs().splitlines()
                for part in (textwrap.wrap(line, width, drop_whitespace=False) or [""])]

    pairs = itertools.zip_longest(physical(left), physical(right), fillvalue="")
    return "\n".join(f"{a:{width}} │ {b}".rstrip() for a, b in pairs)


def show(selector):
    found = [c for c in book.chapters() if c.name.startswith(selector) or c.name == f"ch{selector}"]
    if len(found) != 1:
        print(f"no single chapter matches {selector!r}", file=sys.stderr)
        return 2
    chapter = found[0]
    import shutil

    width = (shutil.get_terminal_size((160, 40)).columns - 3) // 2
    print(f"{'chapters/' + chapter.name + '.py':{width}} │ tests/{chapter.test_path.name}")
    print(f"{'─' * width}─┼─{'─' * width}")
    print(side_by_side(chapter.path.read_text(encoding="utf-8"),
                       chapter.test_path.read_text(encoding="utf-8"), width))
    return 0


def run(pytest_args, report_dir):
    import pytest

    report_dir = os.path.abspath(report_dir)
    os.chdir(book.ROOT)  # the book's pytest.ini, conftest and testpaths apply from its root
    status = int(pytest.main(["--report-dir", report_dir, *pytest_args]))
    chapters_json = Path(report_dir) / "chapters.json"
    if chapters_json.exists():
        print()
        print(results_table(json.loads(chapters_json.read_text(encoding="utf-8"))))
        from textbook import site

        site.freeze(report_dir)
        print(f"\nreport: {report_dir}/chapters.json, chapters.md, badges/, index.html (the site)")
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
    serve_parser = commands.add_parser("serve", help="serve the book on 127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.add_argument("--report-dir", default="report")
    site_parser = commands.add_parser("site", help="freeze the site into the report directory")
    site_parser.add_argument("--report-dir", default="report")
    show_parser = commands.add_parser("show", help="a chapter and its test side by side")
    show_parser.add_argument("chapter", help="ch09, 09 or ch09_redirects")
    arguments, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if arguments.command == "table":
        print(chapter_table())
        return 0
    if arguments.command == "show":
        return show(arguments.chapter)
    if arguments.command in ("serve", "site"):
        from textbook import site

        if arguments.command == "site":
            pages = site.freeze(arguments.report_dir)
            print(f"{len(pages)} pages and files written to {arguments.report_dir}/")
            return 0
        site.create_site(arguments.report_dir).run(host="127.0.0.1", port=arguments.port)
        return 0
    if arguments.command == "newest":
        from textbook import newest

        return newest.run(arguments.report_dir, arguments.venv)
    return run(rest, getattr(arguments, "report_dir", "report"))
