"""Running layout jobs: from the cache, in a pool of worker processes, or in this process.

`-j 1` lays out every part here, one after the other; `-j N` starts N worker processes
(spawned fresh: they import only WeasyPrint and this package's renderer). Either way the
jobs and their results are the same, so the merged PDF is the same.

Progress: workers report each page WeasyPrint lays out; the sum over the parts, against
an estimate of the total, goes to `on_page(done, total)`.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import TracebackType
from typing import Any, TypeVar

from workbook.base import interrupt
from workbook.render.pdf import layout
from workbook.render.pdf.layout import Job, PartLayout
from workbook.render.pdf.part_cache import PartCache

PageHook = Callable[[int, int], None]
T = TypeVar("T")


def available_cores() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


# Below this many examples a book is laid out in this process by default: starting worker
# processes (each imports WeasyPrint) would take longer than the layout they would share.
SMALL_BOOK = 8


def default_jobs(examples: int) -> int:
    """How many processes lay out a book of `examples` examples when `-j` is not given."""
    return 1 if examples < SMALL_BOOK else available_cores()


def _init_worker(events: Any, nice: int) -> None:
    if nice:
        os.nice(nice)
    layout.setup(lambda name, page: events.put((name, page)), worker=True)


class Stopped(Exception):
    """The scheduler was terminated: it starts no more work."""


class Scheduler:
    """Runs layout jobs for one book at a time; `serve` keeps one (and its workers) alive."""

    def __init__(self, jobs: int, *, nice: int = 0, persistent: bool = False) -> None:
        """`nice`: a lower priority for the workers (serve's PDF yields to the site).
        `persistent`: keep the workers between books (see `rest`)."""
        self.jobs = max(1, jobs)
        self.nice = nice
        self.persistent = persistent
        self.used = False  # has a part been laid out in the pool (not just warm-ups)?
        self.cache: PartCache | None = None
        self.on_page: PageHook | None = None
        self.estimate = 0
        self.pages: dict[str, int] = {}  # part name -> pages laid out so far
        self.counted: set[str] = set()  # names of jobs whose pages are the book's
        self.laid_out: list[str] = []  # names of the jobs laid out (not from the cache)
        self.ready: list[tuple[Job, PartLayout]] = []  # submitted and done, not handed out yet
        self.running: dict[Future[PartLayout], Job] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.events: Any = None
        self.listener: threading.Thread | None = None
        self.lock = threading.Lock()
        self.pool_lock = threading.Lock()  # starting work in the pool vs. terminate()
        self.stopped = False

    def begin(self, cache: PartCache, on_page: PageHook | None, estimate: int) -> None:
        """Start on a book: its cache, where progress goes, a first guess of its length."""
        with self.lock:
            self.cache = cache
            self.on_page = on_page
            self.estimate = estimate
            self.pages = {}
            self.counted = set()
            self.laid_out = []

    def __enter__(self) -> Scheduler:
        if self.jobs == 1:
            layout.setup(self._page)
        return self

    def warm(self) -> None:
        """Start the worker processes now (they take a moment to import WeasyPrint), so
        that they are ready when the first part comes; a no-op with `-j 1`."""
        if self.jobs > 1:
            for _ in range(self.jobs):
                self._submit(layout.warm_up)

    def _start_pool(self) -> ProcessPoolExecutor:
        """The worker processes, started when there is work for them (not for a cached book)."""
        if self.pool is None:
            context = multiprocessing.get_context("spawn")
            self.events = context.Queue()
            self.pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.events, self.nice),
            )
            self.listener = threading.Thread(target=self._listen, daemon=True)
            self.listener.start()
        return self.pool

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self._stop_pool(now=error is not None or not self.used)
        elif self.jobs == 1:
            layout.setup(None)

    def rest(self) -> None:
        """The book's layout is done. Unless the scheduler is persistent,
        the workers go now, so that their memory is free for the merge; a later book
        starts them again."""
        if self.pool is not None and not self.persistent and not self.running:
            # Idle workers take about half a second to exit: the merge does not wait.
            self._stop_pool(now=False, wait=False)

    def _stop_pool(self, *, now: bool, wait: bool = True) -> None:
        assert self.pool is not None
        if now:
            # Interrupted, failed, or never needed (the check found errors): stop the
            # workers now, not after their current part or their start.
            self.terminate()
        self.pool.shutdown(wait=wait, cancel_futures=True)
        self.events.put(None)
        if self.listener is not None:
            self.listener.join(timeout=5)
        self.events.close()
        self.pool = None
        self.listener = None

    def terminate(self) -> None:
        """Stop the worker processes at once (a part they were laying out is lost); no
        work starts after this (`Stopped`)."""
        with self.pool_lock:
            self.stopped = True
            if self.pool is not None:
                for process in list(getattr(self.pool, "_processes", {}).values()):
                    process.terminate()

    def _submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """`function(*args)` in a worker process (started here when there is none)."""
        with self.pool_lock:
            if self.stopped:
                raise Stopped
            with interrupt.held():  # a worker that starts here never sees Ctrl-C
                return self._start_pool().submit(function, *args)

    def _listen(self) -> None:
        while True:
            try:
                event = self.events.get()
            except (EOFError, OSError, queue.Empty):
                return
            if event is None:
                return
            self._page(*event)

    def _page(self, name: str, page: int) -> None:
        if name not in self.counted:
            return
        with self.lock:
            self.pages[name] = max(page, self.pages.get(name, 0))
            self._report()

    def expect(self, total: int) -> None:
        """The book's page count, once it is known."""
        with self.lock:
            self.estimate = total
            self._report()

    def _report(self) -> None:
        if self.on_page is None:
            return
        done = sum(self.pages.values())
        total = max(self.estimate, done)
        self.on_page(done, total)

    def submit(self, job: Job) -> None:
        """Start `job` (or take it from the cache); `next()` hands out the results."""
        assert self.cache is not None, "begin() first"
        if job.counted:
            self.counted.add(job.name)
        hit = self.cache.lookup(job.key, job.name)
        if hit is not None:
            if job.counted:
                with self.lock:
                    self.pages[job.name] = hit.pages
            self.ready.append((job, hit))
        elif self.jobs == 1:
            self.ready.append((job, self._finish(job, layout.run(job))))
        else:
            self.used = True
            self.running[self._submit(layout.run, job)] = job

    def next(self) -> tuple[Job, PartLayout]:
        """The next job that is done, with its result (in the order they finish)."""
        if not self.ready:
            done, _ = wait(list(self.running), return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: self.running[f].name):
                job = self.running.pop(future)
                self.ready.append((job, self._finish(job, future.result())))
        return self.ready.pop(0)

    @property
    def busy(self) -> bool:
        return bool(self.ready or self.running)

    def _finish(self, job: Job, result: PartLayout) -> PartLayout:
        assert self.cache is not None
        self.cache.store(result)
        self.laid_out.append(job.name)
        if job.counted:
            with self.lock:
                self.pages[job.name] = result.pages
                self._report()
        return result


class NotCached(Exception):
    """A layout that `CachedOnly` did not find in the cache (its job's name)."""


class CachedOnly(Scheduler):
    """A scheduler that takes every layout from the cache and lays out nothing: for the
    page numbers of a PDF that is not built (see `book.cached_page_starts`)."""

    def __init__(self, cache: PartCache) -> None:
        super().__init__(1)
        self.begin(cache, None, 0)

    def submit(self, job: Job) -> None:
        assert self.cache is not None
        found = self.cache.lookup(job.key, job.name)
        if found is None:
            raise NotCached(job.name)
        self.ready.append((job, found))
