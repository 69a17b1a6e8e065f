"""The book as a web page: proven through the test client, the frozen files, and a real browser."""

import html
import re
import sys

import pytest

from textbook import book, browser as chromium, live, report

CH09 = book.read_chapter(book.ROOT / "chapters" / "ch09_redirects.py")


def write_report(directory):
    """A report in which every ch09 test passed except one proving C2 and one skipped for C3."""
    spans = book.cited_claims(CH09.test_path)
    outcomes = {"C2": "failed", "C3": "skipped"}
    tests = [{"nodeid": name, "chapter": CH09.name, "claims": list(span.claims),
              "outcome": next((outcomes[c] for c in span.claims if c in outcomes), "passed")}
             for name, span in spans.items()]
    report.write(report.summarise(tests), directory)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("report")
    write_report(directory)
    return directory


@pytest.fixture(scope="module")
def site():
    from textbook import site  # imports Flask: keep it out of collection

    return site


@pytest.fixture
def site_client(report_dir, site):
    return site.create_site(str(report_dir)).test_client()


def test_index_links_every_chapter(site_client):
    page = site_client.get("/").text
    for chapter in book.chapters():
        assert f'href="{chapter.name}/"' in page


def test_a_failing_claim_is_marked_failing(site_client):
    page = site_client.get(f"/{CH09.name}/").text
    assert re.search(r'<li id="C2" class="claim failing">', page)
    assert re.search(r'<li id="C1" class="claim proven">', page)


def test_a_skipped_claim_is_marked_partly_run(site_client, report_dir):
    page = site_client.get(f"/{CH09.name}/").text
    assert re.search(r'<li id="C3" class="claim partly-run">', page)
    row = report.summarise([{"nodeid": "t1", "chapter": CH09.name, "claims": ["C3"], "outcome": "passed"},
                            {"nodeid": "t2", "chapter": CH09.name, "claims": ["C3"], "outcome": "skipped"}])[0]
    assert report.line(row).endswith("skipped (see why below): C3")
    assert (row["status"], row["claims"]["C3"]["proven"]) == ("PASS", False)


def test_a_selected_claim_highlights_exactly_its_tests(site_client):
    spans = [s for s in book.cited_claims(CH09.test_path).values() if "C8" in s.claims]
    page = site_client.get(f"/{CH09.name}/C8/").text
    assert page.count('<span class="hll">') == sum(s.end - s.start + 1 for s in spans)


def test_highlighting_keeps_every_line_and_marks_exactly_the_claims_lines(site):
    code = CH09.test_path.read_text(encoding="utf-8")
    marked = {n for s in book.cited_claims(CH09.test_path).values() if "C8" in s.claims
              for n in range(s.start, s.end + 1)}
    rows = re.findall(r'(<span class="hll">)?<a id="test-(\d+)" href="#test-\d+">(.*?)(?=(?:<span class="hll">)?<a id="test-|</code>)',
                      site._highlight(code, 1, tuple(marked), "test"), re.DOTALL)
    assert [int(number) for _, number, _ in rows] == list(range(1, len(code.splitlines()) + 1))
    assert {int(number) for hll, number, _ in rows if hll} == marked
    shown = [html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<span class="linenos">.*?</span>', "", row)))
             for _, _, row in rows]
    assert [line.rstrip("\n") for line in shown] == code.splitlines()


# Freezing takes seconds (every page, then the search index): it runs in a process of its own,
# started as soon as collection ends, beside the other tests (textbook.plugin).
FREEZE = live.Background([sys.executable, "-c", "import sys; from textbook import site; site.freeze(sys.argv[1])",
                          "{directory}"], prepare=lambda directory, chapter: write_report(directory))


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    directory = tmp_path_factory.mktemp("site")
    status, output = FREEZE.result(None, keep=directory)
    assert status == 0, output
    return directory


def test_the_frozen_site_has_every_page(frozen):
    assert (frozen / "index.html").is_file()
    for chapter in book.chapters():
        for claim in [None, *chapter.claims]:
            assert (frozen / chapter.name / (claim or "") / "index.html").is_file()


def test_pages_are_small_and_their_only_script_is_the_search(frozen):
    pages = list(frozen.glob("**/index.html"))
    assert len(pages) == 1 + sum(1 + len(c.claims) for c in book.chapters())
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert page.stat().st_size < 200_000, page
        assert re.findall(r"<script[^>]*>", text) == [f'<script src="{"../" * (len(page.relative_to(frozen).parts) - 1)}pagefind/pagefind-ui.js">', "<script>"]


# A real headless browser: the run's Chromium (conftest's browser fixture). The site is static
# and every test navigates afresh, so the module shares one page: a new one costs a renderer.

