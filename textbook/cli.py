"""The book's main job and its tools: ``textbook`` (or ``python -m textbook``).

Built on click, like the ``flask`` command: ``textbook --help``, ``textbook COMMAND --help``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import click

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
        question = chapter.title.replace("|", "\\|")
        # a link, not an image: the badges exist once the site is published (or `textbook` ran)
        badge = f"[status]({PAGES_URL}/{chapter.name}/)"
        lines.append(
            f"| {chapter.number} | {question} | [{chapter.name}](chapters/{chapter.name}.py) "
            f"| [test_{chapter.name}](tests/test_{chapter.name}.py) | {', '.join(chapter.topics)} "
            f"| {badge} |"
        )
    return "\n".join(lines)


def results_table(rows, width=52):
    from textbook.report import figure

    lines = [f"{'chapter':26} {'question':{width}} {'tests':>7} {'claims':>7} {'breaks':>7} {'mutants':>9}  status"]
    for row in rows:
        title = row.get("title", row["question"])
        question = title if len(title) <= width else title[: width - 1] + "…"
        lines.append(
            f"{row['chapter']:26} {question:{width}} {row['tests_passed']:>3}/{row['tests_run']:<3}"
            f" {row['claims_proven']:>3}/{row['claims_total']:<3} {figure(row, 'breaks'):>7}"
            f" {figure(row, 'mutation'):>9}  {row['status']}"
        )
    return "\n".join(lines)


def selected_chapters(words):
    try:
        return book.select(words)
    except LookupError as unknown:
        raise click.UsageError(f"no chapter or topic is called {unknown}: see `textbook topics`") from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(context):
    """The Flask executable textbook: every answer proven by tests that could fail.

    Without a command, runs the whole book (``textbook run``).
    """
    if context.invoked_subcommand is None:
        context.invoke(run)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--report-dir", default="report", show_default=True, help="where the report goes")
@click.option("--breaks/--no-breaks", "check_breaks", default=True, show_default=True,
              help="check that each claim's breaks turn its tests red")
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def run(report_dir, check_breaks, pytest_args):
    """Run the book: the tests, then every claim's breaks, the table, the report and the site.

    PYTEST_ARGS pass through to pytest: ``textbook run -k jwt``.
    """
    import pytest

    from textbook import report

    class Rows:  # this run's rows, handed over by the book's plugin
        def pytest_configure(self, config):
            self.config = config

    report_dir, ran = os.path.abspath(report_dir), Rows()
    os.chdir(book.ROOT)  # the book's pytest.ini, conftest and testpaths apply from its root
    status = int(pytest.main(list(pytest_args), plugins=[ran]))
    from textbook import plugin  # after the run: pytest rewrites its asserts when it loads it

    rows = ran.config.stash.get(plugin.ROWS, [])
    if not rows:
        sys.exit(status)
    if check_breaks:
        click.echo("\nbreaks: each claim's breaks applied to a copy of its chapter, its tests run")
        breaks_json = Path(report_dir) / "breaks.json"
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "textbook", "breaks", "--quiet", "--json", str(breaks_json),
                        *(row["chapter"] for row in rows)], check=False)
        if breaks_json.exists():
            rows = report.add_breaks(rows, json.loads(breaks_json.read_text(encoding="utf-8")))
    rows = report.add_mutation(rows)
    report.write(rows, report_dir)
    click.echo()
    click.echo(results_table(rows))
    from textbook import site

    site.freeze(report_dir)
    click.echo(f"\nreport: {report_dir}/chapters.json, chapters.md, badges/, index.html (the site)")
    failed = any(row["status"] == "FAIL" for row in rows)
    sys.exit(status or int(failed))


@main.command()
@click.argument("chapters", nargs=-1)
@click.option("--claim", "claims", multiple=True, help="only this claim's breaks (C2); repeatable")
@click.option("--jobs", "-j", type=int, default=None, help="breaks checked at once [cores]")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="write the results here")
@click.option("--quiet", "-q", is_flag=True, help="print only the breaks that were not caught")
@click.option("--edit", "edits", nargs=2, multiple=True, metavar="OLD NEW",
              help="try this break instead of the declared ones (one chapter, one --claim)")
def breaks(chapters, claims, jobs, json_path, quiet, edits):
    """Check that each claim's breaks turn its tests red.

    CHAPTERS are numbers (9), names (ch09) or topics (redirects); none means every chapter.
    Each break is applied to a copy of its chapter, and the claim's tests run against the copy,
    property tests without their explicit examples. Exit status 1 if a break is not caught.
    """
    from textbook import breaks as breaks_

    selected = selected_chapters(chapters)
    if edits:
        if len(selected) != 1 or len(claims) != 1:
            raise click.UsageError("--edit tries a break of one claim of one chapter: name both")
        todo = [breaks_.Break(selected[0].name, claims[0], number, old, new)
                for number, (old, new) in enumerate(edits, 1)]
    else:
        todo = [brk for chapter in selected for brk in breaks_.declared(chapter)[0]
                if not claims or brk.claim in claims]

    def echo(result):
        if result.caught and quiet:
            return
        colour = {"caught": "green", "not run": "yellow"}.get(result.outcome, "red")
        click.echo(click.style(f"{result.outcome:9}", fg=colour) + f" {result.id}  "
                   f"{result.old!r} -> {result.new!r}")
        if result.outcome == "survived":
            green = result.missed_by_property or result.passed
            click.echo(f"          still green: {', '.join(green)}")
        elif result.outcome == "error":
            click.echo("          " + result.failure.strip().replace("\n", "\n          ")[-2000:])

    results = breaks_.check(todo, jobs, on_result=echo)
    if json_path:
        Path(json_path).write_text(json.dumps(breaks_.as_records(results), indent=2) + "\n", encoding="utf-8")
    counts = {outcome: sum(r.outcome == outcome for r in results)
              for outcome in ("caught", "survived", "error", "not run")}
    click.echo(f"breaks: {counts['caught']}/{len(results)} caught, {counts['survived']} survived, "
               f"{counts['error']} errors, {counts['not run']} not run here")
    sys.exit(int(counts["survived"] + counts["error"] > 0))


@main.command()
@click.argument("chapters", nargs=-1)
@click.option("--keep", type=click.Path(file_okay=False),
              help="run in this directory and keep it (then `mutmut browse` there)")
def mutate(chapters, keep):
    """A mutation run of CHAPTERS (all by default) against their own tests, by mutmut.

    Prints each chapter's figure (mutants killed / all) and the surviving mutants' diffs, and
    keeps the figures in mutation.json, which ``textbook`` and the site read.
    """
    from textbook import mutation

    found = mutation.run(selected_chapters(chapters), keep=keep)
    mutation.write(found)
    killed = sum(f["killed"] for f in found.values())
    total = sum(f["total"] for f in found.values())
    for name, figure in found.items():
        click.echo(f"{name:26} {figure['killed']:>4}/{figure['total']:<4} killed")
        for survivor in figure["survived"]:
            click.echo(f"  {survivor['status']}: {survivor['mutant']}")
            click.echo("    " + survivor["diff"].replace("\n", "\n    "))
    if total:
        click.echo(f"mutants killed: {killed}/{total} ({100 * killed / total:.1f}%)")


@main.command()
@click.option("--report-dir", default="report", show_default=True)
@click.option("--venv", default=".newest-venv", show_default=True)
def newest(report_dir, venv):
    """Run the book on the newest release of every dependency, and compare."""
    from textbook import newest as newest_

    sys.exit(newest_.run(report_dir, venv))


@main.command()
def table():
    """Print the README's chapter table."""
    click.echo(chapter_table())


