"""Site-level settings: every option of the ``duban`` plugin, declared once, as plain data.

Each option is a field of :class:`Settings` with its kind (what values are allowed) and its
docstring. The MkDocs adapter builds its config schema from these fields, so the
defaults, bounds and messages cannot drift between the two. Nothing here imports MkDocs.
"""

from __future__ import annotations

import math
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from .dates import Month

__all__ = ["Flag", "Folder", "Int", "MonthOption", "Number", "OptionError", "OptionKind", "Settings", "TextOption",
           "option_fields"]


class OptionError(ValueError):
    """An option value that is not allowed; both languages, for the editor of ``mkdocs.yml``."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


class OptionKind:
    """What values an option takes; ``parse`` returns the value or raises :class:`OptionError`."""

    def parse(self, value: Any) -> Any:  # pragma: no cover - every kind overrides it
        raise NotImplementedError


@dataclass(frozen=True)
class Int(OptionKind):
    """A whole number within ``[low, high]``."""

    low: int
    high: int

    def parse(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(f"应为整数，得到 {value!r}", f"expected a whole number, got {value!r}")
        if not self.low <= value <= self.high:
            raise OptionError(f"应在 {self.low} 到 {self.high} 之间，得到 {value}",
                              f"must be between {self.low} and {self.high}, got {value}")
        return value


@dataclass(frozen=True)
class Number(OptionKind):
    """A finite number within ``[low, high]``, returned as float."""

    low: float
    high: float

    def parse(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise OptionError(f"应为数字，得到 {value!r}", f"expected a finite number, got {value!r}")
        if not self.low <= value <= self.high:
            raise OptionError(f"应在 {self.low:g} 到 {self.high:g} 之间，得到 {value:g}",
                              f"must be between {self.low:g} and {self.high:g}, got {value:g}")
        return float(value)


@dataclass(frozen=True)
class Flag(OptionKind):
    """true or false."""

    def parse(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise OptionError(f"应为 true 或 false，得到 {value!r}", f"expected true or false, got {value!r}")
        return value


@dataclass(frozen=True)
class TextOption(OptionKind):
    """A line of text, at most ``max_length`` characters."""

    max_length: int = 200

    def parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise OptionError(f"应为文本（加引号），得到 {value!r}", f"expected text, got {value!r}")
        if len(value) > self.max_length or any(ch in value for ch in "\r\n\0"):
            raise OptionError(f"应为一行文本，最长 {self.max_length} 个字符",
                              f"expected one line of at most {self.max_length} characters")
        return value


@dataclass(frozen=True)
class Folder(OptionKind):
    """A folder path relative to ``mkdocs.yml``."""

    def parse(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise OptionError(f"应为文件夹路径，得到 {value!r}", f"expected a folder path, got {value!r}")
        return value


@dataclass(frozen=True)
class MonthOption(OptionKind):
    """A month ``YYYY-MM`` (quoted in YAML)."""

    def parse(self, value: Any) -> Month:
        try:
            return Month.parse(value)
        except ValueError:
            raise OptionError(f"应写作 \"YYYY-MM\"（如 \"2022-09\"，加引号），得到 {value!r}",
                              f"must be \"YYYY-MM\" (quoted), got {value!r}") from None


def _option(kind: OptionKind, default: Any = MISSING) -> Any:
    return field(default=default, metadata={"option": kind})


@dataclass(frozen=True)
class Settings:
    """What the core needs to know about the site; never read from the wall clock."""

    year: int = _option(Int(2000, 2100))
    """The year of the list."""
    as_of: Month = _option(MonthOption())
    """Last month whose reports are due: statuses are computed up to here (never from the clock)."""
    city: str = _option(TextOption(40), "大连市")
    """City name."""
    office: str = _option(TextOption(80), "")
    """Issuing office (督考办); default ``<city>人民政府督查考核办公室``."""
    sample: bool = _option(Flag(), False)
    """Whether the data is sample data: every page then says so."""
    title: str = _option(TextOption(80), "")
    """Site title; default ``<city><year>年重点民生实事公开挂牌督办``."""
    first_month: int = _option(Int(1, 12), 2)
    """First month with bulletins and reports (the plan publishes from February)."""
    warning_gap: float = _option(Number(0, 100), 10.0)
    """Early warning when % of annual target trails time-elapsed progress by this many points."""
    alert_gap: float = _option(Number(0, 100), 30.0)
    """Serious warning (red) beyond this many points behind time-elapsed progress."""
    pace_months: int = _option(Int(1, 11), 3)
    """Months of recent progress used to project the year-end figure."""
    pace_threshold: float = _option(Number(0, 100), 95.0)
    """Warn when the projected year-end figure is below this % of the annual target."""
    due_soon_days: int = _option(Int(0, 366), 7)
    """A rectification is due soon when its deadline is at most this many days after the as-of date."""
    reopen_months: int = _option(Int(0, 12), 3)
    """A closed rectification reopens when its project lags again within this many months."""
    feedback_days: int = _option(Int(1, 366), 15)
    """Citizens' opinions should be answered within this many days of receipt."""
    drafts: bool = _option(Flag(), True)
    """Show months not yet published as previews (未发布); false for a production build."""
    page_size: int = _option(Int(10, 10000), 50)
    """Most projects (or records) one page lists. Longer listings — the home page and project
    index, each bulletin and report, the unit index, rectifications, coordination, feedback and
    cases — continue on numbered pages (``…/page/2/``)."""
    documents: bool = _option(Flag(), True)
    """Write each bulletin's Word and WeChat versions. ``duban serve`` turns this off, so that a
    saved change shows at once; the bulletin page then says the versions are made by ``duban build``."""
    data_dir: Path = _option(Folder(), Path("data"))
    """Folder holding ``items.yaml`` … and ``projects/``; relative to ``mkdocs.yml``."""
    root: Path | None = None
    """The project root (the folder of ``mkdocs.yml``): file names in messages and edit links are
    relative to it. Default: the parent of ``data_dir``."""
    content_dir: Path | None = None
    """Hand-written pages (MkDocs' ``docs_dir``). Default: ``<root>/content``."""

    def __post_init__(self) -> None:
        # Derived defaults, so that each is written once (here) and not by every caller.
        root = self.root if self.root is not None else self.data_dir.parent
        object.__setattr__(self, "root", root)
        if self.content_dir is None:
            object.__setattr__(self, "content_dir", root / "content")
        if not self.office:
            object.__setattr__(self, "office", f"{self.city}人民政府督查考核办公室")

    def problems(self) -> list[tuple[str, str, str]]:
        """Options that contradict each other: (option, zh, en)."""
        out = []
        if self.as_of.year != self.year:
            out.append(("as_of", f"as_of {self.as_of} 不在 year {self.year} 年内",
                        f"as_of {self.as_of} is outside year {self.year}"))
        if self.first_month > self.as_of.month:
            out.append(("first_month", f"first_month 应在 1 到 as_of 的月份（{self.as_of.month}）之间",
                        f"first_month must be 1..{self.as_of.month}"))
        if self.alert_gap < self.warning_gap:
            out.append(("alert_gap", f"alert_gap（{self.alert_gap:g}）不能小于 warning_gap（{self.warning_gap:g}）",
                        "alert_gap must be at least warning_gap"))
        return out

    @property
    def project_root(self) -> Path:
        """``root``, always set after construction."""
        assert self.root is not None
        return self.root

    @property
    def site_title(self) -> str:
        """The title shown on every page."""
        return self.title or f"{self.city}{self.year}年重点民生实事公开挂牌督办"

    @property
    def as_of_date(self) -> date:
        """The last day of the as-of month: "today" for every deadline."""
        return self.as_of.last_day

    @property
    def months(self) -> list[Month]:
        """Reporting months from ``first_month`` to December."""
        return [Month(self.year, m) for m in range(self.first_month, 13)]

    @property
    def due_months(self) -> list[Month]:
        """Reporting months up to and including ``as_of``."""
        return [m for m in self.months if m <= self.as_of]


def option_fields() -> list[tuple[Field[Any], OptionKind]]:
    """The options (fields with a kind), in declaration order, for the adapters' schemas."""
    return [(f, f.metadata["option"]) for f in fields(Settings) if "option" in f.metadata]
