"""Site-level settings: the ``duban`` plugin's options in ``mkdocs.yml``, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .fields import Month

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """What the core needs to know about the site; never read from the wall clock."""

    year: int
    """The year of the list."""
    as_of: Month
    """Last month whose reports are due: statuses are computed up to here."""
    city: str = "大连市"
    """City name."""
    office: str = "大连市人民政府督查考核办公室"
    """Issuing office (督考办)."""
    sample: bool = False
    """Whether the data is sample data: every page then says so."""
    title: str = ""
    """Site title; default ``<city><year>年重点民生实事公开挂牌督办``."""
    first_month: int = 2
    """First month with bulletins and reports (the plan publishes from February)."""
    warning_gap: float = 10.0
    """Early warning when % of annual target trails time-elapsed progress by this many points."""
    alert_gap: float = 30.0
    """Serious warning (red) beyond this many points behind time-elapsed progress."""
    pace_months: int = 3
    """Months of recent progress used to project the year-end figure."""
    pace_threshold: float = 95.0
    """Warn when the projected year-end figure is below this % of the annual target."""
    due_soon_days: int = 7
    """A rectification is due soon when its deadline is at most this many days after the as-of date."""
    reopen_months: int = 3
    """A closed rectification reopens when its project lags again within this many months."""
    feedback_days: int = 15
    """Citizens' opinions should be answered within this many days of receipt."""
    drafts: bool = True
    """Show months not yet published as previews (未发布); false for a production build."""
    data_dir: Path = field(default=Path("data"))
    """Folder holding ``items.yaml`` … and ``projects/``."""

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
