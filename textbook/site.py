"""The book as a web page: an index by topic, and one page per chapter with its answer, its
claims (each with its breaks and the failure a break causes), its code and its proof side by
side. A selected claim is its own URL, so the site freezes to static files; Pagefind indexes
the frozen chapter pages for offline search."""

import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, render_template, request, send_from_directory
from markupsafe import Markup

from textbook import book, report


@lru_cache(maxsize=None)
def _rst_settings():
    """docutils' settings, built once: building them costs more than rendering a claim."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.writers.html5_polyglot import Writer

    settings = get_default_settings(Parser, Writer)
    vars(settings).update({"halt_level": 2, "report_level": 2, "doctitle_xform": False,
                           "initial_header_level": 3, "syntax_highlight": "none",
                           "warning_stream": False, "traceback": True})  # raise, never sys.exit
    return settings


@lru_cache(maxsize=2048)
def rst(text, inline=False):
    """reStructuredText (the docstrings' markup) to HTML, by docutils; a markup error raises."""
    from docutils.core import publish_parts

    body = publish_parts(text, writer="html5", settings=_rst_settings())["body"].strip()
    if inline and body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        return body[3:-4]
    return body


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
    html = format_tokens(_tokens(code), formatter)
    # The same page, lighter by about half: one anchor per line instead of two, and no markup
    # around spaces, names and punctuation, which both styles draw in the text's own colour.
    html = re.sub(r'<a id="([\w-]+)" name="\1"></a><a href="#\1">', r'<a id="\1" href="#\1">', html)
    html = re.sub(r'<span class="[wnp]">([^<]*)</span>', r"\1", html)
    head, rest = html.split("<code>", 1)
    body, tail = rest.rsplit("</code>", 1)
    return head + "<code>", tuple(body.split("\n")), "</code>" + tail


def _highlight(code, first_line=1, marked=(), anchor="line"):
    """Highlighted code; each ``marked`` line, its number included, is one block of its own,
    so that a claim's test reads down the page, line under line."""
    head, lines, tail = _highlighted_lines(code, first_line, anchor)
    marked, out = set(marked), []
    for number, line in enumerate(lines, first_line):
        last = number - first_line == len(lines) - 1
        if number in marked:
            out.append(f'<span class="hll">{line}</span>')
        else:
            out.append(line if last else line + "\n")
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


def sidebar(chapters):
    """The chapters by topic: each under the first topic it names, topics in vocabulary order."""
    vocabulary = book.vocabulary()
    groups = {topic: [] for topic in vocabulary}
    for chapter in chapters:
        groups[chapter.topics[0]].append(chapter)
    return [(topic, vocabulary[topic], found) for topic, found in groups.items() if found]


def create_site(report_dir="report", serve_search=False):
    """The site; ``serve_search`` also serves the search bundle (``textbook serve``: frozen, the
    bundle is a folder beside the pages)."""
    site = Flask(__name__)
    site.config["REPORT_DIR"] = report_dir
    # A question's ``code`` is markup: drawn as code on the page, dropped in the <title>.
    site.jinja_env.filters["rst"] = lambda text: Markup(rst(text, inline=True))
    site.jinja_env.filters["plain"] = lambda text: text.replace("``", "")

    def context():
        return book.chapters(), load_results(site.config["REPORT_DIR"])

    @site.context_processor
    def layout():
        # Relative links work both served and frozen: "", "../" or "../../" back to the root.
        depth = request.path.count("/") - 1
        return {"root": "../" * depth, "sidebar": sidebar(book.chapters()),
                "status_text": report.status_text}

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
        code, first = book.code_after_docstring(chapter.path)
        position = names.index(name)
        row = results.get(name)
        return render_template(
            "chapter.html", chapter=chapter, selected=claim, row=row,
            answer=rst(chapter.answer),
            claims=[{"id": cid, "html": rst(text, inline=True),
                     "state": claim_status(results, chapter, cid),
                     "lines": [s.start for s in spans.values() if cid in s.claims],
                     "breaks": (row or {}).get("claims", {}).get(cid, {}).get("breaks", [])}
                    for cid, text in chapter.claims.items()],
            chapter_code=_highlight(code, first, anchor="code"),
            test_code=_highlight(chapter.test_path.read_text(encoding="utf-8"), 1, tuple(marked), "test"),
            previous=chapters[position - 1] if position else None,
            next=chapters[position + 1] if position + 1 < len(chapters) else None,
        )

    @site.route("/pygments.css")
    def pygments_css():
        from pygments.formatters import HtmlFormatter

        light = HtmlFormatter(style="default").get_style_defs(".highlight")
        dark = HtmlFormatter(style="github-dark").get_style_defs(".highlight")
        css = f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
        return css, 200, {"Content-Type": "text/css; charset=utf-8"}

    if serve_search:
        @site.route("/pagefind/<path:filename>")
        def pagefind(filename):  # the search bundle, built into the report by `textbook site`
            return send_from_directory(Path(site.config["REPORT_DIR"]).resolve() / "pagefind", filename)

    return site


def freeze(report_dir="report"):
    """Write the site as static files into ``report_dir`` (beside the report and badges), then
    index its chapter pages for search with Pagefind."""
    from flask_frozen import Freezer

    site = create_site(report_dir)
    site.config.update(FREEZER_DESTINATION=str(Path(report_dir).resolve()),
                       FREEZER_REMOVE_EXTRA_FILES=False, FREEZER_RELATIVE_URLS=True)
    freezer = Freezer(site, with_no_argument_rules=False, log_url_for=False)

    @freezer.register_generator
    def index():
        yield {}

    @freezer.register_generator
    def pygments_css():
        yield {}

    @freezer.register_generator
    def chapter_page():
        for chapter in book.chapters():
            yield {"name": chapter.name}
            for claim in chapter.claims:
                yield {"name": chapter.name, "claim": claim}

    urls = list(freezer.freeze_yield())
    # Only chapter pages are indexed: a claim's page repeats its chapter.
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(Path(report_dir).resolve()),
                    "--glob", "*/index.html", "--quiet"], check=True)
    return urls
