"""View objects: one frozen dataclass per page, with every decision made.

Templates print named fields of these; they never filter by status, count by role or
compare dates (Pelican hands ``Writer.write_file`` typed articles; Material's blog hands
``View``/``Post`` objects). Builders here hold the little presentation logic there is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from markupsafe import Markup

from ..data.content import VACUOUS, WHOLE_MEASURES
from ..data.limits import DEFERRAL_ENDS_BY
from ..data.loader import Dataset
from ..data.models import (
    Case,
    CaseKind,
    CoordinationItem,
    FeedbackStatus,
    FeedbackType,
    Inspection,
    Item,
    Meeting,
    Project,
    Report,
    Unit,
)
from ..data.snapshots import BulletinRow
from ..data.statuses import HEADLINE_ORDER, LIGHTS, Light, Status
from ..dates import Month
from ..engine.accountability import (
    SCORE_BASE,
    FeedbackStats,
    RectificationView,
    RectState,
    ScoreRule,
    coordination_days,
    feedback_stats,
    scoring,
)
from ..engine.bulletins import Bulletin, Correction
from ..engine.model import FeedbackEntry, ItemGroup, Overview, SiteModel, UnitRole
from ..engine.oversight import active_warnings
from ..engine.periods import Period, ProjectLine, SpecialReport, Summary, periods, summarise
from ..engine.record import REVISIONS, reporting_rules
from ..engine.risks import RISK_RULES, RISKS_FROM, Risk, year_end_risks
from ..engine.status import MonthStatus, ProjectStatus
from ..settings import Settings
from .cite import CiteBox, cite_box
from .roster import RosterView, roster_view

__all__ = [
    "BulletinView", "BulletinsView", "CaseHeadView", "CasesView", "CoordinationView", "CorrectionsView",
    "FeedbackView", "HomeView", "ProjectView", "ProjectsView", "RectificationsView", "ReportView", "ReportsView",
    "RulesView", "SpecialView", "UnitView", "UnitsView", "context",
]


def context(view: object) -> dict[str, Any]:
    """A view's fields as template variables (shallow: the values stay objects)."""
    return {f.name: getattr(view, f.name) for f in fields(view)}  # type: ignore[arg-type]


# ---------------------------------------------------------------- small shared pieces


@dataclass(frozen=True)
class Option:
    """One choice of a list filter."""

    value: str | int
    text: str


@dataclass(frozen=True)
class FilterField:
    """One ``<select>`` of a list filter: the data attribute it filters on, its label, its choices."""

    name: str
    label: str
    options: list[Option]


def _unit_options(d: Dataset, units: set[str]) -> list[Option]:
    return [Option(u, d.units[u].name) for u in sorted(units)]


@dataclass(frozen=True)
class GridCell:
    """One project-month of the home page's status grid."""

    status: MonthStatus
    letter: str
    """First character of the short status; empty for months not yet due."""
    href: str
    """The month's row in the column's plan table (relative to the site root): the cell's detail."""


@dataclass(frozen=True)
class GridRow:
    """One project's row of the status grid."""

    status: ProjectStatus
    cells: list[GridCell]


@dataclass(frozen=True)
class LegendEntry:
    """One letter of the status grid and the status it stands for."""

    letter: str
    status: Status


LEGEND = [LegendEntry(status.letter, status) for status in HEADLINE_ORDER]
"""Every letter the status grid uses (按/超/滞/已/调/暂/未), in bulletin order."""


# ---------------------------------------------------------------- overview pages


@dataclass(frozen=True)
class HomeView:
    """The home page: headline, alarms, every item's projects, the status grid."""

    model: SiteModel
    d: Dataset
    settings: Settings
    ov: Overview
    latest: Bulletin | None
    alarms: list[RectificationView]
    """Rectifications overdue or reopened."""
    grid: list[GridRow]
    legend: list[LegendEntry]
    lights: list[Light]
    risks: list[Risk]
    """Year-end risks in the as-of month (from September on)."""
    risks_from: int


def home_view(model: SiteModel, bulletins: list[Bulletin]) -> HomeView:
    """The home page's view: the latest bulletin is the latest published one, else the latest preview."""
    latest = next((b for b in reversed(bulletins) if b.published), bulletins[-1] if bulletins else None)
    grid = [GridRow(s, [GridCell(ms, ms.status.letter if ms.due else "", f"projects/{s.project.id}/#plan-{ms.month}")
                        for ms in s.months]) for s in model.statuses]
    settings = model.data.settings
    risks = year_end_risks(model.statuses, settings.as_of, settings.first_month) if settings.due_months else []
    return HomeView(model, model.data, settings, model.overview, latest,
                    [v for v in model.rectifications if v.state.alarming], grid, LEGEND, LIGHTS, risks, RISKS_FROM)


