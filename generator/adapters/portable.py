"""What differs between the systems offices run: file locks.

``duban build``, ``check``, ``export-sheet`` and ``import-sheet`` otherwise use only portable
Python (``os.replace``, ``tempfile``, ``pathlib``). Locks are the exception: POSIX systems lock with
``fcntl.flock``, Windows with ``msvcrt.locking``; both are released by the system when the process
ends, so a killed build never leaves a stale lock. (The site's atomic folder exchange has its own
fallback in ``store.swap``: ``renameat2`` on Linux, two renames elsewhere.)
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import IO

__all__ = ["try_lock"]


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def try_lock(handle: IO[str], exclusive: bool = True) -> bool:
    """Lock the open file ``handle`` without waiting (shared when not ``exclusive``); False if it is held.

    Windows has no shared lock here: every lock is exclusive there. Where the system offers
    neither lock (none that Python supports), the caller proceeds unlocked.
    """
    fcntl = _module("fcntl")
    if fcntl is not None:
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            return False
        return True
    msvcrt = _module("msvcrt")
    if msvcrt is not None:  # pragma: no cover - Windows
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    return True  # pragma: no cover - no lock primitive on this system
