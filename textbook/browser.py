"""One headless Chromium for a test run: started in the background as soon as collection finds
a test that needs it, shared by every browser test (each gets a fresh context), stopped at the
end. Debian's ``/usr/bin/chromium`` is a wrapper script; its real binary starts faster."""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
READY_TIMEOUT = 30.0
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    # this machine's network is closed: no background requests to be refused
    "--disable-background-networking", "--disable-component-update", "--disable-quic",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
]


def executable():
    """The Chromium to drive: ``TEXTBOOK_CHROMIUM``, else Debian's; None if there is none."""
    named = os.environ.get("TEXTBOOK_CHROMIUM")
    if named:
        return named if shutil.which(named) else None
    return next((path for path in CANDIDATES if os.access(path, os.X_OK)), None)


class Chromium:
    def __init__(self, path):
        self.profile = Path(tempfile.mkdtemp(prefix="textbook-chromium-"))
        self.process = subprocess.Popen(
            [path, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
            # its scratch files (org.chromium.Chromium.*) go where stop() removes them
            env={**os.environ, "TMPDIR": str(self.profile)},
        )

    def endpoint(self):
        """The DevTools address, once Chromium has written it (a bounded poll)."""
        announced = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited with {self.process.returncode} before it was ready")
            with contextlib.suppress(FileNotFoundError, ValueError):
                port = int(announced.read_text().splitlines()[0])
                return f"http://127.0.0.1:{port}"
            time.sleep(0.01)  # a poll interval, not a wait for a result
        raise TimeoutError(f"Chromium announced no DevTools port within {READY_TIMEOUT} s")

    def stop(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # a throwaway profile: nothing to save
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


_started = None


def start():
    """Start the run's Chromium in the background (idempotent); None when there is none."""
    global _started
    if _started is None and executable():
        _started = Chromium(executable())
    return _started


def stop():
    global _started
    if _started is not None:
        _started.stop()
        _started = None


# Between two calls Playwright's sync API marks its event loop as running in this thread, and then
# asyncio.run() and Flask's async views refuse to run. The book keeps one connection for the run,
# so it marks the loop only while a test drives the browser.

@contextlib.contextmanager
def idle():
    """Right after Playwright connects: unmark its loop until a test drives it; yield the loop."""
    import asyncio  # not at import: a test run that drives no browser need not import it

    loop = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        yield loop
    finally:
        asyncio.events._set_running_loop(loop)  # for the connection's own close


@contextlib.contextmanager
def driving(loop):
    """Mark Playwright's ``loop`` as running in this thread for the block, as its calls expect."""
    import asyncio

    asyncio.events._set_running_loop(loop)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(None)
