"""A chapter's "Try it" block, run as a reader would type it, and checked.

The block's lines::

    $ flask --app chapters.ch09_redirects run          a command, as the reader types it
    $ curl -i http://127.0.0.1:5000/old-url   → 302    what must appear in its output
    → Location: /new-url                               more of it, one fragment a line
    → 500 INTERNAL SERVER ERROR  # on purpose: C2      a note after "  # " is not checked
    >>> db.session.get(User, 1)                        typed into the shell the command opened
    # open the page in a browser                       prose: read, not run

The commands run in the book's folder, as a reader types them in a clone of it, with the book's
virtual environment first on PATH, one shell each (``export`` and ``cd`` carry over); HOME and
TMPDIR are a scratch folder of the block's own, removed when it ends. A server
(``flask ... run``, ``gunicorn``, ``python -m chapters...``) starts in the background and is ready
when its port answers; it listens on a free port, and the block's port (5000 by default) is
rewritten to it in the commands that follow and back in what they print, so a reader's numbers
are what the block shows. Everything stops when the block ends.
"""

import contextlib
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from textbook import book, live

TIMEOUT = 60
ARROW = re.compile(r"\s+→\s+")
ASSIGNMENTS = re.compile(r"^(?:[A-Za-z_]\w*=\S*\s+)+")  # PORT=5001 before a command


class TryItError(ValueError):
    """A block that is not written in the Try it format."""


@dataclass
class Step:
    command: str
    expected: list = field(default_factory=list)
    typed: list = field(default_factory=list)  # ">>>" lines for the shell the command opens

    @property
    def is_server(self):
        words = shlex.split(ASSIGNMENTS.sub("", self.command), comments=True)
        program = Path(words[0]).name if words else ""
        return (program == "flask" and "run" in words) or program == "gunicorn" or (
            program.startswith("python") and words[1:2] == ["-m"] and words[2].startswith("chapters."))


