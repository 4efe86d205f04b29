"""Long listings on numbered pages, so that no page grows with the size of the list.

A listing of up to ``Settings.page_size`` projects or records is one page, as before. A longer
one continues on ``<listing>/page/2/``, ``…/page/3/`` …, each page linking to all the others:
the home page and the project index (the item tables and the status grid), each bulletin and
report (their per-project sections), the unit index, rectifications, the coordination ledger,
citizens' feedback and the case indexes. Nothing is dropped: every row is on exactly one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["PageLink", "Pager", "Part", "chunk_groups", "page_path", "pagers", "split", "url_of"]

T = TypeVar("T")
G = TypeVar("G")


@dataclass(frozen=True)
class Part(Generic[T]):
    """The first ``size`` entries of a list that one page, article or card shows, and how many it
    leaves to the full page (0: it shows them all)."""

    shown: list[T]
    more: int

    @classmethod
    def of(cls, items: Sequence[T], size: int) -> Part[T]:
        return cls(list(items[:size]), max(0, len(items) - size))


@dataclass(frozen=True)
class PageLink:
    """One numbered page of a listing, as a pager shows it."""

    number: int
    href: str
    """Relative to the site root, e.g. ``feedback/page/2/``."""
    current: bool
    after_gap: bool = False
    """Pages are left out before this one (the pager shows "…")."""


@dataclass(frozen=True)
class Pager:
    """Where a page sits in its listing: its number, the rows it shows, and links to the first
    and last pages, its neighbours and the pages next to them (a hundred pages stay one line)."""

    number: int
    count: int
    links: list[PageLink]
    start: int
    """Number of the page's first row in the whole listing (from 1)."""
    end: int
    """Number of its last row."""
    total: int
    """Rows in the whole listing."""
    previous: str | None
    """The previous page's address, if any."""
    next: str | None
    """The next page's address, if any."""

    @property
    def first(self) -> bool:
        """The listing's first page (the one at the listing's own address)."""
        return self.number == 1


def url_of(path: str) -> str:
    """The directory URL of a page's source path: ``a/index.md`` → ``a/``, ``a/b.md`` → ``a/b/``."""
    if path == "index.md":
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def page_path(path: str, number: int) -> str:
    """Source path of page ``number`` of the listing at ``path`` (page 1 is ``path`` itself)."""
    return path if number == 1 else f"{url_of(path)}page/{number}.md"


def _window(number: int, count: int, around: int = 2) -> list[int]:
    """The page numbers a pager shows: 1, the last, and ``around`` pages either side of ``number``."""
    return sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})


def pagers(path: str, rows: Sequence[int]) -> list[Pager | None]:
    """One pager per page of the listing at ``path`` whose pages hold ``rows`` rows each;
    ``[None]`` when it fits on one page."""
    count = len(rows)
    if count <= 1:
        return [None]
    hrefs = [url_of(page_path(path, n)) for n in range(1, count + 1)]
    out: list[Pager | None] = []
    start = 1
    for n, size in enumerate(rows, start=1):
        shown = _window(n, count)
        links = [PageLink(m, hrefs[m - 1], m == n, i > 0 and m > shown[i - 1] + 1) for i, m in enumerate(shown)]
        out.append(Pager(n, count, links, start, start + size - 1, sum(rows),
                         hrefs[n - 2] if n > 1 else None, hrefs[n] if n < count else None))
        start += size
    return out


def split(rows: Sequence[T], size: int) -> list[list[T]]:
    """``rows`` in pages of at most ``size`` (always at least one page, perhaps empty)."""
    return [list(rows[i : i + size]) for i in range(0, len(rows), size)] or [[]]


def chunk_groups(groups: Sequence[tuple[G, Sequence[T]]], size: int) -> list[list[tuple[G, list[T], bool]]]:
    """Grouped rows (an item and its projects, say) in pages of at most ``size`` rows, in order.

    A group that does not fit continues on the next page; each piece says whether it
    continues one begun on an earlier page.
    """
    pages: list[list[tuple[G, list[T], bool]]] = [[]]
    room = size
    for group, rows in groups:
        if not rows:  # an empty group stays where it is and takes no room
            pages[-1].append((group, [], False))
            continue
        start = 0
        while start < len(rows):
            if room == 0:
                pages.append([])
                room = size
            piece = list(rows[start : start + room])
            pages[-1].append((group, piece, start > 0))
            room -= len(piece)
            start += len(piece)
    return pages