@dataclass(frozen=True)
class ProjectsView:
    """The project index, by item."""

    d: Dataset
    settings: Settings
    ov: Overview
    items: list[ItemGroup]
    projects: int


def projects_view(model: SiteModel) -> ProjectsView:
    """The project index's view."""
    return ProjectsView(model.data, model.data.settings, model.overview, model.items, len(model.statuses))


@dataclass(frozen=True)
class UnitRow:
    """One unit in the unit index."""

    unit: Unit
    lead: int
    co: int
    part: int
    behind: int
    """Tasks lagging or not reported in the as-of month."""
    score: int | None
    """Scorecard total, for units with a record."""


@dataclass(frozen=True)
class UnitsView:
    """The unit index."""

    settings: Settings
    ov: Overview
    rows: list[UnitRow]


def units_view(model: SiteModel) -> UnitsView:
    """The unit index's view: roles counted per kind."""
    rows = []
    for unit in model.units:
        roles = [r.role.value for r in model.roles[unit.id]]
        card = model.scorecards.get(unit.id)
        rows.append(UnitRow(unit, roles.count("lead"), roles.count("co"), roles.count("part"),
                            model.behind_count(unit.id), card.score if card else None))
    return UnitsView(model.data.settings, model.overview, rows)


@dataclass(frozen=True)
class RulesView:
    """The 统计口径 page (rendered from the rules themselves)."""

    settings: Settings
    statuses: list[Status]
    """Every status, with the light it shows."""
    lights: list[Light]
    legend: list[LegendEntry]
    reporting: list[str]
    revisions: list[str]
    vacuous: tuple[str, ...]
    whole: tuple[str, ...]
    risks: list[str]
    risks_from: int
    scoring: list[ScoreRule]
    score_base: int
    deferral_ends_by: int


def rules_view(settings: Settings) -> RulesView:
    """The 统计口径 page's view: every rule list the code evaluates."""
    return RulesView(settings, list(Status), LIGHTS, LEGEND, reporting_rules(settings), REVISIONS, VACUOUS,
                     WHOLE_MEASURES, RISK_RULES, RISKS_FROM, scoring(settings), SCORE_BASE, DEFERRAL_ENDS_BY)


# ---------------------------------------------------------------- columns and units


@dataclass(frozen=True)
class PlanRow:
    """One month of a column's monthly plan table."""

    status: MonthStatus
    changed: bool
    """An approved adjustment replaced this month's milestone or planned figure."""


@dataclass(frozen=True)
class ProjectView:
    """One project's column."""

    s: ProjectStatus
    p: Project
    d: Dataset
    settings: Settings
    chart: Markup
    item: Item
    cur: MonthStatus
    plan_rows: list[PlanRow]
    corrections: list[Correction]
    rects: dict[str, RectificationView]
    cases: list[Case]
    found: list[Any]
    meetings: list[Meeting]
    reports: list[ReportEntry]
    """The unit's reports, newest first, with the record's note (迟报, 补报)."""
    warnings: list[Inspection]
    """Inspection warnings (预警) not lifted by the as-of date."""
    cite: CiteBox
    """The 引用与嵌入 box: permalinks, citation lines, embed snippets."""
    roster: RosterView | None = None
    """Who answered for each month, when the team changed during the year (handovers)."""


@dataclass(frozen=True)
class ReportEntry:
    """A monthly report on the column, with what the record says about its filing."""

    report: Report
    status: MonthStatus


def project_view(model: SiteModel, s: ProjectStatus, corrections: list[Correction], chart: Markup) -> ProjectView:
    """A column's view."""
    p, d = s.project, model.data
    rows = [PlanRow(ms, ms.milestone != ms.milestone_original or ms.planned != ms.planned_original) for ms in s.months]
    reports = [ReportEntry(r, s.at(r.month)) for r in reversed(p.reports)]
    return ProjectView(s, p, d, d.settings, chart, d.items[p.item], s.current, rows,
                       [c for c in corrections if c.project == p.id],
                       {v.order.id: v for v in model.rectifications if v.project is s},
                       [c for c in model.cases if p.id in c.projects],
                       [x for x in model.discrepancies if x.project is s],
                       [m for m in d.meetings if p.id in m.projects], reports,
                       active_warnings(s, d.settings.as_of_date), cite_box(model, s), roster_view(p, d))


@dataclass(frozen=True)
class UnitView:
    """One unit's page: its tasks, scorecard, rectifications, cases, feedback."""

    unit: Unit
    roles: list[UnitRole]
    d: Dataset
    settings: Settings
    card: Any
    base: int
    rects: list[RectificationView]
    cases: list[Case]
    found: list[Any]
    feedback: list[FeedbackEntry]