def parse(block):
    """The block as a list of ``Step``; raises ``TryItError`` on a line of no known kind."""
    steps = []
    for number, raw in enumerate(block.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("$ "):
            command, *expected = ARROW.split(line[2:])
            steps.append(Step(command.strip(), [_fragment(e) for e in expected]))
        elif line.startswith("→ ") and steps:
            steps[-1].expected.append(_fragment(line[2:]))
        elif line.startswith(">>> ") and steps:
            code, *expected = ARROW.split(line[4:])
            steps[-1].typed.append(code.strip())
            steps[-1].expected += [_fragment(e) for e in expected]
        else:
            raise TryItError(f"line {number} is neither '$ ', '→ ', '>>> ' nor '# ': {raw!r}")
    if not steps:
        raise TryItError("no command: a Try it block needs at least one '$ ' line")
    return steps


def _fragment(text):
    return text.split("  # ")[0].strip()


def normalise(text):
    return " ".join(text.replace("\r\n", "\n").split())


@dataclass
class Outcome:
    command: str
    output: str
    missing: list
    servers: str = ""  # when something is missing: what the block's servers had logged by then


class Session:
    """One reader's terminal in the book's folder: an environment, the servers it started, and a
    scratch folder of its own for their logs, its HOME and its TMPDIR."""

    def __init__(self, cwd, scratch):
        self.cwd, self.scratch = Path(cwd), Path(scratch)
        venv_bin = str(Path(sys.executable).parent)
        # curl, writing to a pipe, would show a progress meter that a terminal hides
        (self.scratch / ".curlrc").write_text("no-progress-meter\n", encoding="utf-8")
        self.env = live.book_environment({"PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
                                          "HOME": str(self.scratch), "TMPDIR": str(self.scratch)})
        self.ports = {}  # the block's port -> the free port used instead
        self.servers = []

    def rewrite(self, command):
        for documented, actual in self.ports.items():
            command = re.sub(rf"\b(127\.0\.0\.1|localhost):{documented}\b", rf"\1:{actual}", command)
        return command

    def restore(self, output):
        for documented, actual in self.ports.items():
            output = output.replace(f":{actual}", f":{documented}")
        return output

    def shell(self, command, stdin=None):
        script = f"{command}\nstatus=$?\necho; echo '__env__'; env -0; echo; echo \"__cwd__$PWD\"; exit $status"
        done = subprocess.run(["bash", "-c", script], cwd=self.cwd, env=self.env, input=stdin, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT,
                              start_new_session=True)
        output, _, state = done.stdout.rpartition("\n__env__\n")
        environment, _, cwd = state.rpartition("\n__cwd__")
        self.env = dict(item.split("=", 1) for item in environment.strip("\n\0").split("\0") if "=" in item)
        self.cwd = Path(cwd.strip())
        return output

    def start_server(self, step):
        command = self.rewrite(step.command)
        documented = _port_of(command)
        actual = live.free_port()
        self.ports[documented] = actual
        if re.search(rf"(--port[ =]|PORT=|-b \S*:){documented}\b", command):
            command = re.sub(rf"(--port[ =]|PORT=|-b \S*:){documented}\b", rf"\g<1>{actual}", command)
        elif "flask" in command:
            command += f" --port {actual}"
        else:
            command = f"PORT={actual} {command}"
        log = self.scratch / f"server-{actual}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(["bash", "-c", command], cwd=self.cwd, env=self.env,
                                       stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        server = live.Server(port=actual, process=process, log_path=log)
        self.servers.append(server)
        try:
            live.wait_for_port(actual, alive=lambda: process.poll() is None)
        except (RuntimeError, TimeoutError) as error:
            raise RuntimeError(f"{error}: $ {command}\n{server.output()}") from None
        return server

    def stop(self):
        for server in self.servers:
            live.stop(server.process)


def _port_of(command):
    found = re.search(r"(?:--port[ =]|PORT=|-b \S*:|127\.0\.0\.1:)(\d+)", command)
    return int(found.group(1)) if found else 5000


def run(block, cwd=book.ROOT):
    """Run every command of the block in ``cwd`` (a reader's clone of the book: its root);
    returns an ``Outcome`` per command, in order."""
    steps = parse(block)
    outcomes = []
    with contextlib.ExitStack() as stack:
        session = Session(cwd, stack.enter_context(tempfile.TemporaryDirectory(prefix="textbook-try-")))
        stack.callback(session.stop)
        for step in steps:
            if step.is_server:
                server = session.start_server(step)
                output = _wait_for_fragments(server, step.expected, session)
            else:
                stdin = "\n".join(step.typed) + "\n" if step.typed else None
                output = session.restore(session.shell(session.rewrite(step.command), stdin))
            missing = [e for e in step.expected if normalise(e) not in normalise(output)]
            logs = "".join(f"\n--- {s.log_path.name}:\n{s.output()[-1500:]}" for s in session.servers)
            outcomes.append(Outcome(step.command, output, missing, logs if missing else ""))
    return outcomes


def _wait_for_fragments(server, expected, session, timeout=10):
    """A server logs as it goes: poll its log until every fragment is there (or time is up)."""
    deadline = time.monotonic() + timeout
    while True:
        output = session.restore(server.output())
        if all(normalise(e) in normalise(output) for e in expected) or time.monotonic() > deadline:
            return output
        time.sleep(0.01)  # a poll interval, not a wait for a result


# The blocks of a test run start in the background (the plugin, when collection ends), two at a
# time, while other tests run; each test waits for its own block's outcomes.
_running = {}
_pool = None


def start(blocks):
    """Start running ``{name: block}`` in the background (idempotent per name)."""
    global _pool
    from concurrent.futures import ThreadPoolExecutor

    _pool = _pool or ThreadPoolExecutor(max_workers=2, thread_name_prefix="try-it")
    for name, block in blocks.items():
        if name not in _running:
            _running[name] = _pool.submit(run, block)


def outcomes(name, block, timeout=300):
    """The block's outcomes, from the background run if one was started, else run now."""
    start({name: block})
    return _running[name].result(timeout)


def stop():
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
    _running.clear()
