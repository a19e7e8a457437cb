"""Where a build stands: check → layout → write, on one updating line on a terminal, plain
lines elsewhere (a CI log gets a line per quarter of the layout, not per page)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from workbook.base.words import format_seconds


class Progress:
    """Check → layout → write, on one updating line on a terminal, plain lines elsewhere."""

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self._width = 0
        self._last = ""
        self._quarter = -1

    def step(self, text: str, fraction: float | None = None) -> None:
        """Show `text`; off a terminal, a step with a `fraction` done shows only at quarters."""
        if self.quiet or text == self._last:
            return
        if not self.tty and fraction is not None:
            quarter = int(fraction * 4)
            if quarter == self._quarter:
                return
            self._quarter = quarter
        self._last = text
        if self.tty:
            line = f"\r[{format_seconds(time.monotonic() - self.started):>7}] {text}"
            self.stream.write(line.ljust(self._width))
            self._width = len(line)
        else:
            self.stream.write(f"{text}\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        """A line of its own (a warning) that does not disturb the updating line."""
        if self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0
            self._last = ""
        self.stream.write(f"{text}\n")
        self.stream.flush()

    def done(self, text: str) -> None:
        if self.quiet:
            return
        if self.tty:
            self.stream.write("\r" + " " * self._width + "\r")
        self.stream.write(f"{text}\n")
        self.stream.flush()
