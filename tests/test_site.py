"""The book as a web page: proven through the test client, the frozen files, and a real browser."""

import os
import re
import shutil

import pytest

from textbook import book, cli, live, report

CHROMIUM = os.environ.get("TEXTBOOK_CHROMIUM", "/usr/bin/chromium")  # GitHub runners have Chrome
CH09 = book.read_chapter(book.ROOT / "chapters" / "ch09_redirects.py")


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    """A report in which every ch09 test passed except one proving C2 and one skipped for C3."""
    spans = book.cited_claims(CH09.test_path)
    outcomes = {"C2": "failed", "C3": "skipped"}
    tests = [{"nodeid": name, "chapter": CH09.name, "claims": list(span.claims),
              "outcome": next((outcomes[c] for c in span.claims if c in outcomes), "passed")}
             for name, span in spans.items()]
    directory = tmp_path_factory.mktemp("report")
    report.write(report.summarise(tests), directory)
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
        assert f'href="/{chapter.name}/"' in page


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


def test_marked_lines_are_what_pygments_hl_lines_gives(site):
    """The site formats a file once and marks a claim's lines itself; the HTML is pygments' own."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    code = CH09.test_path.read_text(encoding="utf-8")
    marked = tuple(n for s in book.cited_claims(CH09.test_path).values() if "C8" in s.claims
                   for n in range(s.start, s.end + 1))
    pygments_own = highlight(code, PythonLexer(), HtmlFormatter(
        linenos="inline", hl_lines=list(marked), lineanchors="test", anchorlinenos=True, wrapcode=True))
    assert site._highlight(code, 1, marked, "test") == pygments_own


@pytest.fixture(scope="module")
def frozen(report_dir, site):
    site.freeze(str(report_dir))
    return report_dir


def test_the_frozen_site_has_every_page(frozen):
    assert (frozen / "index.html").is_file()
    for chapter in book.chapters():
        for claim in [None, *chapter.claims]:
            assert (frozen / chapter.name / (claim or "") / "index.html").is_file()


def test_pages_are_small_and_have_no_script(frozen):
    pages = list(frozen.rglob("*.html"))
    assert len(pages) == 1 + sum(1 + len(c.claims) for c in book.chapters())
    for page in pages:
        assert page.stat().st_size < 200_000, page
        assert "<script" not in page.read_text(encoding="utf-8")


def test_show_prints_chapter_and_test_side_by_side(capsys):
    assert cli.show("ch09") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "chapters/ch09_redirects.py" in lines[0] and "tests/test_ch09_redirects.py" in lines[0]
    assert any(line.startswith('Q: How do you perform') for line in lines)


# A real headless browser: Debian's Chromium, driven by Playwright (no browser download).

@pytest.fixture(scope="module")
def page():
    """One browser page for the module (starting Chromium costs about a second here)."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser.new_page()
        browser.close()


@pytest.fixture(scope="module")
def site_server(report_dir, site):
    with live.serve_app(site.create_site(str(report_dir))) as server:
        yield server


def visit(page, url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url, wait_until="load")  # "load" waits for the stylesheets the layout needs
    return page


def test_browser_index_lists_every_chapter(page, site_server):
    visit(page, site_server.url + "/", 1280)
    assert page.locator("#chapters li").count() == len(book.chapters())


@pytest.mark.parametrize(("width", "side_by_side"), [(1280, True), (390, False)])
def test_browser_columns_side_by_side_on_desktop_stacked_on_phone(page, site_server, width, side_by_side):
    visit(page, f"{site_server.url}/{CH09.name}/", width)
    code, proof = (page.locator(s).bounding_box() for s in ("#chapter-code", "#test-code"))
    assert (proof["x"] > code["x"] and proof["y"] == code["y"]) is side_by_side
    assert (proof["y"] >= code["y"] + code["height"]) is not side_by_side


def test_browser_selecting_a_claim_shows_its_test(page, site_server):
    visit(page, f"{site_server.url}/{CH09.name}/", 1280)
    page.click("#C7 a.claim-link")
    assert page.url.endswith(f"/{CH09.name}/C7/#test-{book.cited_claims(CH09.test_path)['test_unsafe_next_sends_the_client_to_another_host'].start}")
    highlighted = page.locator("#test-code .hll").all_inner_texts()
    assert "def test_unsafe_next_sends_the_client_to_another_host(client):" in "".join(highlighted)
    assert page.locator("#test-code .hll").first.is_visible()


def test_browser_a_failing_claim_is_shown_failing(page, site_server):
    visit(page, f"{site_server.url}/{CH09.name}/", 1280)
    assert page.locator("#C2 .state").inner_text() == "not proven"
    assert page.locator("#C2 .state").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(251, 213, 213)"
