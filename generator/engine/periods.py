"""Quarterly, annual and year-end special reports, derived from the same statuses.

Every figure carries the links to the records it was computed from, so a reader can
check it: a count of statuses links to the bulletin of that month, a project figure to
its column's plan-table row, a rectification to its entry in the column.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..data.models import Case, CaseKind, FeedbackStatus, Project, Rectification, SpecialReportData
from ..dates import Month
from .accountability import closed_late
from .model import SiteModel
from .status import HEADLINE_ORDER, MonthStatus, ProjectStatus, StatusCount

__all__ = ["FeedbackCount", "MonthCounts", "Period", "ProjectLine", "RectRecord", "SpecialReport", "Summary",
           "UnitLine", "periods", "special_reports", "summarise"]

SPECIAL_REPORT_DUE = (12, 25)
"""Lead units file their year-end special report before 25 December (month, day)."""


@dataclass(frozen=True)
class Period:
    """A reporting period: a quarter or the year, cut at the as-of month."""

    slug: str
    """URL part: ``2022-q1`` or ``2022``."""
    title: str
    months: list[Month]
    complete: bool
    """False while the period runs past the as-of month."""


def periods(model: SiteModel) -> list[Period]:
    """Quarters that have started by the as-of month, then the year."""
    settings = model.data.settings
    year, out = settings.year, []
    for q in range(1, 5):
        months = [m for m in settings.due_months if (m.month - 1) // 3 + 1 == q]
        if months:
            out.append(Period(f"{year}-q{q}", f"{year}年第{'一二三四'[q - 1]}季度", months,
                              complete=Month(year, 3 * q) <= settings.as_of))
    if settings.due_months:
        out.append(Period(str(year), f"{year}年全年", list(settings.due_months), complete=settings.as_of.month == 12))
    return out


@dataclass(frozen=True)
class ProjectLine:
    """One project over a period."""

    status: ProjectStatus
    opening: float | None
    """% of annual target where the period starts (期初): at the end of the month before it, 0 at
    the start of the year (None for a project without a numeric target)."""
    opening_month: Month | None
    """The month whose end is the period's start; None when the period starts the year."""
    end: MonthStatus
    behind_months: list[Month]
    """Months of the period lagging or not reported."""


def _opening(s: ProjectStatus, first: Month, first_month: int) -> tuple[float | None, Month | None]:
    """Where the period starts: the end of the month before its first month (期初)."""
    before = first.previous()
    if before.year == first.year and before.month >= first_month:
        return s.at(before).percent_of_target, before
    return (0.0 if s.project.numeric else None), None


@dataclass(frozen=True)
class UnitLine:
    """One lead unit over a period."""

    unit: str
    projects: list[ProjectLine]

    @property
    def behind(self) -> int:
        """Month-results lagging or not reported in the period."""
        return sum(len(p.behind_months) for p in self.projects)

    @property
    def behind_at_end(self) -> int:
        """Projects lagging or not reported in the period's last month."""
        return sum(1 for p in self.projects if p.end.status.behind)


@dataclass(frozen=True)
class MonthCounts:
    """Projects per headline status in one month."""

    month: Month
    counts: list[StatusCount]


@dataclass(frozen=True)
class RectRecord:
    """A rectification order with the project it belongs to."""

    project: Project
    order: Rectification

    @property
    def closed_late(self) -> bool:
        """Closed after its deadline."""
        return closed_late(self.order)


@dataclass(frozen=True)
class FeedbackCount:
    """Citizen opinions on one project received and answered in a period."""

    project: Project
    received: int
    answered: int


@dataclass(frozen=True)
class Summary:
    """A quarterly or annual report."""

    period: Period
    counts: list[MonthCounts]
    projects: list[ProjectLine]
    units: list[UnitLine]
    issued: list[RectRecord]
    closed: list[RectRecord]
    feedback: list[FeedbackCount]
    cases: list[Case] = field(default_factory=list)
    """Praise and exposed cases dated in the period."""

    @property
    def received(self) -> int:
        """Opinions received in the period."""
        return sum(f.received for f in self.feedback)

    @property
    def answered(self) -> int:
        """Opinions answered in the period."""
        return sum(f.answered for f in self.feedback)

    @property
    def praise(self) -> int:
        """Praise cases in the period."""
        return sum(1 for c in self.cases if c.kind == CaseKind.PRAISE)

    @property
    def exposed(self) -> int:
        """Exposed cases in the period."""
        return sum(1 for c in self.cases if c.kind == CaseKind.EXPOSED)


def _in(day: date | None, months: list[Month]) -> bool:
    return day is not None and months[0].first_day <= day <= months[-1].last_day


def summarise(model: SiteModel, period: Period) -> Summary:
    """Everything a quarterly or annual report prints."""
    months = period.months
    tallies = [(m, Counter(s.at(m).status for s in model.statuses)) for m in months]
    counts = [MonthCounts(m, [StatusCount(st, tally[st]) for st in HEADLINE_ORDER]) for m, tally in tallies]
    first_month = model.data.settings.first_month
    lines = [ProjectLine(s, *_opening(s, months[0], first_month), s.at(months[-1]),
                         [m for m in months if s.at(m).status.behind]) for s in model.statuses]
    by_unit: dict[str, list[ProjectLine]] = {}
    for line in lines:
        by_unit.setdefault(line.status.project.lead_unit, []).append(line)
    issued, closed, feedback = [], [], []
    for s in model.statuses:
        p = s.project
        issued += [RectRecord(p, r) for r in p.rectifications if _in(r.issued, months)]
        closed += [RectRecord(p, r) for r in p.rectifications if _in(r.closed, months)]
        received = sum(1 for f in p.feedback if _in(f.received, months))
        answered = sum(1 for f in p.feedback if f.status == FeedbackStatus.ANSWERED and _in(f.replied, months))
        if received or answered:
            feedback.append(FeedbackCount(p, received, answered))
    cases = [c for c in model.cases if _in(c.date, months)]
    return Summary(period, counts, lines, [UnitLine(u, ls) for u, ls in sorted(by_unit.items())],
                   issued, closed, feedback, cases)


# ---------------------------------------------------------------- special reports


@dataclass(frozen=True)
class SpecialReport:
    """A lead unit's special report page: its projects, figures, rectifications and filing."""

    unit: str
    projects: list[ProjectStatus]
    data: SpecialReportData | None
    due: date
    rectifications: list[RectRecord] = field(default_factory=list)
    past_due: bool = False
    """The as-of month ends on or after the deadline."""

    @property
    def filing(self) -> str:
        """Filing state in words."""
        if self.data is None:
            return f"逾期未报送（应于 {self.due} 前报送）" if self.past_due else f"未到报送期限（{self.due} 前报送）"
        return f"{self.data.filed} 报送，" + ("按时报送" if self.data.filed < self.due else "逾期报送")


def special_reports(model: SiteModel) -> list[SpecialReport]:
    """One special report per lead unit, in unit-id order."""
    settings = model.data.settings
    due = date(settings.year, *SPECIAL_REPORT_DUE)
    past_due = settings.as_of.last_day >= due
    out = []
    led: dict[str, list[ProjectStatus]] = {}
    for st in model.statuses:  # grouped once: one pass, not one per lead unit
        led.setdefault(st.project.lead_unit, []).append(st)
    for unit in sorted(led):
        projects = led[unit]
        rect = [RectRecord(st.project, r) for st in projects for r in st.project.rectifications]
        out.append(SpecialReport(unit, projects, model.data.special_reports.get(unit), due, rect, past_due))
    return out
