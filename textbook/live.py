"""Real servers on loopback for the chapters about serving: always 127.0.0.1, a free port, ready
when the socket answers, stopped at the end, every wait bounded."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from textbook.book import ROOT

HOST = "127.0.0.1"
READY_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


_HANDED_OUT = set()
_PICKING = threading.Lock()  # the Try it threads and the main thread pick at the same time


def free_port():
    """A port nothing listens on, never the same one twice in this process: the kernel may give a
    port just released to the next bind, and a run starts dozens of servers at once, so two of
    them would share a port (one fails to bind, and its test talks to the other)."""
    with _PICKING:
        while True:
            with socket.socket() as probe:
                probe.bind((HOST, 0))
                port = probe.getsockname()[1]
            if port not in _HANDED_OUT:
                _HANDED_OUT.add(port)
                return port


def wait_for_port(port, timeout=READY_TIMEOUT, alive=lambda: True):
    """Poll until something accepts on ``port``; raise if ``alive()`` turns false or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the server exited before port {port} answered")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.01)  # a poll interval, not a wait for a result
    raise TimeoutError(f"nothing answered on {HOST}:{port} within {timeout} s")


@dataclass
class Server:
    port: int
    process: subprocess.Popen = None
    log_path: Path = None
    extra: dict = field(default_factory=dict)

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def output(self):
        """Everything the server process has written so far (stdout and stderr together)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    def wait_for_output(self, text, timeout=READY_TIMEOUT):
        """Poll the log until ``text`` appears (a server may log after its socket answers)."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} not in the server's output within {timeout} s")
            time.sleep(0.01)  # a poll interval, not a wait for a result
        return self.output()

    def request(self, method, path, body=None, headers=None, timeout=10):
        """One real HTTP request; returns ``(status, headers as a dict, body bytes)``."""
        import http.client  # not at import: collecting the tests need not load it

        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