@pytest.fixture(scope="module")
def site_page(chromium_connection):
    connected, loop = chromium_connection
    with chromium.driving(loop):
        context = connected.new_context()
        page = context.new_page()
    yield page
    with chromium.driving(loop):
        context.close()


@pytest.fixture
def page(browser, site_page):
    return site_page


def visit(page, url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url, wait_until="load")  # "load" waits for the stylesheets the layout needs
    return page


def test_browser_index_lists_every_chapter(page, frozen_server):
    visit(page, frozen_server.url + "/", 1400)
    assert page.locator("#chapters li").count() == len(book.chapters())


@pytest.mark.parametrize(("width", "side_by_side"), [(1400, True), (390, False)])
def test_browser_columns_side_by_side_on_desktop_stacked_on_phone(page, frozen_server, width, side_by_side):
    visit(page, f"{frozen_server.url}/{CH09.name}/", width)
    code, proof = (page.locator(s).bounding_box() for s in ("#chapter-code", "#test-code"))
    assert (proof["x"] > code["x"] and proof["y"] == code["y"]) is side_by_side
    assert (proof["y"] >= code["y"] + code["height"]) is not side_by_side


def test_browser_selecting_a_claim_shows_its_test(page, frozen_server):
    name, span = next((n, s) for n, s in book.cited_claims(CH09.test_path).items() if "C7" in s.claims)
    visit(page, f"{frozen_server.url}/{CH09.name}/", 1400)
    page.click("#C7 a.claim-link")
    assert page.url.endswith(f"/{CH09.name}/C7/#test-{span.start}")
    assert f"def {name}(" in "".join(page.locator("#test-code .hll").all_inner_texts())
    assert page.locator("#test-code .hll").first.is_visible()


def test_browser_a_failing_claim_is_shown_failing(page, frozen_server):
    visit(page, f"{frozen_server.url}/{CH09.name}/", 1400)
    assert page.locator("#C2 .state").inner_text() == "not proven"
    assert page.locator("#C2 .state").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(251, 213, 213)"


@pytest.mark.parametrize("width", [1400, 390])
def test_browser_a_claims_test_lines_each_show_on_a_row_of_their_own_in_view(page, frozen_server, width):
    spans = [s for s in book.cited_claims(CH09.test_path).values() if "C8" in s.claims]
    visit(page, f"{frozen_server.url}/{CH09.name}/C8/#test-{spans[0].start}", width)
    boxes = page.eval_on_selector_all("#test-code .hll", "lines => lines.map(line => line.getBoundingClientRect().toJSON())")
    assert len(boxes) == sum(s.end - s.start + 1 for s in spans)
    assert all(a["y"] + a["height"] <= b["y"] + 0.5 for a, b in zip(boxes, boxes[1:]))  # one row each, in order
    assert {round(box["x"]) for box in boxes} == {round(boxes[0]["x"])}  # none pushed to the right
    assert 0 <= boxes[0]["y"] < 900 and 0 <= boxes[0]["x"] < width  # the jump shows the first line


@pytest.fixture(scope="module")
def frozen_server(frozen):
    """The frozen files served as a static host would serve them (a folder's index.html)."""
    from werkzeug.exceptions import NotFound
    from werkzeug.middleware.shared_data import SharedDataMiddleware

    files = SharedDataMiddleware(NotFound(), {"/": str(frozen)})

    def static_host(environ, start_response):
        if environ["PATH_INFO"].endswith("/"):
            environ["PATH_INFO"] += "index.html"
        return files(environ, start_response)

    with live.serve_app(static_host) as server:
        yield server


def test_browser_search_finds_the_redirect_chapter_first(page, frozen_server):
    visit(page, f"{frozen_server.url}/{CH09.name}/", 1400)
    page.fill("#search input", "redirect")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for()
    assert (first.get_attribute("href"), first.inner_text()) == (f"/{CH09.name}/", f"{CH09.number}. {CH09.title}")


def test_broken_markup_in_a_docstring_fails_the_build_with_its_line(site):
    from docutils.utils import SystemMessage

    with pytest.raises(SystemMessage, match=r"^<string>:3: \(WARNING/2\) Inline literal start-string without end-string"):
        site.rst("Fine.\n\nBroken ``markup.")


CH11 = book.read_chapter(book.ROOT / "chapters" / "ch11_flask_wtf.py")
CH19 = book.read_chapter(book.ROOT / "chapters" / "ch19_flask_jwt.py")


def test_a_chapters_title_is_its_question_alone(site_client):
    assert CH11.question.startswith("What is Flask-WTF and how is it used? Flask-WTF is an extension")
    page = site_client.get(f"/{CH11.name}/").text
    assert re.search(r'<h1[^>]*><span class="number">11\.</span> What is Flask-WTF and how is it used\?</h1>', page)


