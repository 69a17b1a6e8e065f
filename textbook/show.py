"""``textbook show``: a chapter in the terminal, each claim lined up with the tests that prove it,
then the chapter's code; coloured by Pygments when the output is a terminal."""

import shutil
import textwrap

from textbook import book

WIDTH = 100
CLAIM_WIDTH = 34


def _wrap(line, width):
    """Wrap a line of code or prose at ``width``, continuation lines indented like the line."""
    indent = line[: len(line) - len(line.lstrip())][: width // 2]  # a deep line keeps room to wrap into
    return textwrap.wrap(line, width, subsequent_indent=indent + "    ", drop_whitespace=False,
                         break_on_hyphens=False) or [""]


def _code_lines(source, width, colour):
    lines = [part for line in source.expandtabs().splitlines() for part in _wrap(line, width)]
    if not colour:
        return lines
    from pygments import highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import PythonLexer

    # Highlight line by line, so that every entry stays one row of the screen.
    return [highlight(line, PythonLexer(), TerminalFormatter()).rstrip("\n") for line in lines]


def _test_sources(chapter):
    lines = chapter.test_path.read_text(encoding="utf-8").splitlines()
    return {name: "\n".join(lines[span.start - 1 : span.end]) for name, span in book.cited_claims(chapter.test_path).items()}


def render(chapter, colour=False, width=WIDTH):
    import click

    def heading(text):
        return click.style(text, bold=True) if colour else text

    tests, sources = book.cited_claims(chapter.test_path), _test_sources(chapter)
    out = [heading(f"{chapter.number}. {chapter.title}"), f"topics: {', '.join(chapter.topics)}", ""]
    out += [part for paragraph in chapter.answer.split("\n\n")
            for part in textwrap.wrap(" ".join(paragraph.split()), width) + [""]]
    right = width - CLAIM_WIDTH - 3
    out.append(heading(f"{'Claims':{CLAIM_WIDTH}} │ the tests that prove them (tests/{chapter.test_path.name})"))
    for claim, text in chapter.claims.items():
        out.append("─" * CLAIM_WIDTH + "─┼─" + "─" * right)
        left = textwrap.wrap(f"{claim}. {text}", CLAIM_WIDTH, subsequent_indent="    ")
        code = [line for name, span in tests.items() if claim in span.claims
                for line in _code_lines(sources[name], right, colour) + [""]][:-1]
        for index in range(max(len(left), len(code))):
            claim_part = left[index] if index < len(left) else ""
            out.append(f"{claim_part:{CLAIM_WIDTH}} │ {code[index] if index < len(code) else ''}".rstrip())
    out += ["", heading(f"chapters/{chapter.name}.py"), ""]
    out += _code_lines(book.code_after_docstring(chapter.path)[0], width, colour)
    return "\n".join(out) + "\n"


def show(chapters, colour):
    import click

    width = max(60, min(WIDTH, shutil.get_terminal_size((WIDTH, 40)).columns))
    text = "\n\n".join(render(chapter, colour, width) for chapter in chapters)
    click.echo_via_pager(text, color=colour)
