"""View objects: one frozen dataclass per page, with every decision made.

Templates print named fields of these; they never filter by status, count by role or
compare dates (Pelican hands ``Writer.write_file`` typed articles; Material's blog hands
``View``/``Post`` objects). Builders here hold the little presentation logic there is.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

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
from ..data.snapshots import BulletinRow, SnapshotCase, SnapshotRisk
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
from ..engine.bulletins import Bulletin, Change, Correction, Naming
from ..engine.model import FeedbackEntry, Overview, SiteModel, UnitRole
from ..engine.oversight import active_warnings
from ..engine.periods import Period, ProjectLine, SpecialReport, Summary, periods, summarise
from ..engine.record import REVISIONS, reporting_rules
from ..engine.risks import RISK_RULES, RISKS_FROM, Risk, year_end_risks
from ..engine.status import MonthStatus, ProjectStatus
from ..settings import Settings
from .cite import CiteBox, cite_box
from .districts import CITYWIDE, district_ids
from .paging import Pager, Part
from .roster import RosterView, roster_view

__all__ = [
    "BulletinView", "ItemPage", "BulletinsView", "CaseHeadView", "CasesView", "CoordinationView", "CorrectionsView",
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


@dataclass(frozen=True)
class ItemPage:
    """An item and the projects of it that one page lists (``continued``: begun on an earlier page)."""

    item: Item
    projects: list[ProjectStatus]
    continued: bool = False


def item_pages(model: SiteModel) -> list[tuple[Item, list[ProjectStatus]]]:
    """Every item with its projects, in list order: what listings of projects page through."""
    return [(g.item, g.projects) for g in model.items]


def _first(pager: Pager | None) -> bool:
    return pager is None or pager.first


def _unit_options(d: Dataset, units: set[str]) -> list[Option]:
    return [Option(u, d.units[u].name) for u in sorted(units)]


_T = TypeVar("_T")
_MEMO = "_views_once"
"""Where a model (or a summary, a bulletin) keeps what :func:`_once` worked out: in the object
itself (as ``functools.cached_property`` does, beside a frozen dataclass' fields), so that it goes
when the object goes."""


def _once(owner: object, name: Hashable, make: Callable[[], _T]) -> _T:
    """``make()`` computed once per ``owner``: what a paged listing shows on every page (its counts,
    its filter's options) is worked out over the whole list, once, not once per page."""
    values: dict[Hashable, Any] = owner.__dict__.setdefault(_MEMO, {})
    if name not in values:
        values[name] = make()
    return values[name]  # type: ignore[no-any-return]


def _of_projects(owner: object, name: str, records: list[_T], project: Callable[[_T], str],
                 ids: set[str]) -> list[_T]:
    """The ``records`` of the projects ``ids``, in the list's order: one page's share of a list
    that every page of a paged listing filters (indexed by project once, so that a page costs its
    share, not the whole list: at 10,000 projects the report pages spent a tenth of page building here)."""
    def index() -> dict[str, list[int]]:
        at: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            at.setdefault(project(record), []).append(i)
        return at

    at = _once(owner, ("by project", name), index)
    return [records[i] for i in sorted(i for pid in ids for i in at.get(pid, ()))]


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
    items: list[ItemPage]
    """The items and projects this page lists."""
    pager: Pager | None = None
    first: bool = True
    """The first page: it alone carries the summary and the alarms."""
    alarm_total: int = 0
    """Alarming rectifications in all (``alarms`` lists at most ``page_size`` of them)."""
    alarms_cut: bool = False
    """``alarms`` is the first part of a longer list (the rectification page has them all)."""


def home_view(model: SiteModel, bulletins: list[Bulletin], items: list[ItemPage] | None = None,
              pager: Pager | None = None) -> HomeView:
    """The home page's view (``items``: one page's share of a long list): the latest bulletin is the
    latest published one, else the latest preview."""
    latest = next((b for b in reversed(bulletins) if b.published), bulletins[-1] if bulletins else None)
    groups = items if items is not None else [ItemPage(item, projects) for item, projects in item_pages(model)]
    statuses = model.statuses if items is None else [s for g in groups for s in g.projects]
    grid = [GridRow(s, [GridCell(ms, ms.status.letter if ms.due else "", f"projects/{s.project.id}/#plan-{ms.month}")
                        for ms in s.months]) for s in statuses]
    settings = model.data.settings
    risks = _once(model, "risks", lambda: year_end_risks(model.statuses, settings.as_of, settings.first_month)
                  if settings.due_months else [])
    alarms = _once(model, "alarms", lambda: [v for v in model.rectifications if v.state.alarming])
    shown = alarms[: settings.page_size]
    return HomeView(model, model.data, settings, model.overview, latest, shown, grid, LEGEND, LIGHTS, risks, RISKS_FROM,
                    groups, pager, _first(pager), len(alarms), len(shown) < len(alarms))


@dataclass(frozen=True)
class ProjectsView:
    """The project index, by item."""

    d: Dataset
    settings: Settings
    ov: Overview
    items: list[ItemPage]
    projects: int
    pager: Pager | None = None
    places: dict[str, str] = field(default_factory=dict)
    """Each project's districts (ids, space-separated; ``citywide`` for none): what the filter matches."""
    filters: list[FilterField] = field(default_factory=list)
    """The district filter (kept in the address: ``?district=ganjingzi``)."""


def projects_view(model: SiteModel, items: list[ItemPage] | None = None, pager: Pager | None = None) -> ProjectsView:
    """The project index's view (``items``: one page's share of a long list)."""
    d = model.data
    groups = items if items is not None else [ItemPage(item, projects) for item, projects in item_pages(model)]
    places = {s.project.id: " ".join(district_ids(s, d)) or CITYWIDE for g in groups for s in g.projects}
    # A long list's page offers the districts of its own projects (its filter narrows that page's rows).
    shown = None if pager is None else {x for place in places.values() for x in place.split()}
    options = [Option(x.id, x.name) for x in d.districts.values() if shown is None or x.id in shown]
    options += [Option(CITYWIDE, "全市性项目")] if shown is None or CITYWIDE in shown else []
    return ProjectsView(d, d.settings, model.overview, groups, len(model.statuses), pager, places,
                        [FilterField("district", "区市县", options)])


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
    pager: Pager | None = None


def units_view(model: SiteModel, units: list[Unit] | None = None, pager: Pager | None = None) -> UnitsView:
    """The unit index's view (``units``: one page's share): roles counted per kind."""
    rows = []
    for unit in model.units if units is None else units:
        roles = [r.role.value for r in model.roles[unit.id]]
        card = model.scorecards.get(unit.id)
        rows.append(UnitRow(unit, roles.count("lead"), roles.count("co"), roles.count("part"),
                            model.behind_count(unit.id), card.score if card else None))
    return UnitsView(model.data.settings, model.overview, rows, pager)


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


@dataclass(frozen=True)
class _Related:
    """The site's records grouped once by project and by unit, so that building every column
    and every unit page stays linear in the number of projects (not quadratic)."""

    rects: dict[str, list[RectificationView]]
    cases: dict[str, list[Case]]
    found: dict[str, list[Any]]
    meetings: dict[str, list[Meeting]]
    unit_rects: dict[str, list[RectificationView]]
    unit_cases: dict[str, list[Case]]
    unit_found: dict[str, list[Any]]
    unit_feedback: dict[str, list[FeedbackEntry]]


def _group(pairs: list[tuple[str, Any]]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def _related(model: SiteModel) -> _Related:
    """The grouping for ``model``, made on first use and kept with the model (:func:`_once`)."""
    return _once(model, "related", lambda: _grouped(model))


def _grouped(model: SiteModel) -> _Related:
    d = model.data
    return _Related(
        rects=_group([(v.project.project.id, v) for v in model.rectifications]),
        cases=_group([(pid, c) for c in model.cases for pid in dict.fromkeys(c.projects)]),
        found=_group([(x.project.project.id, x) for x in model.discrepancies]),
        meetings=_group([(pid, m) for m in d.meetings for pid in dict.fromkeys(m.projects)]),
        unit_rects=_group([(v.order.unit, v) for v in model.rectifications]),
        unit_cases=_group([(u, c) for c in model.cases
                           for u in dict.fromkeys([*c.units, *([c.responsible_unit] if c.responsible_unit else [])])]),
        unit_found=_group([(x.project.project.lead_unit, x) for x in model.discrepancies]),
        unit_feedback=_group([(e.item.unit, e) for e in model.feedback]))


def project_view(model: SiteModel, s: ProjectStatus, corrections: list[Correction], chart: Markup,
                 row_pages: dict[tuple[Month, str], str] | None = None) -> ProjectView:
    """A column's view (``row_pages``: the bulletin page of a project's row where it is not the
    bulletin's first page)."""
    p, d = s.project, model.data
    rel = _related(model)
    rows = [PlanRow(ms, ms.milestone != ms.milestone_original or ms.planned != ms.planned_original) for ms in s.months]
    reports = [ReportEntry(r, s.at(r.month)) for r in reversed(p.reports)]
    return ProjectView(s, p, d, d.settings, chart, d.items[p.item], s.current, rows,
                       [c for c in corrections if c.project == p.id],
                       {v.order.id: v for v in rel.rects.get(p.id, []) if v.project is s},
                       rel.cases.get(p.id, []),
                       [x for x in rel.found.get(p.id, []) if x.project is s],
                       rel.meetings.get(p.id, []), reports,
                       active_warnings(s, d.settings.as_of_date), cite_box(model, s, row_pages or {}), roster_view(p, d))


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
    rel = _related(model)
    return UnitView(d.units[unit_id], model.roles[unit_id], d, d.settings, model.scorecards.get(unit_id), base,
                    rel.unit_rects.get(unit_id, []), rel.unit_cases.get(unit_id, []),
                    rel.unit_found.get(unit_id, []), rel.unit_feedback.get(unit_id, []))


# ---------------------------------------------------------------- bulletins


@dataclass(frozen=True)
class ItemRows:
    """One item's lines in a bulletin."""

    item: Item
    rows: list[BulletinRow]
    continued: bool = False
    """The item's lines began on an earlier page."""


@dataclass(frozen=True)
class BulletinView:
    """One month's bulletin page."""

    b: Bulletin
    items: list[ItemRows]
    """Items with at least one line, in list order."""
    units: dict[str, Unit]
    settings: Settings
    behind: list[BulletinRow]
    """The page's projects that missed their milestone."""
    unreported: list[BulletinRow]
    """The page's projects that did not report."""
    pager: Pager | None = None
    first: bool = True
    """The first page: it alone carries the summary, the corrections, the units named and the
    month's cases (at most ``page_size`` of them)."""
    changes: list[Change] = field(default_factory=list)
    """Changes since last month of the page's projects (every page has its own)."""
    risks: list[SnapshotRisk] = field(default_factory=list)
    """Year-end risks of the page's projects."""
    cases: Part[SnapshotCase] = field(default_factory=lambda: Part([], 0))
    """The month's cases the first page lists (at most ``page_size``)."""


def bulletin_groups(model: SiteModel, b: Bulletin) -> list[tuple[Item, list[BulletinRow]]]:
    """A bulletin's lines by item (items with lines only), in list order."""
    items = model.data.items
    by_item: dict[int, list[BulletinRow]] = {}
    for r in b.rows:
        by_item.setdefault(r.item, []).append(r)
    return [(items[no], by_item[no]) for no in sorted(items) if no in by_item]


def bulletin_view(model: SiteModel, b: Bulletin, chunk: list[tuple[Item, list[BulletinRow], bool]] | None = None,
                  pager: Pager | None = None) -> BulletinView:
    """A bulletin page's view (``chunk``: one page's share of its lines): its lines grouped by item."""
    d = model.data
    groups = chunk if chunk is not None else [(item, rows, False) for item, rows in bulletin_groups(model, b)]
    page = b if chunk is None else replace(b, rows=[r for _, rows, _ in groups for r in rows])
    mine = None if chunk is None else {r.project for r in page.rows}
    return BulletinView(b, [ItemRows(item, rows, cont) for item, rows, cont in groups], d.units, d.settings,
                        page.behind, page.unreported, pager, _first(pager),
                        b.changes if mine is None else _of_projects(b, "changes", b.changes, lambda c: c.row.project, mine),
                        b.risks if mine is None else _of_projects(b, "risks", b.risks, lambda r: r.project, mine),
                        Part.of(b.cases, d.settings.page_size))


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
    continued: bool = False
    """The item's lines began on an earlier page."""


@dataclass(frozen=True)
class ReportView:
    """A quarterly or annual report."""

    r: Summary
    counts: list[CountRow]
    items: list[ItemLines]
    d: Dataset
    settings: Settings
    issued: list[Any]
    """Rectifications issued in the period, of the page's projects."""
    closed: list[Any]
    """Rectifications closed in the period, of the page's projects."""
    feedback: list[Any]
    """Feedback counts of the page's projects."""
    pager: Pager | None = None
    first: bool = True
    """The first page: it alone carries the monthly counts, the units and the cases."""
    units: list[Any] = field(default_factory=list)
    """The lead units' lines, at most ``page_size`` (the unit index has them all)."""
    units_total: int = 0
    """Lead units in all, when ``units`` is cut; else 0."""
    cases: list[Any] = field(default_factory=list)
    """The period's cases, at most ``page_size`` (the case indexes have them all)."""
    cases_total: int = 0
    """Cases in all, when ``cases`` is cut; else 0."""


def report_groups(model: SiteModel, period: Period, built: set[Month], summary: Summary | None = None,
                  row_pages: dict[tuple[Month, str], str] | None = None) -> list[tuple[Item, list[ReportLine]]]:
    """A report's project lines by item, in list order; ``built`` are the months with bulletin pages,
    ``row_pages`` the bulletin page of a project's row where it is not the bulletin's first page."""
    d = model.data
    summary = summary or summarise(model, period)
    pages = row_pages or {}

    def link(line: ProjectLine, month: Month) -> MonthLink:
        pid = line.status.project.id
        if month not in built:
            return MonthLink(month, f"projects/{pid}/#plan-{month}")
        return MonthLink(month, f"{pages.get((month, pid), f'bulletins/{month}/')}#row-{pid}")

    by_item: dict[int, list[ReportLine]] = {no: [] for no in d.items}
    for line in summary.projects:
        by_item[line.status.project.item].append(ReportLine(line, [link(line, m) for m in line.behind_months]))
    return [(d.items[no], by_item[no]) for no in sorted(d.items)]


def report_view(model: SiteModel, period: Period, built: set[Month], summary: Summary | None = None,
                chunk: list[tuple[Item, list[ReportLine], bool]] | None = None, pager: Pager | None = None) -> ReportView:
    """A report's view (``chunk``: one page's share of its project lines); ``built`` are the months
    whose bulletin pages exist."""
    d = model.data
    summary = summary or summarise(model, period)
    groups = chunk if chunk is not None else [(item, lines, False) for item, lines in
                                              report_groups(model, period, built, summary)]
    ids = None if chunk is None else {rl.line.status.project.id for _, lines, _ in groups for rl in lines}

    def mine(name: str) -> list[Any]:
        records: list[Any] = getattr(summary, name)
        return records if ids is None else _of_projects(summary, name, records, lambda x: x.project.id, ids)

    counts = [CountRow(c.month, c.counts, c.month in built) for c in summary.counts]
    size = d.settings.page_size
    units, cases = summary.units, summary.cases
    return ReportView(summary, counts, [ItemLines(item, lines, cont) for item, lines, cont in groups], d, d.settings,
                      mine("issued"), mine("closed"), mine("feedback"), pager, _first(pager),
                      units[:size], len(units) if len(units) > size else 0,
                      cases[:size], len(cases) if len(cases) > size else 0)


@dataclass(frozen=True)
class ReportsView:
    """The report index: quarters, the year and the special reports."""

    periods: list[Period]
    specials: list[SpecialReport]
    """The special reports this page lists (``page_size`` a page; one per lead unit)."""
    d: Dataset
    settings: Settings
    pager: Pager | None = None
    first: bool = True
    """The first page: it alone lists the quarters and the year."""


def reports_view(model: SiteModel, specials: list[SpecialReport], pager: Pager | None = None) -> ReportsView:
    """The report index's view (``specials``: one page's share of a long list)."""
    return ReportsView(periods(model), specials, model.data, model.data.settings, pager, _first(pager))


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
    rows: list[RectificationView]
    """The rectifications this page lists."""
    pager: Pager | None = None


def rectifications_view(model: SiteModel, rows: list[RectificationView] | None = None,
                        pager: Pager | None = None) -> RectificationsView:
    """The rectification page's view (``rows``: one page's share)."""
    d = model.data
    counts = _once(model, "rectification counts", lambda: [
        StateCount(state, sum(1 for v in model.rectifications if v.state == state)) for state in RectState])
    return RectificationsView(model, d, d.settings, counts, [
        FilterField("state", "状态", [Option(s.value, s.label) for s in RectState]),
        FilterField("unit", "责任单位", _unit_filter(model, {v.order.unit for v in rows} if pager and rows is not None
                                                     else None))],
        model.rectifications if rows is None else rows, pager)


def _unit_filter(model: SiteModel, page_units: set[str] | None) -> list[Option]:
    """The units a unit filter offers: on a numbered page those of its own rows (the filter narrows
    that page), else every unit with a rectification order or a citizen's opinion to answer."""
    d = model.data
    if page_units is not None:
        return _unit_options(d, page_units)
    return _once(model, "unit options", lambda: _unit_options(
        d, {v.order.unit for v in model.rectifications} | {e.item.unit for e in model.feedback}))


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
    total: int = -1
    """Entries in the section on all pages, when ``rows`` are one page's share."""

    @property
    def count(self) -> int:
        """How many entries the section has in all."""
        return len(self.rows) if self.total < 0 else self.total


@dataclass(frozen=True)
class CoordinationView:
    """The coordination ledger (协调解决台账)."""

    d: Dataset
    settings: Settings
    sections: list[CoordinationSection]
    pager: Pager | None = None


def coordination_sections(model: SiteModel) -> list[CoordinationSection]:
    """Open entries, then resolved ones, each by date raised."""
    today = model.data.settings.as_of_date
    rows = sorted((CoordinationRow(s, c, coordination_days(c, today)) for s in model.statuses
                   for c in s.project.coordination), key=lambda r: (r.item.raised, r.project.project.order))
    return [CoordinationSection("协调中", "open", [r for r in rows if r.item.resolved is None]),
            CoordinationSection("已解决", "resolved", [r for r in rows if r.item.resolved is not None])]


def coordination_view(model: SiteModel, chunk: list[tuple[CoordinationSection, list[CoordinationRow], bool]] | None = None,
                      pager: Pager | None = None) -> CoordinationView:
    """The ledger's view (``chunk``: one page's share of each section)."""
    d = model.data
    if chunk is None:
        return CoordinationView(d, d.settings, coordination_sections(model))
    return CoordinationView(d, d.settings, [CoordinationSection(sec.title, sec.anchor, rows, len(sec.rows))
                                            for sec, rows, _ in chunk], pager)


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
    entries: list[FeedbackEntry]
    """The opinions this page lists."""
    pager: Pager | None = None
    first: bool = True
    """The first page: it alone carries the per-unit statistics."""


def feedback_view(model: SiteModel, entries: list[FeedbackEntry] | None = None,
                  pager: Pager | None = None) -> FeedbackView:
    """The feedback page's view (``entries``: one page's share)."""
    d = model.data
    stats = []
    if _first(pager):
        by_unit: dict[str, list[Any]] = {}
        for e in model.feedback:
            by_unit.setdefault(e.item.unit, []).append(e.item)
        stats = [feedback_stats(d.settings, by_unit[u]) for u in sorted(by_unit)]
    return FeedbackView(model, d, d.settings,
                        [st for st in stats if st.median_days is not None or st.on_time_share is not None],
                        FeedbackStats.MIN_ITEMS, [
                            FilterField("unit", "办理单位", _unit_filter(
                                model, {e.item.unit for e in entries} if pager and entries is not None else None)),
                            FilterField("status", "状态", [Option(s.value, s.label) for s in FeedbackStatus]),
                            FilterField("type", "类型", [Option(t.value, t.label) for t in FeedbackType])],
                        model.feedback if entries is None else entries, pager, _first(pager))


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
    pager: Pager | None = None


_CASE_INDEX = {
    CaseKind.PRAISE: ("好经验好做法", "宣传推广各单位推进重点民生实事的好经验、好做法。"),
    CaseKind.EXPOSED: ("反面典型曝光", "公开曝光不作为、慢作为等反面典型，写明发现方式、问题、责任单位和职务、处理及整改情况。"),
}


def cases_view(model: SiteModel, kind: CaseKind, page: tuple[int, int] | None = None,
               pager: Pager | None = None) -> CasesView:
    """A case index's view (``page``: the slice of the newest-first list this page shows)."""
    d = model.data
    by_id, entries, filters = _once(model, ("cases", kind), lambda: _case_index(model, kind))
    heading, intro = _CASE_INDEX[kind]
    if page is not None:
        entries = entries[page[0] : page[1]]
    return CasesView(entries, kind.value, heading, intro, d, by_id, filters, pager)


def _case_index(model: SiteModel, kind: CaseKind) -> tuple[dict[str, Project], list[CaseEntry], list[FilterField]]:
    """What every page of a case index shares (worked out once): the projects by id, every entry
    newest first, the filter's options."""
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
    return by_id, entries, [
        FilterField("unit", "单位", _unit_options(d, all_units)),
        FilterField("item", "项", [Option(i, f"第 {i} 项 {d.items[i].title}") for i in all_items])]


@dataclass(frozen=True)
class CaseHeadView:
    """The facts block above an editor's case article."""

    c: Case
    exposed: bool
    d: Dataset
    d_projects: dict[str, Project]


def case_head_view(model: SiteModel, case: Case, projects: dict[str, Project] | None = None) -> CaseHeadView:
    """A case head's view (``projects``: the projects by id, made once for all cases)."""
    by_id = projects if projects is not None else {p.id: p for p in model.data.projects}
    return CaseHeadView(case, case.kind == CaseKind.EXPOSED, model.data, by_id)



@dataclass(frozen=True)
class WechatView:
    """A bulletin as one self-contained page for the WeChat editor (inline styles only)."""

    b: Bulletin
    units: dict[str, Unit]
    settings: Settings
    preface: Markup | str
    rows: list[BulletinRow]
    """Every project's line; none for a list longer than ``page_size`` (an article is not a
    register: it then points to the web page for the full table)."""
    behind: list[BulletinRow]
    """Projects behind, at most ``page_size`` of them with those not reported."""
    unreported: list[BulletinRow]
    changes: Part[Change]
    omitted: int
    """Projects behind or not reported that the article leaves to the web page."""
    named: Part[Naming]
    risks: Part[SnapshotRisk]
    cases: Part[SnapshotCase]
    """Changes, namings, risks and cases: at most ``page_size`` of each (the web page has them all)."""


def wechat_view(b: Bulletin, units: dict[str, Unit], settings: Settings, preface: Markup | str) -> WechatView:
    """The WeChat article of a bulletin: whole for a short list; for a long one, its summary and
    the first ``page_size`` projects it names, pointing to the web page for the rest."""
    size = settings.page_size
    behind = b.behind[:size]
    unreported = b.unreported[: size - len(behind)]
    return WechatView(b, units, settings, preface, b.rows if len(b.rows) <= size else [], behind, unreported,
                      Part.of(b.changes, size), len(b.behind) + len(b.unreported) - len(behind) - len(unreported),
                      Part.of(b.named, size), Part.of(b.risks, size), Part.of(b.cases, size))

