"""The book as a web page: an index by topic, and one page per chapter with its claims, its
code and its proof side by side. No JavaScript: a selected claim is its own URL, so the site
freezes to static files for GitHub Pages."""

import ast
import html
import json
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, render_template

from textbook import book

INLINE_CODE = re.compile(r"``(.+?)``")


def _paragraphs(text):
    """Docstring prose to HTML: blank lines split paragraphs, ``x`` becomes <code>."""
    escaped = (INLINE_CODE.sub(r"<code>\1</code>", html.escape(p)) for p in text.split("\n\n"))
    return [" ".join(p.split()) for p in escaped if p.strip()]


def _code_after_docstring(path):
    source = path.read_text(encoding="utf-8")
    docstring = ast.parse(source).body[0]
    first = docstring.end_lineno + 1 if isinstance(docstring, ast.Expr) else 1
    return "".join(source.splitlines(keepends=True)[first - 1 :]).lstrip("\n"), first


@lru_cache(maxsize=256)
def _tokens(code):
    """Lexing is the slow part of highlighting: a file is lexed once, formatted per claim."""
    from pygments.lexers import PythonLexer

    return tuple(PythonLexer().get_tokens(code))


@lru_cache(maxsize=64)
def _highlighted_lines(code, first_line, anchor):
    """A file formatted once: the text before its lines, its lines, and the text after."""
    from pygments import format as format_tokens
    from pygments.formatters import HtmlFormatter

    formatter = HtmlFormatter(linenos="inline", linenostart=first_line, lineanchors=anchor,
                              anchorlinenos=True, wrapcode=True)
    head, rest = format_tokens(_tokens(code), formatter).split("<code>", 1)
    body, tail = rest.rsplit("</code>", 1)
    return head + "<code>", tuple(body.split("\n")), "</code>" + tail


def _highlight(code, first_line=1, marked=(), anchor="line"):
    """Highlighted code with the ``marked`` lines wrapped as pygments' ``hl_lines`` would
    wrap them, without formatting the file again for every claim's page."""
    head, lines, tail = _highlighted_lines(code, first_line, anchor)
    marked, out = set(marked), []
    for number, line in enumerate(lines, first_line):
        if number in marked:
            after_anchor = line.index("</a>") + len("</a>")
            line = f'{line[:after_anchor]}<span class="hll">{line[after_anchor:]}\n</span>'
        elif number - first_line < len(lines) - 1:
            line += "\n"
        out.append(line)
    return head + "".join(out) + tail


def load_results(report_dir):
    path = Path(report_dir) / "chapters.json"
    rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    return {row["chapter"]: row for row in rows}


def claim_status(results, chapter, claim):
    row = results.get(chapter.name)
    if row is None or not row["claims"].get(claim, {}).get("tests"):
        return "not-run"
    if row["claims"][claim].get("partly_run"):
        return "partly-run"
    return "proven" if row["claims"][claim]["proven"] else "failing"


def create_site(report_dir="report"):
    site = Flask(__name__)
    site.config["REPORT_DIR"] = report_dir

    def context():
        return book.chapters(), load_results(site.config["REPORT_DIR"])

    @site.route("/")
    def index():
        chapters, results = context()
        by_topic = {topic: [c for c in chapters if topic in c.topics] for topic in book.vocabulary()}
        return render_template(
            "index.html", chapters=chapters, results=results,
            by_topic={topic: found for topic, found in by_topic.items() if found},
            vocabulary=book.vocabulary(),
        )

    @site.route("/<name>/")
    @site.route("/<name>/<claim>/")
    def chapter_page(name, claim=None):
        chapters, results = context()
        names = [c.name for c in chapters]
        if name not in names:
            abort(404)
        chapter = chapters[names.index(name)]
        if claim is not None and claim not in chapter.claims:
            abort(404)
        spans = book.cited_claims(chapter.test_path)
        marked = [n for s in spans.values() if claim in s.claims for n in range(s.start, s.end + 1)]
        code, first = _code_after_docstring(chapter.path)
        position = names.index(name)
        return render_template(
            "chapter.html", chapter=chapter, selected=claim, results=results.get(name),
            answer=_paragraphs(chapter.answer),
            claims=[(cid, text, claim_status(results, chapter, cid),
                     [s.start for s in spans.values() if cid in s.claims])
                    for cid, text in chapter.claims.items()],
            chapter_code=_highlight(code, first, anchor="code"),
            test_code=_highlight(chapter.test_path.read_text(encoding="utf-8"), 1, tuple(marked), "test"),
            previous=chapters[position - 1] if position else None,
            next=chapters[position + 1] if position + 1 < len(chapters) else None,
        )

    @site.route("/pygments.css")
    def pygments_css():
        from pygments.formatters import HtmlFormatter

        css = HtmlFormatter(style="default").get_style_defs(".highlight")
        return css, 200, {"Content-Type": "text/css; charset=utf-8"}

    return site


def freeze(report_dir="report"):
    """Write the site as static files into ``report_dir`` (beside the report and badges)."""
    from flask_frozen import Freezer

    site = create_site(report_dir)
    site.config.update(FREEZER_DESTINATION=str(Path(report_dir).resolve()),
                       FREEZER_REMOVE_EXTRA_FILES=False, FREEZER_RELATIVE_URLS=True)
    freezer = Freezer(site, with_no_argument_rules=True, log_url_for=False)

    @freezer.register_generator
    def chapter_page():
        for chapter in book.chapters():
            yield {"name": chapter.name}
            for claim in chapter.claims:
                yield {"name": chapter.name, "claim": claim}

    return [url for url in freezer.freeze_yield()]