def test_docstrings_are_rendered_as_restructuredtext(site_client):
    answer = site_client.get(f"/{CH19.name}/").text.split('<section class="answer">')[1].split("</section>")[0]
    assert "<ul" in answer and "<li>" in answer  # the answer's bullet list
    assert '<span class="docutils literal">ModuleNotFoundError</span>' in answer  # ``code``
    assert "``" not in answer


def test_the_sidebar_lists_each_chapter_once_under_its_first_topic(site_client):
    sidebar = site_client.get("/").text.split('<nav class="sidebar"')[1].split("</nav>")[0]
    for chapter in book.chapters():
        assert sidebar.count(f'href="{chapter.name}/"') == 1
    topics = re.findall(r"<h2[^>]*>([^<]+)</h2>", sidebar)
    assert topics == list(dict.fromkeys(c.topics[0].replace("_", " ") for c in sorted(
        book.chapters(), key=lambda c: list(book.vocabulary()).index(c.topics[0]))))


def test_the_index_starts_with_the_topics_and_a_chapter_ends_with_previous_and_next(site_client):
    index = site_client.get("/").text
    assert index.index('<nav class="topic-list"') < index.index('<ol class="chapters"')
    page = site_client.get(f"/{CH09.name}/").text
    pager = page.split('<nav class="pager"')[1]
    assert 'rel="prev" href="../ch08_running/"' in pager and 'rel="next" href="../ch10_errors/"' in pager


def test_browser_the_reading_column_is_about_75_characters(page, frozen_server):
    visit(page, f"{frozen_server.url}/{CH09.name}/", 1400)
    width, characters = page.evaluate("""() => {
        const text = document.querySelector(".answer p").textContent.slice(0, 300);
        const probe = Object.assign(document.createElement("span"), {textContent: text});
        probe.style.whiteSpace = "nowrap";  // the answer's own prose, on one line
        document.querySelector(".answer p").append(probe);
        return [document.querySelector(".prose").getBoundingClientRect().width, text.length / probe.getBoundingClientRect().width];
    }""")
    assert 65 <= width * characters <= 80


@pytest.mark.parametrize(("scheme", "light"), [("light", True), ("dark", False)])
def test_browser_the_colours_follow_the_systems_scheme(page, frozen_server, scheme, light):
    page.emulate_media(color_scheme=scheme)
    visit(page, f"{frozen_server.url}/{CH09.name}/", 1400)
    red, green, blue = map(int, re.findall(r"\d+", page.evaluate("getComputedStyle(document.documentElement).backgroundColor")))
    assert (red + green + blue > 3 * 128) is light
    page.emulate_media(color_scheme="light")


def test_a_claim_shows_its_break_and_the_failure_it_causes(tmp_path, site):
    spans = book.cited_claims(CH09.test_path)
    tests = [{"nodeid": n, "chapter": CH09.name, "claims": list(s.claims), "outcome": "passed"} for n, s in spans.items()]
    record = {"id": "ch09_redirects C1#1", "chapter": CH09.name, "claim": "C1", "old": 'redirect("/new-url")',
              "new": 'redirect("/new-url", code=303)', "outcome": "caught", "failed": ["test_x"],
              "failure": "E       AssertionError: assert 303 == 302"}
    report.write(report.add_breaks(report.summarise(tests), [record]), tmp_path)
    page = site.create_site(str(tmp_path)).test_client().get(f"/{CH09.name}/").text
    claim = page.split('<li id="C1"')[1].split("</li>")[0]
    assert "Break it: <code>redirect(&#34;/new-url&#34;)</code> → <code>redirect(&#34;/new-url&#34;, code=303)</code>" in claim
    assert "AssertionError: assert 303 == 302" in claim and '<span class="outcome">caught</span>' in claim


def test_a_questions_code_is_drawn_as_code_and_its_origin_is_named(site_client):
    flashing = next(c for c in book.chapters() if c.number == 44)
    page = site_client.get(f"/{flashing.name}/").text
    assert "<title>44. What is flash() and how does it work?</title>" in page
    assert '<span class="number">44.</span> What is <span class="docutils literal">flash()</span> and how does it work?</h1>' in page
    assert "``" not in page.split('<section class="answer">')[0]  # title, sidebar and note
    xss = next(c for c in book.chapters() if c.number == 33)
    assert "The whole question: “How does Flask protect" in site_client.get(f"/{xss.name}/").text
    assert "The source asks: “What is Flask-WTF and how is it used?" in site_client.get(f"/{CH11.name}/").text
