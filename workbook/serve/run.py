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
    if not existing:
        ready.set()
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


def _builder_loop(builder: SiteBuilder, dirty: threading.Event, stop: threading.Event) -> None:
    while not stop.is_set():
        if dirty.wait(timeout=0.25):
            dirty.clear()
            if not stop.is_set():
                builder.rebuild()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(project: Path, *, port: int = 8000, drafts: bool = False, pdf: bool = True) -> None:
    """Build the site, serve it on 127.0.0.1:`port`, rebuild on change; Ctrl-C stops."""
    from workbook.base.project import open_project

    root = open_project(project).root.resolve()
    state = ServeState()
    try:
        server = Server((HOST, port), Handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"poort {port} is al in gebruik; kies een andere met --port") from exc
        raise UsageError(f"poort {port} kan niet worden gebruikt: {exc.strerror}") from exc
    server.state = state
    workdir = Path(tempfile.mkdtemp(prefix="workbook-serve-"))
    stop = threading.Event()
    dirty = threading.Event()
    threads: list[threading.Thread] = []
    live: LivePdf | None = None
    try:
        with _sigterm_as_interrupt():
            live = LivePdf(root / "dist" / CACHE_DIR, workdir, _say) if pdf else None
            server.live = live
            builder = SiteBuilder(root, drafts, state, workdir, _say, live)
            builder.rebuild(first=True)
            config = root / "workbook.yaml"
            watched_dirs = {root / "examples", root / "templates"}
            ready = [threading.Event(), threading.Event()]
            threads = [
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
                    target=_builder_loop, name="builder", daemon=True, args=(builder, dirty, stop)
                ),
            ]
            for thread in threads:
                thread.start()
            for event in ready:
                event.wait(timeout=5)
            _say(f"Website op http://{HOST}:{port}/ — stoppen met Ctrl-C")
            server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        state.stop()
        if live is not None:
            live.stop()
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)
        shutil.rmtree(workdir, ignore_errors=True)
    _say("Gestopt.")
