"""The book's integrity, checked statically: nothing here imports a chapter."""

import pytest

from textbook import book, breaks, cli, tryit

CHAPTERS = book.chapters()
IDS = [f"ch{chapter.number:02d}" for chapter in CHAPTERS]  # no topic word in an id: -k stays exact
VOCABULARY = book.vocabulary()
TEST_FILES = sorted((book.ROOT / "tests").glob("test_ch*.py"))


def test_the_book_has_chapters():
    assert len(CHAPTERS) >= 1
    assert len({chapter.number for chapter in CHAPTERS}) == len(CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_chapter_has_its_test_file(chapter):
    assert chapter.test_path.exists(), f"{chapter.name} has no {chapter.test_path.name}"


@pytest.mark.parametrize("path", TEST_FILES, ids=[p.stem[5:9] for p in TEST_FILES])
def test_every_chapter_test_file_has_its_chapter(path):
    assert book.chapter_for_test_path(path) is not None, f"{path.name} proves no chapter"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_chapter_has_question_answer_and_numbered_claims(chapter):
    assert chapter.question, "no Q: block"
    assert chapter.answer, "no A: block"
    assert list(chapter.claims) == [f"C{n}" for n in range(1, len(chapter.claims) + 1)]
    assert len(chapter.claims) >= 1


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_chapter_has_known_topics_and_an_app_factory(chapter):
    assert chapter.topics, "TOPICS is empty"
    assert set(chapter.topics) <= set(VOCABULARY), set(chapter.topics) - set(VOCABULARY)
    assert chapter.has_create_app, "no create_app()"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_claim_has_a_test(chapter):
    cited = {c for span in book.cited_claims(chapter.test_path).values() for c in span.claims}
    assert set(chapter.claims) - cited == set(), "claims with no test"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_test_cites_claims_that_exist(chapter):
    for name, span in book.cited_claims(chapter.test_path).items():
        assert span.claims, f"{name} cites no claim"
        assert set(span.claims) <= set(chapter.claims), f"{name} cites {set(span.claims) - set(chapter.claims)}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_claim_has_a_break_or_says_why_not(chapter):
    found, reasons = breaks.declared(chapter)
    broken = {brk.claim for brk in found}
    assert set(chapter.claims) - broken - set(reasons) == set(), "claims with no break in BREAKS"
    assert (broken | set(reasons)) <= set(chapter.claims), "BREAKS names claims that do not exist"
    assert not broken & set(reasons), "a claim with breaks needs no reason"
    for claim, why in reasons.items():
        assert why.strip() and "\n" not in why, f"{claim}: say in one line why it has no break"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_break_applies_once_and_still_compiles(chapter):
    source = chapter.path.read_text(encoding="utf-8")
    for brk in breaks.declared(chapter)[0]:
        broken = brk.apply(source)  # raises unless the text occurs exactly once
        assert broken != source, f"{brk.id} changes nothing"
        compile(broken, str(chapter.path), "exec")  # a break is a mistake, not a syntax error


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_try_it_block_is_commands_and_what_they_show(chapter):
    assert tryit.parse(chapter.try_it)  # raises on a line that is not "$ ", "→ ", ">>> " or "# "
    assert "\\" not in chapter.try_it, "a backslash breaks the command copied from the source"


def test_readme_chapter_table_matches_the_chapters():
    readme = (book.ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split(cli.TABLE_START)[1].split(cli.TABLE_END)[0].strip()
    assert table == cli.chapter_table(), "run `textbook table` and paste it into README.md"