def unit_view(model: SiteModel, unit_id: str, base: int) -> UnitView:
    """A unit page's view."""
    d = model.data
    return UnitView(d.units[unit_id], model.roles[unit_id], d, d.settings, model.scorecards.get(unit_id), base,
                    [v for v in model.rectifications if v.order.unit == unit_id],
                    [c for c in model.cases if unit_id in c.units or c.responsible_unit == unit_id],
                    [x for x in model.discrepancies if x.project.project.lead_unit == unit_id],
                    [e for e in model.feedback if e.item.unit == unit_id])


# ---------------------------------------------------------------- bulletins


@dataclass(frozen=True)
class ItemRows:
    """One item's lines in a bulletin."""

    item: Item
    rows: list[BulletinRow]


@dataclass(frozen=True)
class BulletinView:
    """One month's bulletin page."""

    b: Bulletin
    items: list[ItemRows]
    """Items with at least one line, in list order."""
    units: dict[str, Unit]
    settings: Settings


def bulletin_view(model: SiteModel, b: Bulletin) -> BulletinView:
    """A bulletin page's view: its lines grouped by item."""
    d = model.data
    groups = [ItemRows(d.items[no], [r for r in b.rows if r.item == no]) for no in sorted(d.items)]
    return BulletinView(b, [g for g in groups if g.rows], d.units, d.settings)


@dataclass(frozen=True)
class BulletinsView:
    """The bulletin index, newest first."""

    bulletins: list[Bulletin]
    settings: Settings
    head: Bulletin | None = field(init=False)
    """The latest published bulletin: its fingerprint covers, link by link, every one before it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "head", next((b for b in self.bulletins if b.checksum), None))


@dataclass(frozen=True)
class CorrectionsView:
    """Every correction of every published bulletin."""

    corrections: list[Correction]


# ---------------------------------------------------------------- reports


@dataclass(frozen=True)
class MonthLink:
    """A month in a report, linked to its bulletin where one was built, else to the column."""

    month: Month
    href: str
    """Relative to the site root."""


@dataclass(frozen=True)
class CountRow:
    """One month of a report's status counts."""

    month: Month
    counts: list[Any]
    bulletin: bool
    """A bulletin of this month was built (the counts link to it)."""


@dataclass(frozen=True)
class ReportLine:
    """One project's line in a report."""

    line: ProjectLine
    behind: list[MonthLink]


@dataclass(frozen=True)
class ItemLines:
    """One item's project lines in a report."""

    item: Item
    lines: list[ReportLine]


@dataclass(frozen=True)
class ReportView:
    """A quarterly or annual report."""

    r: Summary
    counts: list[CountRow]
    items: list[ItemLines]
    d: Dataset
    settings: Settings


def report_view(model: SiteModel, period: Period, built: set[Month]) -> ReportView:
    """A report's view; ``built`` are the months whose bulletin pages exist."""
    d = model.data
    summary = summarise(model, period)

    def link(line: ProjectLine, month: Month) -> MonthLink:
        pid = line.status.project.id
        return MonthLink(month, f"bulletins/{month}/#row-{pid}" if month in built else f"projects/{pid}/#plan-{month}")

    items = [ItemLines(d.items[no], [ReportLine(line, [link(line, m) for m in line.behind_months])
                                     for line in summary.projects if line.status.project.item == no])
             for no in sorted(d.items)]
    counts = [CountRow(c.month, c.counts, c.month in built) for c in summary.counts]
    return ReportView(summary, counts, items, d, d.settings)


@dataclass(frozen=True)
class ReportsView:
    """The report index: quarters, the year and the special reports."""

    periods: list[Period]
    specials: list[SpecialReport]
    d: Dataset
    settings: Settings


def reports_view(model: SiteModel, specials: list[SpecialReport]) -> ReportsView:
    """The report index's view."""
    return ReportsView(periods(model), specials, model.data, model.data.settings)


@dataclass(frozen=True)
class SpecialView:
    """A lead unit's year-end special report."""

    sr: SpecialReport
    d: Dataset
    settings: Settings


# ---------------------------------------------------------------- accountability


@dataclass(frozen=True)
class StateCount:
    """How many rectifications are in one state."""

    state: RectState
    n: int


@dataclass(frozen=True)
class RectificationsView:
    """Every rectification with its state, filterable."""

    model: SiteModel
    d: Dataset
    settings: Settings
    counts: list[StateCount]
    filters: list[FilterField]


def rectifications_view(model: SiteModel) -> RectificationsView:
    """The rectification page's view."""
    d = model.data
    units = {v.order.unit for v in model.rectifications} | {e.item.unit for e in model.feedback}
    counts = [StateCount(state, sum(1 for v in model.rectifications if v.state == state)) for state in RectState]
    return RectificationsView(model, d, d.settings, counts, [
        FilterField("state", "状态", [Option(s.value, s.label) for s in RectState]),
        FilterField("unit", "责任单位", _unit_options(d, units))])


