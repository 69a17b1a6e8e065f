"""``textbook practice``, driven end to end through a pseudo-terminal, as a learner uses it."""

import json
import os
import select
import subprocess
import sys
import time

import pytest

from textbook import book

CH09 = book.read_chapter(book.ROOT / "chapters" / "ch09_redirects.py")


class Terminal:
    """A command on a pseudo-terminal: what it printed so far, and typing into it."""

    def __init__(self, argv, env):
        self.master, slave = os.openpty()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True)
        os.close(slave)
        self.screen = ""

    def wait_for(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            ready, _, _ = select.select([self.master], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"{text!r} not on the screen:\n{self.screen[-3000:]}")
            self.screen += os.read(self.master, 65536).decode(errors="replace")
        return self.screen

    def type(self, line):
        os.write(self.master, line.encode() + b"\n")

    def close(self):
        self.process.kill()
        self.process.wait(10)
        os.close(self.master)


@pytest.fixture
def practising(tmp_path):
    env = {**os.environ, "TEXTBOOK_PRACTICE_DIR": str(tmp_path), "PYTEST_CURRENT_TEST": ""}
    terminal = Terminal([sys.executable, "-m", "textbook", "practice", "ch09"], env)
    yield terminal, tmp_path
    terminal.close()


def test_a_learner_goes_from_red_to_green_and_on_to_the_next_break(practising):
    terminal, folder = practising
    terminal.wait_for("red: ")
    assert "exercise 1 of 14" in terminal.screen and "broken: C1." in terminal.screen
    copy = folder / "chapters" / "ch09_redirects.py"
    assert copy.read_text() != CH09.path.read_text()  # the break is applied to the copy
    terminal.type("hint")
    terminal.wait_for("The claim that no longer holds: C1.")
    copy.write_text(CH09.path.read_text())  # the learner restores the code and saves
    terminal.wait_for("exercise 2 of 14")
    assert "green: every test of the claim passes" in terminal.screen and "restored C1 (1/14" in terminal.screen
    assert json.loads((folder / "progress.json").read_text())["ch09_redirects"]["restored"] == ["ch09_redirects C1#1"]
    terminal.type("quit")
    assert terminal.process.wait(30) == 0


def test_list_reset_and_solution(tmp_path):
    from click.testing import CliRunner

    from textbook import breaks, cli, practice

    first = breaks.declared(CH09)[0][0]
    session = practice.Practice(tmp_path)
    session.start(CH09, first)
    session.record(CH09, first)
    run = lambda *args: CliRunner(env={"TEXTBOOK_PRACTICE_DIR": str(tmp_path)}).invoke(cli.main, ["practice", *args])  # noqa: E731
    assert run("--list", "ch09").output.split() == ["ch09_redirects", "1/14", "breaks", "restored"]
    diff = run("--solution", "ch09").output.splitlines()
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert first.new in "\n".join(removed) and first.old in "\n".join(added)  # back to the book's code
    run("--reset")
    assert not tmp_path.exists()
