"""Errors as data: every problem names the file, the line, the field and the reason.

The core raises only :class:`DataErrors`; the MkDocs plugin and the CLI turn it into
their own failure at the edge. Errors are values (not formatted strings) so that a
spreadsheet importer or ``duban check`` can present them differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["DataError", "DataErrors", "format_path"]


def format_path(path: Sequence[str | int]) -> str:
    """Render a field path as ``reports[3].cumulative``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file."""

    file: str
    """Path of the file, relative to the project root where possible."""
    line: int | None
    """1-based line number, when the parser knows it."""
    path: tuple[str | int, ...] = field(default=())
    """Field path inside the file, e.g. ``("reports", 3, "cumulative")``."""
    zh: str = ""
    """The message in Chinese, for the clerk who edits the file."""
    en: str = ""
    """The same message in English."""
    column: int | None = field(default=None, compare=False)
    """1-based column, when the parser knows it."""

    def location(self) -> str:
        """``file:line:column`` as far as known."""
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        where = self.location()
        field_path = format_path(self.path)
        head = f"{where} {field_path}" if field_path else where
        return f"{head}: {self.zh} / {self.en}"


class DataErrors(Exception):
    """All problems found in the data; raised once, after everything was checked."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors: list[DataError] = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        """A human-readable report: a count line, then one line per error."""
        n = len(self.errors)
        lines = [f"数据有 {n} 处错误 / {n} data error(s):"]
        lines += [f"  {e}" for e in self.errors]
        return "\n".join(lines)
