"""Writing files so that readers see the old or the new version, never half of one."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from workbook.base import interrupt


def atomic_write(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` beside `target`, then rename: readers see the old or the new file.

    `durable` also flushes the data to disk before the rename (outputs); cache entries,
    which are checked by hash when read, skip that.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed after
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        interrupt.check()  # an interrupted build replaces nothing
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_tree(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a fresh folder beside `target`, then swap it in place of the old one."""
    fresh = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    old = target.parent / f".{target.name}.old"
    try:
        fill(fresh)
        os.chmod(fresh, 0o755)
        interrupt.check()
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex), read once per run while the file stays the same
    (its size and modification time): a build hashes each image for the PDF's cache keys
    and for the edition manifest."""
    stat = path.stat()
    return _cached_digest(path.resolve(), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _cached_digest(path: Path, size: int, mtime_ns: int) -> str:
    del size, mtime_ns  # part of the cache key only
    return _file_digest(path).hex()


def folder_digest(*paths: Path) -> str:
    """A hash of the names and bytes of every file at or below `paths` (sorted, stable)."""
    h = hashlib.sha256()
    for base in paths:
        if base.is_file():
            h.update(base.name.encode("utf-8") + b"\0" + _file_digest(base))
            continue
        if not base.is_dir():
            h.update(b"-missing-" + base.name.encode("utf-8"))
            continue
        inside = base.resolve()
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            h.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                # A link out of the folder is never read (the check refuses it); its
                # target's name is what can change.
                h.update(b"link:" + os.fsencode(os.readlink(path)))
            else:
                h.update(_file_digest(path))
    return h.hexdigest()
