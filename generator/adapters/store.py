"""Writing to disk: bulletin snapshots (a transaction), the built site's atomic swap, the locks.

The core writes nothing; everything that touches the file system on the way out lives here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import yaml

from ..data.snapshots import Snapshot, snapshot_path
from .portable import try_lock

__all__ = ["LOCK_INSIDE", "MARKER", "BuildLocked", "SnapshotExists", "exchange", "leftovers", "lock", "own_entry", "project_lock",
           "swap", "swap_contents", "write_file", "write_snapshot"]

MARKER = ".duban-site"
"""File written into every site duban builds; only such folders are ever replaced."""
LOCK_INSIDE = ".duban.lock"
"""The build lock inside a site folder whose parent cannot hold it (a mount point)."""


def _dump(snap: Snapshot) -> str:
    data = snap.model_dump(mode="json", exclude_none=True)
    header = (f"# {snap.month} 月度通报快照：由 duban publish 生成，记录发布时公布的全部数字。\n"
              "# 请勿手工修改；数据更正请改项目文件，网站会自动显示更正说明。\n"
              "# Snapshot written by `duban publish`; do not edit by hand.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


class SnapshotExists(Exception):
    """Another publish created the same month's snapshot first."""


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)  # the rename itself reaches the disk
    finally:
        os.close(fd)


def _place(tmp: str, path: Path, replace: bool) -> None:
    """Rename ``tmp`` to ``path``; unless ``replace``, only if ``path`` does not exist yet (a
    hard link creates a name exclusively: of two publishes of one month, one is refused)."""
    if replace:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise SnapshotExists(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # File systems without hard links: the publish lock already excludes a second writer.
        if path.exists():
            raise SnapshotExists(path) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def write_snapshot(data_dir: Path, snap: Snapshot, replace: bool = False) -> Path:
    """Write the snapshot to a temporary file beside its final name, flush it to disk, then move
    it into place (exclusively, unless ``replace``). On any failure nothing is left behind:
    neither the temporary file nor a folder this call created."""
    path = snapshot_path(data_dir, snap.month)
    created = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp: str | None = None
    try:
        tmp = _flushed_copy(path, _dump(snap).encode("utf-8"))
        _place(tmp, path, replace)
        tmp = None
        _fsync_folder(path.parent)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if created:
            with contextlib.suppress(OSError):
                path.parent.rmdir()
        raise
    return path


def _flushed_copy(path: Path, content: bytes) -> str:
    """``content`` in a temporary file beside ``path``, flushed to disk; the caller moves it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_file(path: Path, content: bytes) -> None:
    """Write beside the final name, flush to disk, rename into place: never a half-written file
    (project files rewritten by ``duban import-sheet``, exported workbooks, schemas)."""
    tmp = _flushed_copy(path, content)
    try:
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
    no folder. The old copy is removed afterwards. A target that cannot be renamed (a mount
    point the build did not recognise, such as a bind mount) gets the new site copied onto
    its own file system, then its entries exchanged (:func:`swap_contents`).
    """
    if not target.exists():
        os.replace(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    try:
        os.replace(target, old / "site")
    except OSError as exc:
        shutil.rmtree(old, ignore_errors=True)
        if exc.errno != errno.EBUSY:
            raise
        inside = Path(tempfile.mkdtemp(prefix=".duban-building-", dir=target))
        shutil.copytree(new, inside, dirs_exist_ok=True)
        shutil.rmtree(new, ignore_errors=True)
        swap_contents(inside, target)
        return
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def swap_contents(new: Path, target: Path) -> None:
    """Replace the entries of ``target`` by those of ``new`` (a folder inside it), each with one
    atomic exchange or rename: for a site folder that cannot itself be renamed (a mount point).
    A web server sees each top-level file or folder old or new, never missing."""
    old = Path(tempfile.mkdtemp(prefix=".duban-old-", dir=target))
    current = {n for n in os.listdir(target) if not own_entry(n)}
    fresh = sorted(os.listdir(new))
    for name in fresh:
        if name in current and exchange(new / name, target / name):
            continue  # ``new / name`` now holds the old entry, removed with ``new``
        if name in current:
            os.replace(target / name, old / name)
        os.replace(new / name, target / name)
    for name in sorted(current - set(fresh)):  # gone from the new site
        os.replace(target / name, old / name)
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def own_entry(name: str) -> bool:
    """Duban's own entries inside a site folder: the lock and temporary folders, never published."""
    return name == LOCK_INSIDE or name.startswith((".duban-building-", ".duban-old-"))


class BuildLocked(Exception):
    """Another build or publish holds the lock."""


def _flock(path: Path, exclusive: bool, busy: str) -> IO[str] | None:
    try:
        handle = path.open("a")
    except OSError:
        return None  # a read-only checkout: nothing can publish into it either
    if not try_lock(handle, exclusive):  # fcntl on POSIX, msvcrt on Windows (portable.py)
        handle.close()
        raise BuildLocked(busy) from None
    return handle


@contextlib.contextmanager
def project_lock(root: Path, exclusive: bool) -> Iterator[None]:
    """The project's lock (``.duban.lock`` beside ``mkdocs.yml``): builds hold it shared, a publish
    holds it alone, so no build reads the bulletins while a publish writes them, and two
    publishes never run at once."""
    handle = _flock(root / ".duban.lock", exclusive,
                    "另一个 duban 正在发布或生成网站，请稍后再试 / another duban publish or build is running; try again later")
    try:
        yield
    finally:
        if handle is not None:
            handle.close()


@contextlib.contextmanager
def lock(target: Path, lock_file: Path | None = None) -> Iterator[None]:
    """One build per output folder at a time; once held, leftovers of killed builds are removed."""
    handle = _flock(lock_file or target.parent / f".{target.name}.lock", True,
                    f"另一个构建正在写入 {target}，请稍后再试 / another build of {target} is running")
    try:
        for stale in leftovers(target):
            shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        if handle is not None:
            handle.close()


def leftovers(target: Path) -> list[Path]:
    """Folders a killed build may have left: beside the site, or inside it (mount points)."""
    out = [*target.parent.glob(f".{target.name}.building-*"), *target.parent.glob(f".{target.name}.old-*")]
    if target.is_dir():
        out += [*target.glob(".duban-building-*"), *target.glob(".duban-old-*")]
    return out
