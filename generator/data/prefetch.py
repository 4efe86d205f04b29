"""Big files parsed by a second process while this one reads the others.

The published snapshots of a large list are most of its YAML: at 5,000 projects the seven
snapshots are 23 MB, and libyaml reads about 2.3 MB a second here, 10 s in which the machine's
other core had nothing to do (the project files, the shared lists and the pages are read in the
meantime, and the writer's process starts only once the pages are built). :class:`Prefetch`
hands such files to one worker process of the standard library's
:class:`~concurrent.futures.ProcessPoolExecutor` as soon as the load starts; the loader then asks
it for each parsed file in its usual order and validates it as before. A parsed file comes back
pickled and stays so until it is asked for (0.05 s to unpickle a 3.4 MB snapshot, against 1.5 s
to parse it): the worker is done long before the projects are, and seven parsed snapshots of
5,000 projects would hold 130 MiB where their pickles hold 26.

Nothing else changes: the worker runs the same parse function, its :class:`DataErrors` come back
as the same errors, and a worker that dies (killed, out of memory) only means the parent parses
what it had not received. Used only where the system forks (so the worker inherits the loaded
modules and needs nothing pickled but the paths), when the build may use a second process
(``processes``), outside ``duban serve`` (whose cache keeps readings between rebuilds) and when
the files are big enough to pay for the process (:data:`MIN_BYTES`).
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..errors import DataError, DataErrors
from .yamlio import YMap, reshare

__all__ = ["MIN_BYTES", "Prefetch", "can_fork"]

MIN_BYTES = 1024 * 1024
"""Files smaller than this in all are parsed here: starting the worker costs about 20 ms, about
what libyaml needs for 50 KB (the sample's seven snapshots are 148 KB)."""

Parse = Callable[[Path, str], YMap]


def can_fork() -> bool:
    """Whether a child process can inherit this one as it is (not on macOS, where forking a
    process that has loaded system frameworks is unsafe, nor on Windows)."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def _parse(parse: Parse, path: Path, name: str) -> bytes:
    """Runs in the worker: the parsed file pickled, or the list of its errors (:class:`DataErrors`
    itself does not pickle)."""
    try:
        result: YMap | list[DataError] = parse(path, name)
    except DataErrors as exc:
        result = exc.errors
    return pickle.dumps(result, pickle.HIGHEST_PROTOCOL)


class Prefetch:
    """Parses ``files`` (path, name) with ``parse`` in one worker process, from the first on."""

    def __init__(self, parse: Parse, files: list[tuple[Path, str]]) -> None:
        self.fallback = parse
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self.futures: dict[Path, Future[bytes]] = {
            path: self.pool.submit(_parse, parse, path, name) for path, name in files}

    def parse(self, path: Path, name: str) -> YMap:
        """``path`` parsed, as ``parse`` itself would return it or raise."""
        future = self.futures.pop(path, None)
        try:
            pickled = future.result() if future is not None else None
        except BrokenProcessPool:
            pickled = None
        if pickled is None:
            return self.fallback(path, name)
        result: YMap | list[DataError] = pickle.loads(pickled)  # noqa: S301 - made by our own worker
        if isinstance(result, list):
            raise DataErrors(result)
        return reshare(result)

    def close(self) -> None:
        """Stops the worker (files not asked for are not parsed) and waits for it to exit."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    @classmethod
    def start(cls, parse: Parse, files: list[tuple[Path, str]], *, allowed: bool) -> Prefetch | None:
        """A prefetch of ``files``, or None where it is not ``allowed`` or would not pay."""
        if not allowed or not can_fork():
            return None
        size = 0
        for path, _ in files:
            try:
                size += path.stat().st_size
            except OSError:  # the parse says what is wrong with it
                pass
        return cls(parse, files) if size >= MIN_BYTES else None
