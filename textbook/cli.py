"""The book's main job: ``textbook`` (or ``python -m textbook``).

``textbook``                 run the whole book; print the per-chapter table; write ./report
``textbook run -k jwt``      the same for one topic (any pytest arguments pass through)
``textbook table``           print the README's chapter table from the chapters themselves
"""

import argparse
import os
import sys

from textbook import book

TABLE_START = "<!-- chapters:start -->"
TABLE_END = "<!-- chapters:end -->"


def chapter_table(root=book.ROOT):
    """The README's chapter table, generated from the chapters (tests/test_book.py compares)."""
    lines = ["| # | Question | Chapter | Proof | Topics |", "| --- | --- | --- | --- | --- |"]
    for chapter in book.chapters(root):
        question = chapter.question.replace("|", "\\|")
        lines.append(
            f"| {chapter.number} | {question} | [{chapter.name}](chapters/{chapter.name}.py) "
            f"| [test_{chapter.name}](tests/test_{chapter.name}.py) | {', '.join(chapter.topics)} |"
        )
    return "\n".join(lines)


def run(pytest_args, report_dir):
    import pytest

    report_dir = os.path.abspath(report_dir)
    os.chdir(book.ROOT)  # the book's pytest.ini, conftest and testpaths apply from its root
    return int(pytest.main(["--report-dir", report_dir, *pytest_args]))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="textbook", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command")
    run_parser = commands.add_parser("run", help="run the book (the default)")
    run_parser.add_argument("--report-dir", default="report")
    commands.add_parser("table", help="print the README's chapter table")
    arguments, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if arguments.command == "table":
        print(chapter_table())
        return 0
    return run(rest, getattr(arguments, "report_dir", "report"))


if __name__ == "__main__":
    sys.exit(main())