@main.command()
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--report-dir", default="report", show_default=True)
def serve(port, report_dir):
    """Serve the book as a web page on 127.0.0.1."""
    from textbook import site

    site.create_site(report_dir, serve_search=True).run(host="127.0.0.1", port=port)


@main.command("site")
@click.option("--report-dir", default="report", show_default=True)
def site_command(report_dir):
    """Freeze the web page into the report directory (static files)."""
    from textbook import site

    pages = site.freeze(report_dir)
    click.echo(f"{len(pages)} pages and files written to {report_dir}/")


@main.command("show")
@click.argument("chapters", nargs=-1, required=True)
@click.option("--colour/--no-colour", default=None, help="colour the code [on a terminal]")
def show_command(chapters, colour):
    """A chapter in the terminal: its answer, each claim beside the tests that prove it, its code.

    CHAPTERS are numbers (9), names (ch09) or topics (redirects). Long output is paged.
    """
    from textbook import show

    show.show(selected_chapters(chapters), sys.stdout.isatty() if colour is None else colour)


@main.command()
def topics():
    """The topics, each with its chapters: select one with ``pytest -m TOPIC``."""
    chapters = book.chapters()
    for topic, about in book.vocabulary().items():
        found = [c for c in chapters if topic in c.topics]
        click.echo(click.style(topic, bold=True) + f"  {about}")
        for chapter in found:
            click.echo(f"    {chapter.number:>2}. {chapter.title}  ({chapter.name})")


@main.command()
@click.argument("chapters", nargs=-1)
@click.option("--list", "show_list", is_flag=True, help="each chapter's breaks restored so far")
@click.option("--reset", is_flag=True, help="forget the progress and the practice copies")
@click.option("--hint", "show_hint", is_flag=True, help="the next hint for the exercise in progress")
@click.option("--solution", "show_solution", is_flag=True, help="the diff that restores it")
def practice(chapters, show_list, reset, show_hint, show_solution):
    """Learn by fixing: a chapter with one of its breaks applied, in practice/, until its tests pass.

    CHAPTERS are numbers (9), names (ch09) or topics (redirects); none means every chapter, in
    order. Each save of the practice file runs the claim's tests again; when they pass, the next
    break follows. Type hint, solution, skip or quit while it waits.
    """
    from textbook import breaks as breaks_, practice as practice_

    session = practice_.Practice()
    selected = selected_chapters(chapters)
    if reset:
        session.reset()
        click.echo(f"progress and practice copies removed ({session.folder})")
        return
    if show_list:
        for chapter in selected:
            total = len(breaks_.declared(chapter)[0])
            click.echo(f"{chapter.name:28} {len(session.restored(chapter)):>3}/{total:<3} breaks restored")
        return
    if show_hint or show_solution:
        for chapter in selected:
            brk = session.current(chapter)
            if brk is not None:
                click.echo(session.hint(chapter, brk) if show_hint else session.solution(chapter, brk))
                return
        raise click.UsageError("no exercise in progress: start one with `textbook practice CHAPTER`")
    practice_.session(selected, session, echo=lambda text: click.echo(text), read_line=practice_.stdin_line)