@dataclass(frozen=True)
class CoordinationRow:
    """One ledger entry with its project and how long it took (or has taken so far)."""

    project: ProjectStatus
    item: CoordinationItem
    days: int


@dataclass(frozen=True)
class CoordinationSection:
    """Open or resolved ledger entries."""

    title: str
    anchor: str
    rows: list[CoordinationRow]


@dataclass(frozen=True)
class CoordinationView:
    """The coordination ledger (协调解决台账)."""

    d: Dataset
    settings: Settings
    sections: list[CoordinationSection]


def coordination_view(model: SiteModel) -> CoordinationView:
    """The ledger's view: open entries, then resolved ones, each by date raised."""
    d = model.data
    today = d.settings.as_of_date
    rows = sorted((CoordinationRow(s, c, coordination_days(c, today)) for s in model.statuses
                   for c in s.project.coordination), key=lambda r: (r.item.raised, r.project.project.order))
    return CoordinationView(d, d.settings, [
        CoordinationSection("协调中", "open", [r for r in rows if r.item.resolved is None]),
        CoordinationSection("已解决", "resolved", [r for r in rows if r.item.resolved is not None])])


@dataclass(frozen=True)
class FeedbackView:
    """Citizens' opinions with reply statistics, filterable."""

    model: SiteModel
    d: Dataset
    settings: Settings
    stats: list[FeedbackStats]
    """Units with enough items for statistics."""
    min_items: int
    filters: list[FilterField]


def feedback_view(model: SiteModel) -> FeedbackView:
    """The feedback page's view."""
    d = model.data
    by_unit = sorted({e.item.unit for e in model.feedback})
    stats = [feedback_stats(d.settings, [e.item for e in model.feedback if e.item.unit == u]) for u in by_unit]
    units = {v.order.unit for v in model.rectifications} | set(by_unit)
    return FeedbackView(model, d, d.settings,
                        [st for st in stats if st.median_days is not None or st.on_time_share is not None],
                        FeedbackStats.MIN_ITEMS, [
                            FilterField("unit", "办理单位", _unit_options(d, units)),
                            FilterField("status", "状态", [Option(s.value, s.label) for s in FeedbackStatus]),
                            FilterField("type", "类型", [Option(t.value, t.label) for t in FeedbackType])])


@dataclass(frozen=True)
class CaseEntry:
    """A case in a case index, with the data attributes its filter reads."""

    case: Case
    units: str
    """Space-separated unit ids (the units concerned and the one held responsible)."""
    items: str
    """Space-separated item numbers of its projects."""


@dataclass(frozen=True)
class CasesView:
    """The praise or the exposed case index, newest first."""

    cases: list[CaseEntry]
    kind: str
    heading: str
    intro: str
    d: Dataset
    d_projects: dict[str, Project]
    filters: list[FilterField]


_CASE_INDEX = {
    CaseKind.PRAISE: ("好经验好做法", "宣传推广各单位推进重点民生实事的好经验、好做法。"),
    CaseKind.EXPOSED: ("反面典型曝光", "公开曝光不作为、慢作为等反面典型，写明发现方式、问题、责任单位和职务、处理及整改情况。"),
}


def cases_view(model: SiteModel, kind: CaseKind) -> CasesView:
    """A case index's view."""
    d = model.data
    by_id = {p.id: p for p in d.projects}
    cases = [c for c in model.cases if c.kind == kind]
    entries = []
    for c in reversed(cases):
        units = [*c.units, *([c.responsible_unit] if c.responsible_unit else [])]
        items = sorted({by_id[p].item for p in c.projects})
        entries.append(CaseEntry(c, " ".join(units), " ".join(str(i) for i in items)))
    all_units = {u for c in cases for u in (*c.units, *([c.responsible_unit] if c.responsible_unit else []))}
    all_items = sorted({by_id[p].item for c in cases for p in c.projects})
    heading, intro = _CASE_INDEX[kind]
    return CasesView(entries, kind.value, heading, intro, d, by_id, [
        FilterField("unit", "单位", _unit_options(d, all_units)),
        FilterField("item", "项", [Option(i, f"第 {i} 项 {d.items[i].title}") for i in all_items])])


@dataclass(frozen=True)
class CaseHeadView:
    """The facts block above an editor's case article."""

    c: Case
    exposed: bool
    d: Dataset
    d_projects: dict[str, Project]


def case_head_view(model: SiteModel, case: Case) -> CaseHeadView:
    """A case head's view."""
    return CaseHeadView(case, case.kind == CaseKind.EXPOSED, model.data, {p.id: p for p in model.data.projects})


@dataclass(frozen=True)
class WechatView:
    """A bulletin as one self-contained page for the WeChat editor (inline styles only)."""

    b: Bulletin
    units: dict[str, Unit]
    settings: Settings
    preface: Markup | str

