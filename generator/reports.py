"""Quarterly, annual and year-end special reports, derived from the same statuses.

Every figure carries the links to the records it was computed from, so a reader can
check it: a count of statuses links to the bulletin of that month, a project figure to
its column's plan-table row, a rectification to its entry in the column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, ConfigDict

from .errors import DataError, DataErrors
from .fields import Day, Month, Text
from .loader import Dataset, display_path, validate
from .models import Case, FeedbackStatus, Rectification
from .site import SiteModel
from .status import HEADLINE_ORDER, MonthStatus, ProjectStatus, Status
from .yamlio import load_yaml

__all__ = ["Period", "ProjectLine", "SpecialReport", "SpecialReportData", "UnitLine", "load_special_reports",
           "periods", "special_reports", "summarise"]

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
    s = model.data.settings
    out = []
    for q in range(1, 5):
        months = [m for m in s.due_months if (m.month - 1) // 3 + 1 == q]
        if months:
            out.append(Period(f"{s.year}-q{q}", f"{s.year}年第{'一二三四'[q - 1]}季度", months,
                              complete=Month(s.year, 3 * q) <= s.as_of))
    out.append(Period(str(s.year), f"{s.year}年全年", list(s.due_months), complete=s.as_of.month == 12))
    return out


@dataclass(frozen=True)
class ProjectLine:
    """One project over a period."""

    status: ProjectStatus
    start: MonthStatus
    end: MonthStatus
    behind_months: list[Month]
    """Months of the period lagging or not reported."""


@dataclass(frozen=True)
class UnitLine:
    """One lead unit over a period."""

    unit: str
    projects: list[ProjectLine]

    @property
    def behind(self) -> int:
        """Month-results lagging or not reported in the period."""
        return sum(len(p.behind_months) for p in self.projects)


@dataclass(frozen=True)
class Summary:
    """A quarterly or annual report."""

    period: Period
    counts: list[tuple[Month, list[tuple[Status, int]]]]
    projects: list[ProjectLine]
    units: list[UnitLine]
    issued: list[tuple[str, Rectification]]
    closed: list[tuple[str, Rectification]]
    feedback: list[tuple[str, int, int]]
    """(project id, received in period, answered in period)."""
    cases: list[Case] = field(default_factory=list)
    """Praise and exposed cases dated in the period."""


def _in(day: date | None, months: list[Month]) -> bool:
    return day is not None and months[0].first_day <= day <= months[-1].last_day


def summarise(model: SiteModel, period: Period) -> Summary:
    """Everything a quarterly or annual report prints."""
    months = period.months
    counts = [(m, [(st, sum(1 for s in model.statuses if s.at(m).status == st)) for st in HEADLINE_ORDER])
              for m in months]
    lines = [ProjectLine(s, s.at(months[0]), s.at(months[-1]),
                         [m for m in months if s.at(m).status in (Status.LAGGING, Status.NOT_REPORTED)])
             for s in model.statuses]
    by_unit: dict[str, list[ProjectLine]] = {}
    for line in lines:
        by_unit.setdefault(line.status.project.lead_unit, []).append(line)
    issued, closed, feedback = [], [], []
    for s in model.statuses:
        p = s.project
        issued += [(p.id, r) for r in p.rectifications if _in(r.issued, months)]
        closed += [(p.id, r) for r in p.rectifications if _in(r.closed, months)]
        received = sum(1 for f in p.feedback if _in(f.received, months))
        answered = sum(1 for f in p.feedback if f.status == FeedbackStatus.ANSWERED and _in(f.replied, months))
        if received or answered:
            feedback.append((p.id, received, answered))
    cases = [c for c in model.cases if _in(c.date, months)]
    return Summary(period, counts, lines, [UnitLine(u, ls) for u, ls in sorted(by_unit.items())],
                   issued, closed, feedback, cases)


# ---------------------------------------------------------------- special reports


class SpecialReportData(BaseModel):
    """``data/special-reports/<unit-id>.yaml``: a lead unit's year-end special report."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    filed: Day
    """Date the report was filed (due before 25 December)."""
    summary: Text
    """The unit's own summary of the year."""


@dataclass(frozen=True)
class SpecialReport:
    """A lead unit's special report page: its projects, figures, rectifications and filing."""

    unit: str
    projects: list[ProjectStatus]
    data: SpecialReportData | None
    due: date
    rectifications: list[tuple[str, Rectification]] = field(default_factory=list)
    past_due: bool = False
    """The as-of month ends on or after the deadline."""

    @property
    def filing(self) -> str:
        """Filing state in words."""
        if self.data is None:
            return f"逾期未报送（应于 {self.due} 前报送）" if self.past_due else f"未到报送期限（{self.due} 前报送）"
        return f"{self.data.filed} 报送，" + ("按时报送" if self.data.filed < self.due else "逾期报送")



def load_special_reports(data: Dataset) -> dict[str, SpecialReportData]:
    """Read ``data/special-reports/*.yaml``; file names are unit ids."""
    folder = data.settings.data_dir / "special-reports"
    out: dict[str, SpecialReportData] = {}
    errors: list[DataError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        name = display_path(path)
        try:
            raw = load_yaml(path, name)
        except DataErrors as exc:
            errors += exc.errors
            continue
        report, problems = validate(SpecialReportData, raw, name, raw)
        errors += problems
        if report is None:
            continue
        if path.stem not in data.units:
            errors.append(DataError(name, None, (), f"文件名应为牵头单位编号，{path.stem} 不在 units.yaml 中",
                                    f"the file name must be a unit id; {path.stem} is not in units.yaml"))
            continue
        if path.stem not in {p.lead_unit for p in data.projects}:
            errors.append(DataError(name, None, (), f"{path.stem} 不是任何项目的牵头单位，专项报告由牵头单位报送",
                                    f"{path.stem} leads no project; special reports come from lead units"))
            continue
        if report.filed > data.settings.as_of_date:
            errors.append(DataError(name, raw.lines.get("filed"), ("filed",),
                                    f"报送日期 {report.filed} 晚于数据截止日 {data.settings.as_of_date}",
                                    f"filed {report.filed} is after the as-of date {data.settings.as_of_date}"))
            continue
        out[path.stem] = report
    if errors:
        raise DataErrors(errors)
    return out


def special_reports(model: SiteModel, filed: dict[str, SpecialReportData]) -> list[SpecialReport]:
    """One special report per lead unit, in unit-id order."""
    s = model.data.settings
    due = date(s.year, *SPECIAL_REPORT_DUE)
    past_due = s.as_of.last_day >= due
    out = []
    for unit in sorted({st.project.lead_unit for st in model.statuses}):
        projects = [st for st in model.statuses if st.project.lead_unit == unit]
        rect = [(st.project.id, r) for st in projects for r in st.project.rectifications]
        out.append(SpecialReport(unit, projects, filed.get(unit), due, rect, past_due))
    return out
