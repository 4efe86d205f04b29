"""Writing to disk: bulletin snapshots, the built site's atomic swap, the build lock.

The core writes nothing; everything that touches the file system on the way out lives here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import yaml

from ..data.snapshots import Snapshot, snapshot_path
from .portable import try_lock

__all__ = ["MARKER", "BuildLocked", "exchange", "lock", "swap", "write_file", "write_snapshot"]

MARKER = ".duban-site"
"""File written into every site duban builds; only such folders are ever replaced."""


def _dump(snap: Snapshot) -> str:
    data = snap.model_dump(mode="json", exclude_none=True)
    header = (f"# {snap.month} 月度通报快照：由 duban publish 生成，记录发布时公布的全部数字。\n"
              "# 请勿手工修改；数据更正请改项目文件，网站会自动显示更正说明。\n"
              "# Snapshot written by `duban publish`; do not edit by hand.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_snapshot(data_dir: Path, snap: Snapshot) -> Path:
    """Write the snapshot beside its final name, flush it to disk, then rename it into place."""
    path = snapshot_path(data_dir, snap.month)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_dump(snap))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def write_file(path: Path, content: bytes) -> None:
    """Write beside the final name, flush to disk, rename into place: never a half-written file
    (project files rewritten by ``duban import-sheet``, exported workbooks, schemas)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` in one atomic step where the OS allows it.

    On Linux both folders are exchanged by a single renameat2 call, so a web server sees
    the old site or the new one, never neither; elsewhere two renames leave a moment with
    no folder. The old copy is removed afterwards.
    """
    if not target.exists():
        os.replace(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, old / "site")
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


class BuildLocked(Exception):
    """Another build or publish holds the lock."""


@contextlib.contextmanager
def lock(target: Path) -> Iterator[IO[str]]:
    """One build per output folder at a time; once held, leftovers of killed builds are removed."""
    handle = (target.parent / f".{target.name}.lock").open("w")
    try:
        if not try_lock(handle):  # fcntl on POSIX, msvcrt on Windows (portable.py)
            raise BuildLocked(f"另一个构建正在写入 {target}，请稍后再试 / another build of {target} is running")
        for stale in [*target.parent.glob(f".{target.name}.building-*"), *target.parent.glob(f".{target.name}.old-*")]:
            shutil.rmtree(stale, ignore_errors=True)
        yield handle
    finally:
        handle.close()
