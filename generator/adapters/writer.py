"""Files made on write, and writing them in a second process while this one writes the pages.

A built site holds thousands of files that are not pages: feeds, calendars, share images,
embeds, open data, Word bulletins (a fifth of a 1,000-project build). None of them depends on a
page, and the machines that build sites have two cores or more. So when MkDocs copies the first
of them (after it has cleaned the site folder), :class:`Writer` forks: the child inherits
what makes each file (nothing is pickled), writes every one of them and exits, while the
parent goes on building the pages. ``on_post_build`` waits for it; an error in the child (a
full disk, say) is raised again in the parent, so the build fails as it would have in one
process and nothing is published. The files are byte-identical either way: each is made by
the same function of the same data.

The child copies what it reads of the parent's memory (every object it touches has its
reference count written), so it costs about as much as the build has taken by then: at 1,000
projects under 100 MiB, at 10,000 about 600 MiB (docs/performance.md). It is started only if
that fits ``memory_budget`` (:meth:`Writer.fits`); else this process writes the files, as with
``processes: 1``.

Only where the operating system forks (Linux, the BSDs; not Windows, and not macOS, where
forking a process that has loaded system frameworks is unsafe), and never while serving: a
rebuild there reuses what the last one made (:class:`.serving.MadeCache`). What makes a file
must not log: a warning logged in the child would not reach the parent's count, which fails a
strict build (nothing under ``generator/render`` logs).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import re
import resource
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ..data.prefetch import can_fork

__all__ = ["MadeOnWrite", "Writer", "can_fork", "rss_mib"]

log = logging.getLogger("mkdocs.plugins.duban")


class MadeOnWrite(File):
    """A generated file whose content is made when MkDocs reads or writes it, and not kept.

    MkDocs (1.6, pinned) keeps a generated file's content in ``File._content`` and reads it there
    in ``copy_file`` and ``content_bytes``; this subclass answers that attribute from ``make``.
    ``tests/test_reuse.py`` reads the written feeds, embeds and images back."""

    make: Callable[[], bytes | str]
    writer: Writer | None = None

    @property  # type: ignore[override]
    def _content(self) -> bytes | str:
        return self.make()

    @_content.setter
    def _content(self, value: object) -> None:
        pass  # File.__init__ sets it; the content is always made by ``make``

    def is_modified(self) -> bool:
        return True  # generated: always written (without making the content just to compare)

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file (or, with a writer, have its second process write them all), then let
        go of what made it (a feed's entries, an image's inputs): a later reader of the content
        gets the bytes written."""
        if self.writer is not None and self.writer.start():
            return
        self.write()

    def write(self) -> None:
        super().copy_file()
        self.make = Path(self.abs_dest_path).read_bytes


def rss_mib() -> float:
    """This process' resident memory now (Linux), else its peak so far (the BSDs)."""
    try:
        found = re.search(r"^VmRSS:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    except OSError:
        found = None
    kib = int(found.group(1)) if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024


class Writer:
    """Writes its files in one forked child process; :meth:`wait` raises what failed there."""

    def __init__(self, files: list[MadeOnWrite], budget_mib: int, base_mib: float) -> None:
        """``base_mib``: this process' memory when the build started."""
        self.files = files
        for file in files:
            file.writer = self
        self.budget, self.base = budget_mib, base_mib
        self.forked: bool | None = None
        self.note = ""
        """Why the files were written by this process after all (for the operator)."""
        self.process: Any = None
        self.result: Connection | None = None

    def fits(self, now_mib: float) -> bool:
        """Whether the build, now at ``now_mib``, stays within the budget with a second process."""
        return now_mib + max(now_mib - self.base, 0) <= self.budget

    def start(self) -> bool:
        """Fork the child that writes every file (once: each file's ``copy_file`` calls this).
        ``False``: it would not fit the memory budget, and each file is written by this process."""
        if self.forked is None:
            now = rss_mib()
            self.forked = self.fits(now)
            if self.forked:
                self._fork()
            else:
                self.note = (f"构建已用内存 {now:.0f} MiB，再开一个进程写出数据文件会超出 memory_budget（{self.budget} MiB），"
                             f"已改由本进程写出（较慢） / {now:.0f} MiB in use: a second process would exceed memory_budget "
                             f"({self.budget} MiB); this process wrote the files (slower)")
                log.info(f"duban: {self.note}")
        return self.forked

    def _fork(self) -> None:
        context = multiprocessing.get_context("fork")
        self.result, sent = context.Pipe(duplex=False)
        self.process = context.Process(target=_write_all, args=(self.files, sent), name="duban-files", daemon=True)
        self.process.start()
        sent.close()
        for file in self.files:  # the parent lets go of what makes them: the child has its own copy
            file.make = _after(self, Path(file.abs_dest_path))

    def wait(self) -> None:
        """Wait for the child; raise the error that stopped it, as the parent would have."""
        if self.process is None or self.result is None:
            return
        process, result, self.process, self.result = self.process, self.result, None, None
        try:
            failure = result.recv()
        except EOFError:  # it died without a word: killed (out of memory?) or crashed
            failure = PluginError("duban: 写出数据文件的子进程意外退出，网站未发布 / the process writing the site's "
                                  "files stopped unexpectedly; nothing was published")
        finally:
            result.close()
            process.join()
        if failure is not None:
            raise failure

    def stop(self) -> None:
        """The build failed elsewhere: end the child without waiting for its files."""
        if self.process is not None and self.result is not None:
            self.process.terminate()
            self.process.join()
            self.result.close()
            self.process = self.result = None


def _after(writer: Writer, path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        writer.wait()
        return path.read_bytes()

    return read


def _write_all(files: list[MadeOnWrite], sent: Connection) -> None:
    """In the child: write every file, then say what failed (``None``: nothing)."""
    gc.disable()  # a short life: collections would only copy the parent's pages (copy on write)
    failure: BaseException | None = None
    try:
        for file in files:
            file.write()
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        failure = exc
    try:
        sent.send(failure)
    except Exception:  # noqa: BLE001 - an exception that does not pickle: its text does
        sent.send(RuntimeError("".join(traceback.format_exception(failure))))
    sent.close()
