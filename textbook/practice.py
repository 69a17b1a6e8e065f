"""``textbook practice``: learn by fixing. Each exercise is one of a claim's breaks applied to a
copy of its chapter, in a practice folder (``practice/``, ignored by git); the learner edits that
copy until the claim's tests pass again, and the next break follows.

The folder holds ``chapters/`` (the copy the tests run against, the learner edits one file of it)
and ``progress.json`` (``{chapter: {"restored": [...], "skipped": [...], "current": ..., "hints": n}}``,
break ids).
"""

import difflib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from textbook import book, breaks

def default_folder():
    return Path(os.environ.get("TEXTBOOK_PRACTICE_DIR") or book.ROOT / "practice")


@dataclass(frozen=True)
class Attempt:
    """The learner's file as it is now, checked as a break would be (textbook.breaks)."""

    chapter: str
    claim: str
    text: str
    number: int = 0
    old: str = ""
    new: str = ""

    @property
    def id(self):
        return f"{self.chapter} {self.claim} (your copy)"

    def apply(self, source):
        return self.text


class Practice:
    def __init__(self, folder=None):
        self.folder = Path(folder or default_folder())
        self.progress_path = self.folder / "progress.json"

    # progress
    def progress(self):
        if self.progress_path.exists():
            return json.loads(self.progress_path.read_text(encoding="utf-8"))
        return {}

    def save(self, progress):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.progress_path.write_text(json.dumps(progress, indent=2) + "\n", encoding="utf-8")

    def restored(self, chapter):
        return self.progress().get(chapter.name, {}).get("restored", [])

    def next_break(self, chapter):
        """The chapter's first break the learner has neither restored nor skipped, or None."""
        entry = self.progress().get(chapter.name, {})
        done = set(entry.get("restored", [])) | set(entry.get("skipped", []))
        return next((brk for brk in breaks.declared(chapter)[0] if brk.id not in done), None)

    def reset(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    # the exercise
    def path(self, chapter):
        return self.folder / "chapters" / f"{chapter.name}.py"

    def start(self, chapter, brk):
        """Lay out the practice copy with ``brk`` applied; returns the file to edit."""
        copy = self.folder / "chapters"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(book.ROOT / "chapters", copy, ignore=shutil.ignore_patterns("__pycache__"))
        self.path(chapter).write_text(brk.apply(chapter.path.read_text(encoding="utf-8")), encoding="utf-8")
        progress = self.progress()
        progress.setdefault(chapter.name, {"restored": []}).update(current=brk.id, hints=0)
        self.save(progress)
        return self.path(chapter)

    def check(self, chapter, brk):
        """Run the claim's tests against the learner's copy: a ``breaks.Result`` (``failed``
        lists the tests still red)."""
        attempt = Attempt(chapter.name, brk.claim, self.path(chapter).read_text(encoding="utf-8"))
        (result,) = breaks.check([attempt], jobs=1)
        return result

    def record(self, chapter, brk, outcome="restored"):
        """Note the break as ``restored`` or ``skipped``."""
        progress = self.progress()
        entry = progress.setdefault(chapter.name, {"restored": []}).setdefault(outcome, [])
        if brk.id not in entry:
            entry.append(brk.id)
        self.save(progress)

    def current(self, chapter):
        """The break the learner is working on (for --hint and --solution), or None."""
        current = self.progress().get(chapter.name, {}).get("current")
        return next((brk for brk in breaks.declared(chapter)[0] if brk.id == current), None)

    def hint(self, chapter, brk):
        """The next hint: the claim, then the answer's paragraphs one by one, then the line."""
        progress = self.progress()
        entry = progress.setdefault(chapter.name, {"restored": []})
        steps = [f"The claim that no longer holds: {brk.claim}. {chapter.claims[brk.claim]}"]
        steps += [" ".join(p.split()) for p in chapter.answer.split("\n\n") if p.strip()]
        source = chapter.path.read_text(encoding="utf-8")
        steps.append(f"Look at line {source[: source.index(brk.old)].count(chr(10)) + 1} of the chapter's code.")
        shown = entry.get("hints", 0)
        entry["hints"] = min(shown + 1, len(steps))
        self.save(progress)
        return steps[min(shown, len(steps) - 1)]

    def solution(self, chapter, brk):
        """The diff between the broken copy and the book's code."""
        book_text = chapter.path.read_text(encoding="utf-8")
        broken = brk.apply(book_text)
        return "".join(difflib.unified_diff(broken.splitlines(keepends=True), book_text.splitlines(keepends=True),
                                            f"practice/chapters/{chapter.name}.py (broken)",
                                            f"chapters/{chapter.name}.py (the book)"))


def describe(result, limit=40):
    """What a learner reads after a check: the tests still red and the end of the first failure."""
    if result.outcome == "error":
        return "error: the tests could not run\n" + "\n".join(result.failure.strip().splitlines()[-limit:])
    if not result.failed:
        return "green: every test of the claim passes"
    tail = "\n".join(result.failure.strip().splitlines()[-limit:])
    return f"red: {', '.join(result.failed)} still fail{'s' if len(result.failed) == 1 else ''}\n{tail}"


def session(chapters, practice, echo=print, read_line=None):
    """Run the learner through the chapters' breaks, checking the practice file on every save.

    ``read_line(timeout)`` returns a line the learner typed (hint, solution, skip, quit) or None.
    No watcher thread: the checker forks, and a fork beside a thread is unsafe."""
    for chapter in chapters:
        while (brk := practice.next_break(chapter)) is not None:
            path = practice.start(chapter, brk)
            total = len(breaks.declared(chapter)[0])
            echo(f"\n{chapter.number}. {chapter.title}  exercise {len(practice.restored(chapter)) + 1} of {total}")
            echo(f"broken: {brk.claim}. {chapter.claims[brk.claim]}")
            echo(f"edit {path} until its tests pass; type hint, solution, skip or quit")
            action = _until_green(chapter, brk, practice, path, echo, read_line)
            if action == "quit":
                return
            practice.record(chapter, brk, "restored" if action == "green" else "skipped")
            if action == "green":
                echo(f"restored {brk.claim} ({len(practice.restored(chapter))}/{total} in {chapter.name})")
        echo(f"{chapter.name}: every break restored or skipped")


def _until_green(chapter, brk, practice, path, echo, read_line):
    """Check now, then on every save, until the claim's tests pass: "green", "skip" or "quit"."""
    saved = None
    while True:
        if path.stat().st_mtime_ns != saved:
            saved = path.stat().st_mtime_ns
            result = practice.check(chapter, brk)
            echo(describe(result))
            if not result.failed and result.outcome != "error":
                return "green"
        command = (read_line(0.1) or "").strip() if read_line else ""
        if command == "hint":
            echo(practice.hint(chapter, brk))
        elif command == "solution":
            echo(practice.solution(chapter, brk))
        elif command in ("skip", "quit"):
            return command


def stdin_line(timeout):
    """A line from standard input if one arrives within ``timeout`` seconds, else None."""
    import select

    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    return sys.stdin.readline() if ready else None
