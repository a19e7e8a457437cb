"""What `workbook serve` shows, shared by the builder and the HTTP threads: the current
site folder, the last error, and a generation that moves with every change."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

INDEX_WAIT_SECONDS = 60.0


@dataclass
class ServeState:
    """What the server shows; guarded by `cond`."""

    cond: threading.Condition = field(default_factory=threading.Condition)
    generation: int = 0
    site: Path | None = None
    error: str | None = None
    stopping: bool = False
    # Per site folder: set once its search index is written.
    indexed: dict[Path, threading.Event] = field(default_factory=dict)

    def publish(self, site: Path | None, error: str | None) -> Path | None:
        """Switch to a new site (or keep the old one when `site` is None); return the old
        site folder when it was replaced, for the caller to remove."""
        with self.cond:
            old = None
            if site is not None:
                old, self.site = self.site, site
            self.error = error
            self.generation += 1
            self.cond.notify_all()
        return old

    def wait_for_index(self, site: Path, timeout: float = INDEX_WAIT_SECONDS) -> None:
        """Block until the search index of `site` is written (or `timeout` has passed)."""
        with self.cond:
            event = self.indexed.get(site)
        if event is not None:
            event.wait(timeout)

    def snapshot(self) -> tuple[int, Path | None, str | None]:
        with self.cond:
            return self.generation, self.site, self.error

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
