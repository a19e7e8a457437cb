"""`workbook serve`: build the site, serve it on 127.0.0.1, rebuild and reload on change.

- The site is built into a temporary folder outside the project; only files under the
  current site folder are served (no `..`, no encoded tricks, no backslashes).
- Watchers (watchfiles) on `examples/`, `templates/` and `workbook.yaml` mark the site
  dirty; a builder thread re-runs the check and rebuilds. Every change of state bumps a
  *generation*; pages carry theirs, and an SSE endpoint tells them to reload when it moves.
- When the check fails, the diagnostics are printed in the terminal and shown on top of
  every page, while the last good pages stay served. Fixing the file recovers.
- The search index (Pagefind) is made after each build, while the pages already reload;
  requests for the index wait until it is written, so that indexing costs no reload time.
- After each good build the PDF is laid out again in the background (`live_pdf`, with the
  build cache); the site's download button gets the last good one.
- Ctrl-C, at any moment: the main thread does nothing but wait for it (`interrupt.awaited`:
  the process ignores SIGINT, so every child process ignores it from birth, whichever
  thread starts it), then stops the threads and the processes itself and says `Gestopt.`;
  the exit code is 130. SIGTERM stops the same way, with exit code 0.
"""

from __future__ import annotations

import errno
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from workbook.base import interrupt
from workbook.base.errors import UsageError
from workbook.build.outputs import CACHE_DIR
from workbook.serve.http import Handler, Server
from workbook.serve.live_pdf import LivePdf
from workbook.serve.site_builder import SiteBuilder
from workbook.serve.state import ServeState

HOST = "127.0.0.1"
# How long watchfiles waits for more changes after one (ms), and at most (ms).
STEP_MS = 50
DEBOUNCE_MS = 400


def _say(text: str, *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    print(text, file=stream, flush=True)


def _watch(
    paths: list[Path],
    recursive: bool,
    accept: Callable[[Path], bool],
    dirty: threading.Event,
    stop: threading.Event,
    ready: threading.Event,
) -> None:
    import watchfiles

    existing = [p for p in paths if p.exists()]
    try:
        if not existing:
            return
        for changes in watchfiles.watch(
            *existing,
            recursive=recursive,
            stop_event=stop,
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            ready.set()
            if any(accept(Path(path)) for _, path in changes):
                dirty.set()
    finally:
        ready.set()  # also when there is nothing to watch, or serve stops first


def _builder_loop(builder: SiteBuilder, dirty: threading.Event, stop: threading.Event) -> None:
    while not stop.is_set():
        if dirty.wait(timeout=0.25):
            dirty.clear()
            if not stop.is_set():
                builder.rebuild()


@contextmanager
def _sigterm() -> Iterator[threading.Event]:
    """SIGTERM (from a service manager, `kill`) as an event: it stops serve like Ctrl-C."""
    received = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        received.set()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, previous)


def _bind(port: int) -> Server:
    try:
        return Server((HOST, port), Handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"poort {port} is al in gebruik; kies een andere met --port") from exc
        raise UsageError(f"poort {port} kan niet worden gebruikt: {exc.strerror}") from exc


class Session:
    """One run of serve: the first build, the watchers, the builder, the live PDF and the
    HTTP server, all in threads of their own (`start`); `stop` ends every one of them and
    the processes they started."""

    def __init__(self, root: Path, drafts: bool, pdf: bool, server: Server) -> None:
        self.root = root
        self.server = server
        self.workdir = Path(tempfile.mkdtemp(prefix="workbook-serve-"))
        self.stopping = threading.Event()
        self.dirty = threading.Event()
        self.lock = threading.Lock()  # serving vs. stopping
        self.serving = False
        self.failure: BaseException | None = None
        self.live = LivePdf(root / "dist" / CACHE_DIR, self.workdir, _say) if pdf else None
        server.live = self.live
        self.builder = SiteBuilder(root, drafts, server.state, self.workdir, _say, self.live)
        self.threads: list[threading.Thread] = []
        self.runner = threading.Thread(target=self._run, name="serve", daemon=True)

    def start(self) -> None:
        self.runner.start()

    def wait(self, pressed: Callable[[float], bool], terminated: threading.Event) -> int:
        """Until Ctrl-C (130) or SIGTERM (0); an error that ended serve is raised."""
        while self.runner.is_alive():
            if pressed(0.25):
                return 130
            if terminated.is_set():
                return 0
        if self.failure is not None:
            raise self.failure
        return 0

    def _run(self) -> None:
        try:
            self._begin()
            with self.lock:
                if self.stopping.is_set():
                    return
                self.serving = True
            self.server.serve_forever(poll_interval=0.25)
        except BaseException as exc:  # handed to the main thread (`wait`)
            if not self.stopping.is_set():
                self.failure = exc

    def _begin(self) -> None:
        root, dirty, stop = self.root, self.dirty, self.stopping
        self.builder.rebuild(first=True)
        if stop.is_set():
            return
        config = root / "workbook.yaml"
        watched_dirs = {root / "examples", root / "templates"}
        ready = [threading.Event(), threading.Event()]
        self.threads = [
            threading.Thread(
                target=_watch,
                name="watch-content",
                daemon=True,
                args=(sorted(watched_dirs), True, lambda p: True, dirty, stop, ready[0]),
            ),
            threading.Thread(
                target=_watch,
                name="watch-config",
                daemon=True,
                args=(
                    [root],
                    False,
                    lambda p: p == config or p in watched_dirs,
                    dirty,
                    stop,
                    ready[1],
                ),
            ),
            threading.Thread(
                target=_builder_loop,
                name="builder",
                daemon=True,
                args=(self.builder, dirty, stop),
            ),
        ]
        for thread in self.threads:
            thread.start()
        for event in ready:
            event.wait(timeout=5)
        if not stop.is_set():
            _say(f"Website op http://{HOST}:{self.server.server_port}/ — stoppen met Ctrl-C")

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
            serving = self.serving
        self.server.state.stop()
        self.builder.stop()  # Pagefind stops now
        if self.live is not None:
            self.live.stop()  # and the PDF's worker processes
        if serving:
            self.server.shutdown()
        self.server.server_close()
        for thread in [self.runner, *self.threads]:
            if thread.ident is not None:
                thread.join(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)


def serve(project: Path, *, port: int = 8000, drafts: bool = False, pdf: bool = True) -> int:
    """Build the site, serve it on 127.0.0.1:`port`, rebuild on change, until Ctrl-C (the
    exit code is then 130) or SIGTERM (0)."""
    from workbook.base.project import open_project

    root = open_project(project).root.resolve()
    server = _bind(port)
    server.state = ServeState()
    # Every thread (and so every process) starts inside: see `interrupt.awaited`.
    with interrupt.awaited() as pressed, _sigterm() as terminated:
        session = Session(root, drafts, pdf, server)
        try:
            session.start()
            code = session.wait(pressed, terminated)
        finally:
            session.stop()
    _say("Gestopt.")
    return code