@contextlib.contextmanager
def serve_app(app):
    """Serve a WSGI app with Werkzeug's threaded server in a background thread."""
    from werkzeug.serving import make_server

    server = make_server(HOST, 0, app, threaded=True)
    # serve_forever's default 0.5 s poll made every stop take half a second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              name="live-server", daemon=True)
    thread.start()
    try:
        yield Server(port=server.server_port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(STOP_TIMEOUT)


def chapters_root():
    """Where this process imported ``chapters`` from: the book, or a break's patched copy."""
    package = sys.modules.get("chapters")
    return Path(package.__file__).parent.parent if package else ROOT


def book_environment(extra=None):
    """The environment for a child process: no FLASK_* leaking in, the book importable."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    env["PYTHONPATH"] = os.pathsep.join(
        dict.fromkeys(filter(None, [str(chapters_root()), str(ROOT), env.get("PYTHONPATH")])))
    env["PYTHONUNBUFFERED"] = "1"
    # Under mutmut (textbook mutate) a child runs the mutant under test too, but cannot report
    # the call statistics of mutmut's first pass.
    if env.get("MUTANT_UNDER_TEST") == "stats":
        env["MUTANT_UNDER_TEST"] = ""
    env.update(extra or {})
    return {key: value for key, value in env.items() if value is not None}


class Background:
    """A process that a test module declares at import: started as soon as collection ends (the
    plugin), so that its interpreter starts while other tests run, then adopted by the test or
    fixture that needs it, with ``serve`` (a server: ready when its port answers) or ``result``
    (a command: its exit status and output). Each start is adopted once; ``serve`` stops it.

    ``argv`` and ``env`` may be functions of the chapter module; ``{port}`` in ``argv`` or in an
    ``env`` value becomes a free port, ``{directory}`` its working directory; an ``env`` value of None removes that variable; ``prepare(directory, chapter)``
    writes the files the process needs into its working directory. ``terminal``: its standard
    input is a pseudo-terminal, as when a person runs it; ``apart``: ``result`` gives its
    standard output and error apart."""

    started = []  # every process started and not yet adopted and stopped

    def __init__(self, argv, env=None, prepare=None, terminal=False, apart=False):
        self.argv, self.env, self.prepare = argv, env or {}, prepare
        self.terminal, self.apart = terminal, apart
        self.process = None

    def start(self, chapter):
        if self.process is not None:
            return
        resolve = lambda value: value(chapter) if callable(value) else value  # noqa: E731
        self.directory = Path(tempfile.mkdtemp(prefix="textbook-process-"))
        if self.prepare:
            self.prepare(self.directory, chapter)
        self.port = free_port()
        self.log_path = self.directory / "output.log"
        self.terminal_fd, stdin = os.openpty() if self.terminal else (None, subprocess.DEVNULL)
        with open(self.log_path, "wb") as log, open(self.directory / "errors.log", "wb") as errors:
            self.process = subprocess.Popen(
                [part.format(port=self.port, directory=self.directory) for part in resolve(self.argv)],
                stdout=log, stderr=errors if self.apart else subprocess.STDOUT, stdin=stdin,
                env=book_environment({key: value.format(port=self.port, directory=self.directory)
                                      if isinstance(value, str) else value
                                      for key, value in resolve(self.env).items()}), cwd=self.directory,
                start_new_session=True,  # its own process group, so stop() reaches its children
            )
        if self.terminal:
            os.close(stdin)  # the child holds it now
        Background.started.append(self)

    def stop(self):
        if self.process is not None:
            # A test that proves something of a graceful stop signals the process itself (chapter
            # 25); this is cleanup, which need not wait the 0.5-1 s of Gunicorn's graceful one.
            stop(self.process, signals=(signal.SIGKILL,))
            if self.terminal_fd is not None:
                os.close(self.terminal_fd)
            shutil.rmtree(self.directory, ignore_errors=True)
            Background.started.remove(self)
            self.process = None

    @contextlib.contextmanager
    def serve(self, chapter, ready_timeout=READY_TIMEOUT):
        """The server, once its port answers; stopped when the block ends."""
        self.start(chapter)
        server = Server(port=self.port, process=self.process, log_path=self.log_path,
                        extra={"directory": self.directory})
        try:
            wait_for_port(self.port, ready_timeout, alive=lambda: server.process.poll() is None)
            yield server
        except BaseException:
            sys.stderr.write(f"server output:\n{server.output()}\n")
            raise
        finally:
            self.stop()

    def result(self, chapter, timeout=60, keep=None):
        """``(exit status, output)`` of the command, once it has ended; with ``apart``,
        ``(exit status, standard output, standard error)``. ``keep``: an empty directory that
        becomes the process's working directory, with what it wrote, instead of its removal."""
        self.start(chapter)
        try:
            status = self.process.wait(timeout)
            read = lambda name: (self.directory / name).read_text(encoding="utf-8", errors="replace")  # noqa: E731
            result = (status, read("output.log"), read("errors.log")) if self.apart else (status, read("output.log"))
            if keep is not None:
                os.replace(self.directory, keep)
            return result
        finally:
            self.stop()

    @classmethod
    def stop_all(cls):
        for process in list(cls.started):
            process.stop()


def executable(name):
    """A console script installed beside this interpreter (flask, gunicorn)."""
    return str(Path(sys.executable).with_name(name))


@contextlib.contextmanager
def serve_command(argv, tmp_path, env=None, ready_timeout=READY_TIMEOUT, port=None):
    """Run a server command; ``{port}`` in ``argv`` becomes a free port on 127.0.0.1."""
    port = port or free_port()
    log_path = Path(tmp_path) / f"server-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [part.format(port=port) for part in argv],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=book_environment(env),
            cwd=tmp_path,
            start_new_session=True,  # its own process group, so stop() reaches a reloader's child
        )
    server = Server(port=port, process=process, log_path=log_path)
    try:
        wait_for_port(port, ready_timeout, alive=lambda: process.poll() is None)
        yield server
    except BaseException:
        sys.stderr.write(f"server output:\n{server.output()}\n")
        raise
    finally:
        stop(process)


def stop(process, signals=(signal.SIGTERM, signal.SIGKILL)):
    """Signal the process group, by default SIGTERM then, if it has not gone within the bound,
    SIGKILL."""
    for sig in signals:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            continue
