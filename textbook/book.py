"""Read the book statically: chapters, their claims and topics, and the tests that cite them.

Nothing is imported: the modules are parsed with ``ast``, so selecting a topic never pays for a
chapter's heavy imports.
"""

import ast
import inspect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_NAME = re.compile(r"ch(\d\d)_\w+")
BLOCK = re.compile(r"^(Q|A|Claims|Try it):\s*(.*)$")
CLAIM = re.compile(r"^(C\d+)\.\s+(.*)$")
# The source ran some answers into their questions ("What are Flask Blueprints? Flask Blueprints
# are used to ..."); a chapter's title is the question alone, without a leading "(Added: ...)".
TITLE = re.compile(r"^(?:\((?P<note>[^)]*)\)\s*)?(?P<title>.+?[.?])(?:\s|$)")


@dataclass
class Chapter:
    name: str
    number: int
    path: Path
    question: str = ""
    answer: str = ""
    claims: dict = field(default_factory=dict)
    try_it: str = ""
    topics: tuple = ()
    has_create_app: bool = False

    @property
    def from_source(self):
        """Chapters 1-31 answer the source's questions; 32-51 go beyond it."""
        return self.number <= 31

    @property
    def title(self):
        match = TITLE.match(self.question)
        return match.group("title") if match else self.question

    @property
    def note(self):
        """The question's leading note, such as "Added: the source has no question 27."."""
        match = TITLE.match(self.question)
        return (match.group("note") or "") if match else ""

    @property
    def test_path(self):
        return self.path.parent.parent / "tests" / f"test_{self.name}.py"


def _blocks(docstring):
    blocks, current = {}, None
    for line in inspect.cleandoc(docstring).splitlines():
        match = BLOCK.match(line)
        if match:
            current = match.group(1)
            blocks[current] = [match.group(2)] if match.group(2) else []
        elif current:
            blocks[current].append(line)
    return {key: "\n".join(lines).strip() for key, lines in blocks.items()}


def _claims(text):
    claims, current = {}, None
    for line in text.splitlines():
        match = CLAIM.match(line.strip())
        if match:
            current = match.group(1)
            claims[current] = match.group(2)
        elif current and line.strip():
            claims[current] += " " + line.strip()
    return claims


def code_after_docstring(path):
    """``(code, first line number)``: a module's text after its docstring."""
    return _code_after_docstring(Path(path), Path(path).stat().st_mtime_ns)


@lru_cache(maxsize=None)
def _code_after_docstring(path, mtime_ns):  # the mtime makes an edited file parse afresh
    source = path.read_text(encoding="utf-8")
    docstring = ast.parse(source).body[0]
    first = docstring.end_lineno + 1 if isinstance(docstring, ast.Expr) else 1
    return "".join(source.splitlines(keepends=True)[first - 1 :]).lstrip("\n"), first


@lru_cache(maxsize=None)
def read_chapter(path):
    path = Path(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    chapter = Chapter(name=path.stem, number=int(path.stem[2:4]), path=path)
    blocks = _blocks(ast.get_docstring(tree) or "")
    chapter.question = " ".join(blocks.get("Q", "").split())
    chapter.answer = blocks.get("A", "")
    chapter.claims = _claims(blocks.get("Claims", ""))
    chapter.try_it = blocks.get("Try it", "")
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "TOPICS" for target in node.targets
        ):
            chapter.topics = tuple(ast.literal_eval(node.value))
        if isinstance(node, ast.FunctionDef) and node.name == "create_app":
            chapter.has_create_app = True
    return chapter


def chapters(root=ROOT):
    folder = Path(root) / "chapters"
    return list(_chapters(folder, folder.stat().st_mtime_ns))


@lru_cache(maxsize=None)
def _chapters(folder, mtime_ns):  # a chapter added or removed changes the folder's mtime
    paths = sorted(folder.glob("ch[0-9][0-9]_*.py"))
    return tuple(read_chapter(path) for path in paths if CHAPTER_NAME.fullmatch(path.stem))


def select(words, all_chapters=None):
    """The chapters named by ``words``: a number (9), a prefix (ch09), a name or a topic.

    No words select every chapter; a word that names nothing raises ``LookupError``."""
    all_chapters = all_chapters or chapters()
    if not words:
        return all_chapters
    found = []
    for word in words:
        word = word.strip().lower()
        matches = [c for c in all_chapters
                   if word in c.topics or c.name == word or c.name.startswith(word)
                   or (word.isdigit() and int(word) == c.number)]
        if not matches:
            raise LookupError(word)
        found += [c for c in matches if c not in found]
    return sorted(found, key=lambda c: c.number)


def chapter_for_test_path(path):
    """The chapter a test file proves, from its name ``test_chNN_topic.py``, or None."""
    return _chapter_for_test_path(str(path))


@lru_cache(maxsize=None)
def _chapter_for_test_path(path):
    stem = Path(path).stem
    if stem.startswith("test_") and CHAPTER_NAME.fullmatch(stem[5:]):
        candidate = Path(path).resolve().parent.parent / "chapters" / f"{stem[5:]}.py"
        if candidate.exists():
            return read_chapter(candidate)
    return None


@lru_cache(maxsize=None)
def vocabulary(root=ROOT):
    tree = ast.parse((Path(root) / "chapters" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "VOCABULARY":
            return dict(ast.literal_eval(node.value))
    return {}


@dataclass(frozen=True)
class TestSpan:
    claims: tuple
    start: int  # the first decorator's line
    end: int
    is_property: bool = False  # a hypothesis test: it calls given()


def cited_claims(test_path):
    """``{test function name: TestSpan}`` for the tests of one file, parsed statically."""
    return _cited_claims(Path(test_path), Path(test_path).stat().st_mtime_ns)


@lru_cache(maxsize=None)
def _cited_claims(test_path, mtime_ns):  # the mtime makes an edited file parse afresh
    tree = ast.parse(test_path.read_text(encoding="utf-8"))
    cited = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith(
            "test_"
        ):
            ids = []
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and ast.unparse(decorator.func) == "pytest.mark.claim"
                ):
                    ids.extend(ast.literal_eval(arg) for arg in decorator.args)
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            is_property = any(isinstance(inner, ast.Name) and inner.id == "given"
                              for inner in ast.walk(node))
            cited[node.name] = TestSpan(tuple(ids), start, node.end_lineno, is_property)
    return cited


def keyword_hint(word, ran):
    """What to say after ``pytest -k WORD`` ran the chapters ``ran``; "" when it was exact.

    ``-k`` matches any part of a test's name, so ``-k cli`` also runs test_client's tests."""
    import difflib

    topics, all_chapters = vocabulary(), chapters()
    word = word.lower()
    exact = {c.name for c in all_chapters if word in c.topics or c.name.startswith(word)}
    if exact and set(ran) <= exact:
        return ""
    guesses = [t for t in topics if word in t or t in word]
    guesses += [t for t in difflib.get_close_matches(word, topics, n=3, cutoff=0.6) if t not in guesses]
    if word in topics:
        return (f"-k {word} matches any part of a test's name, so it also ran chapters without the "
                f"topic {word!r}: run the topic alone with `pytest -m {word}`")
    lines = [f"-k {word} selected no test: no topic, chapter or test name contains {word!r}" if not ran
             else f"-k {word} matches any part of a test's name; no topic is called {word!r}"]
    if guesses:
        lines.append("a topic you may mean: " + ", ".join(f"`pytest -m {t}`" for t in guesses))
    lines.append("every topic with its chapters: `textbook topics`")
    return "\n".join(lines)
