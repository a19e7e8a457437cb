"""Ctrl-C that is never lost.

CPython turns SIGINT into a `KeyboardInterrupt` in whatever Python code the main thread runs
next. When that code is a finalizer or a callback from a C library (WeasyPrint's font and
text libraries call back into Python), the exception is reported as "ignored" and lost: the
build would go on and replace the outputs, although the user pressed Ctrl-C.

`install` (called by the CLI) puts a handler in place that also records the signal;
`check` raises it again, and the writers in `workbook.base.files` call it just before they put a
file or folder in place of the old one. So an interrupted build never replaces an output.
The "ignored" report of such a lost `KeyboardInterrupt` (a traceback on stderr) is left
out: the user sees the one Dutch line of an interrupted command instead.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from workbook.base.errors import Interrupted

_PRESSED = threading.Event()


def _handler(signum: int, frame: FrameType | None) -> None:
    _PRESSED.set()
    raise KeyboardInterrupt


_PREVIOUS_HOOK: list[Any] = []  # the unraisable hook that was there before ours


def _unraisable(report: Any) -> None:
    if report.exc_type is KeyboardInterrupt and _PRESSED.is_set():
        return  # recorded: `check` raises it again where it matters
    (_PREVIOUS_HOOK or [sys.__unraisablehook__])[0](report)


def install() -> None:
    """Record Ctrl-C as well as raising it, from now on (a command starts unpressed). Only
    the main thread can set signal handlers; elsewhere this only clears the record."""
    _PRESSED.clear()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)
        if sys.unraisablehook is not _unraisable:
            _PREVIOUS_HOOK[:] = [sys.unraisablehook]
            sys.unraisablehook = _unraisable


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Child processes started meanwhile (by this, the main thread) ignore Ctrl-C.

    In a terminal Ctrl-C goes to every process of the command, and a child that is still
    starting up would print a traceback; this process stops its children itself. A child
    inherits "ignore" across exec, not a Python handler nor (with multiprocessing's spawn)
    a blocked signal. Here the signal is blocked while it is ignored: Linux keeps a blocked
    signal pending even then, so a Ctrl-C pressed meanwhile arrives when the block ends."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may change handlers (serve's PDF thread)
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@contextlib.contextmanager
def awaited() -> Iterator[Callable[[float], bool]]:
    """Ctrl-C as an event that the main thread waits for: `pressed(timeout)` is True once
    it came. For a command whose threads start processes at any moment (`workbook serve`).

    Meanwhile the whole process ignores SIGINT, so that every child, whichever thread starts
    it and whenever, ignores it from birth ("ignore" is inherited across fork and exec;
    `held` cannot help a thread other than the main one). The main thread also blocks it:
    the kernel keeps a blocked signal pending even while it is ignored, for `pressed` to
    take. Threads started meanwhile inherit the block, so none of them takes the signal
    (and drops it, being ignored): start the threads inside this block. At the end a
    Ctrl-C still pending is dropped (the command has stopped already) and the previous
    handler is back. Outside the main thread, `pressed` only waits."""
    if threading.current_thread() is not threading.main_thread():
        never = threading.Event()
        yield never.wait
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)

    def pressed(timeout: float) -> bool:
        return signal.sigtimedwait({signal.SIGINT}, timeout) is not None

    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # drops a pending Ctrl-C
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def check() -> None:
    """Raise `Interrupted` when Ctrl-C was pressed, even if its exception got lost."""
    if _PRESSED.is_set():
        raise Interrupted("afgebroken door de gebruiker (Ctrl-C)")
