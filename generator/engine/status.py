"""The status engine: for every project, part and month, which status, light and warning.

Plain Python, no MkDocs. The rules are data (:data:`RULES`), evaluated in order, first
match wins; the 统计口径 page is generated from the same list, so the published
explanation cannot drift from what the code does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..data.models import Adjustment, MilestoneResult, Part, PlanEntry, Project
from ..data.plan import deferral_at, effective_plan, parts_total, row_at
from ..data.statuses import HEADLINE_ORDER, Light, Status
from ..dates import Month
from ..formats import qty
from ..settings import Settings

__all__ = [
    "HEADLINE_ORDER", "RULES", "Facts", "Light", "MonthStatus", "PartStatus", "ProjectStatus", "Rule", "Status",
    "StatusCount", "Warning", "derive_status", "elapsed_percent", "headline", "headline_counts",
]


@dataclass(frozen=True)
class StatusCount:
    """How many projects have one status (a headline count)."""

    status: Status
    n: int


def headline_counts(statuses: Iterable[Status]) -> list[StatusCount]:
    """Projects per status in bulletin order; "not yet due" only when some are."""
    counts = Counter(statuses)
    extra = [Status.NOT_DUE] if counts.get(Status.NOT_DUE) else []
    return [StatusCount(status, counts.get(status, 0)) for status in [*HEADLINE_ORDER, *extra]]


def headline(month: Month, counts: list[StatusCount]) -> str:
    """A bulletin's opening sentence, in Dalian's wording."""
    total = sum(c.n for c in counts)
    parts = [f"{c.n} 个{c.status.label}" for c in counts if c.n]
    return f"截至 {month.month} 月底，{total} 个项目中，" + "，".join(parts) + "。"


@dataclass(frozen=True)
class Facts:
    """What the rules look at for one project (or part) in one month."""

    month: Month
    due: bool
    """The month is at or before the as-of month."""
    started: bool
    """The plan has a row at or before this month."""
    numeric: bool
    reported: bool
    """A report (and, for numeric targets, a figure) exists for this month."""
    completed: bool
    """The annual target was met in this month or earlier."""
    deferral: Adjustment | None
    cumulative: float | None
    planned: float | None
    planned_original: float | None
    milestone_changed: bool
    """An approved adjustment replaced this month's plan row."""
    result: MilestoneResult | None


@dataclass(frozen=True)
class Rule:
    """One status rule: when it applies (code) and how the public is told (Chinese)."""

    status: Status
    applies: Callable[[Facts], bool]
    text: str


def _behind(f: Facts) -> bool:
    if f.numeric:
        return f.cumulative is not None and f.planned is not None and f.cumulative < f.planned
    return f.result == MilestoneResult.MISSED


def _adjusted(f: Facts) -> bool:
    if not f.milestone_changed:
        return False
    if f.numeric:
        return f.planned_original is not None and f.cumulative is not None and f.cumulative < f.planned_original
    return True


def _ahead(f: Facts) -> bool:
    if f.numeric:
        return f.cumulative is not None and f.planned is not None and f.cumulative > f.planned
    return f.result == MilestoneResult.EXCEEDED


RULES: list[Rule] = [
    Rule(Status.NOT_DUE, lambda f: not f.due or (not f.started and not f.reported),
         "该月晚于数据截止月（公开网站为最新一期已发布月度通报的月份），或月度推进计划表尚未开始且未报送进展。"),
    Rule(Status.COMPLETED, lambda f: f.completed,
         "截至当月底累计完成量已达到全年目标（无数量目标的项目：已报告完成日期）；此后各月保持此状态。"),
    Rule(Status.DEFERRED, lambda f: f.deferral is not None,
         "经市政府同意暂缓实施，在暂缓期间的各月。"),
    Rule(Status.NOT_REPORTED, lambda f: not f.reported,
         "该月已到报送期，牵头单位未报送进展（有数量目标的项目未报送累计数），计为漏报；月度通报发布时仍未报送的，漏报判定永久保留。"),
    Rule(Status.LAGGING, _behind,
         "有数量目标：当月底累计完成量低于计划累计数（经批准调整的，按调整后计划）；"
         "无数量目标：牵头单位报告未完成当月节点任务。"),
    Rule(Status.ADJUSTED, _adjusted,
         "经市政府同意调整了当月节点目标：有数量目标的，只完成了调整后的计划累计数、未达到原计划累计数；"
         "无数量目标的，完成了调整后的节点任务。"),
    Rule(Status.AHEAD, _ahead,
         "有数量目标：当月底累计完成量高于计划累计数；无数量目标：牵头单位报告超额或提前完成。"),
    Rule(Status.ON_TRACK, lambda f: True,
         "其余情况：当月底累计完成量等于计划累计数，或报告完成了当月节点任务。"),
]


def apply_rules(facts: Facts) -> Status:
    """The first rule that applies."""
    return next(rule.status for rule in RULES if rule.applies(facts))


def elapsed_percent(month: Month) -> float:
    """Time-elapsed progress (序时进度) at the end of ``month``: months / 12."""
    return round(month.month / 12 * 100, 2)


@dataclass(frozen=True)
class Warning:
    """An early warning (预警): the project may fail the annual target. A mark of its own: it
    never changes the status light."""

    level: Light
    """YELLOW (预警) or RED (严重预警)."""
    reasons: tuple[str, ...]
    """Why, in Chinese."""

    @property
    def label(self) -> str:
        """预警 or 严重预警."""
        return "严重预警" if self.level == Light.RED else "预警"


@dataclass(frozen=True)
class MonthStatus:
    """Everything shown for one project (or part) in one month."""

    month: Month
    due: bool
    """At or before the as-of month."""
    status: Status
    light: Light
    cumulative: float | None
    """Latest known cumulative figure at month end (carried forward when not reported)."""
    planned: float | None
    """Planned cumulative in force (after approved adjustments)."""
    planned_original: float | None
    milestone: str | None
    """Milestone text in force."""
    milestone_original: str | None
    percent_of_target: float | None
    percent_of_milestone: float | None
    elapsed: float
    warning: Warning | None = None
    filed: date | None = None
    """When this month's report was filed (None: no report)."""
    late_days: int | None = None
    """Days the report came after the reporting deadline (迟报); None when on time or not reported."""
    backfilled: date | None = None
    """A published bulletin judged this month 漏报; the report filed on this date came afterwards (补报)."""
    corrected: Status | None = None
    """A published bulletin judged this month behind plan; corrected figures alone would give this
    status, but the judgment stands."""

    @property
    def note(self) -> str:
        """What the record adds to the status: 补报, 迟报 or a correction that does not undo a judgment."""
        if self.backfilled:
            return f"{self.backfilled} 补报"
        if self.late_days:
            return f"迟报 {self.late_days} 天"
        if self.corrected:
            return f"数字更正后为“{self.corrected.short}”，原通报判定不变"
        return ""

    @property
    def over_target(self) -> bool:
        """The cumulative figure is above the annual target (超额完成全年目标)."""
        return self.percent_of_target is not None and self.percent_of_target > 100

    @property
    def text(self) -> str:
        """Status wording, record note and warning, as a screen reader reads a grid cell."""
        out = self.status.label + (f"（{self.note}）" if self.note else "")
        if self.over_target:
            out += f"；超额完成全年目标（{self.percent_of_target:g}%）"
        return out + (f"；{self.warning.label}：{'；'.join(self.warning.reasons)}" if self.warning else "")


@dataclass(frozen=True)
class PartStatus:
    """Status of one part of a decomposed project."""

    part: Part
    months: list[MonthStatus]

    @property
    def current(self) -> MonthStatus:
        """Status at the as-of month (last due month)."""
        return _current(self.months)

    def at(self, month: Month) -> MonthStatus:
        """Status in ``month``."""
        return next(m for m in self.months if m.month == month)


@dataclass(frozen=True)
class ProjectStatus:
    """Status of a project over the reporting months, with its parts."""

    project: Project
    months: list[MonthStatus]
    parts: list[PartStatus] = field(default_factory=list)

    @property
    def current(self) -> MonthStatus:
        """Status at the as-of month."""
        return _current(self.months)

    @property
    def behind_count(self) -> int:
        """Months lagging or not reported so far."""
        return sum(1 for m in self.months if m.status.behind)

    def at(self, month: Month) -> MonthStatus:
        """Status in ``month`` (a reporting month of the year)."""
        return next(m for m in self.months if m.month == month)


def _current(months: Sequence[MonthStatus]) -> MonthStatus:
    due = [m for m in months if m.due]
    return due[-1] if due else months[0]


def _percent(value: float | None, whole: float | None) -> float | None:
    if value is None or not whole:
        return None
    return round(value / whole * 100, 1)


def _gap(settings: Settings, f: Facts, pct: float | None, raw_pct: float | None, target: float | None,
         last_cum: float | None) -> tuple[float, str] | None:
    """Points behind the measure in force (the month's plan, or 序时进度), with the reason's wording."""
    if raw_pct is None:
        return None
    if not settings.warns_by_plan:
        gap = f.month.month / 12 * 100 - raw_pct
        return gap, f"完成全年目标的 {pct:g}%，落后序时进度（{elapsed_percent(f.month):g}%）{gap:.1f} 个百分点"
    if f.planned is None or not target or last_cum is None:
        return None
    gap = (f.planned - last_cum) / target * 100
    return gap, f"累计完成 {qty(last_cum)}，落后本月计划累计数 {qty(f.planned)}，相当于全年目标的 {gap:.1f} 个百分点"


def _warning(settings: Settings, f: Facts, status: Status, pct: float | None, raw_pct: float | None,
             target: float | None, history: dict[Month, float], lag_run: int,
             last_cum: float | None = None) -> Warning | None:
    if status in (Status.NOT_DUE, Status.COMPLETED, Status.DEFERRED):
        return None
    if settings.warns_by_plan and not status.behind:
        return None  # measured against its own plan, a month whose milestone was met is never marked
    reasons: list[str] = []
    level = Light.YELLOW
    if lag_run >= 2:
        reasons.append(f"连续 {lag_run} 个月未完成节点目标或未报送")
        level = Light.RED
    found = _gap(settings, f, pct, raw_pct, target, last_cum)
    if found is not None:
        # Compare unrounded figures: the boundary must not move with display rounding.
        gap, reason = found
        if gap >= settings.warning_gap - 1e-9:
            reasons.append(reason)
            if gap > settings.alert_gap + 1e-9:
                level = Light.RED
    earlier = Month(f.month.year, f.month.month - settings.pace_months) if f.month.month > settings.pace_months else None
    if target and f.cumulative is not None and earlier in history:
        rate = (f.cumulative - history[earlier]) / settings.pace_months
        projected = f.cumulative + rate * (12 - f.month.month)
        if projected < target * settings.pace_threshold / 100:
            share = projected / target * 100
            reasons.append(f"按近 {settings.pace_months} 个月平均进度，预计年底只能完成全年目标的 {share:.0f}%")
    return Warning(level, tuple(reasons)) if reasons else None


def _track(settings: Settings, months: list[Month], facts: list[Facts], target: float | None,
           milestones: list[tuple[str | None, str | None]],
           filings: list[tuple[date | None, int | None]] | None = None) -> list[MonthStatus]:
    out: list[MonthStatus] = []
    history: dict[Month, float] = {}
    lag_run = 0
    last_cum: float | None = None
    for i, (f, (milestone, original)) in enumerate(zip(facts, milestones, strict=True)):
        status = apply_rules(f)
        filed, late = filings[i] if filings else (None, None)
        if f.cumulative is not None:
            last_cum = f.cumulative
            history[f.month] = f.cumulative
        lag_run = lag_run + 1 if status.behind else 0
        pct = _percent(last_cum, target) if target else (100.0 if status == Status.COMPLETED else None)
        raw_pct = last_cum / target * 100 if target and last_cum is not None else None
        warning = _warning(settings, f, status, pct, raw_pct, target, history, lag_run, last_cum)
        out.append(MonthStatus(
            # The light follows the status alone; an early warning is a mark of its own.
            month=f.month, due=f.due, status=status, light=status.base_light, cumulative=last_cum if f.due else None,
            planned=f.planned, planned_original=f.planned_original, milestone=milestone,
            milestone_original=original, percent_of_target=pct if f.due else None,
            percent_of_milestone=_percent(f.cumulative, f.planned) if f.due else None,
            elapsed=elapsed_percent(f.month), warning=warning,
            filed=filed if f.due else None, late_days=late if f.due else None,
        ))
    return out


def _filing(settings: Settings, p: Project, month: Month) -> tuple[date | None, int | None]:
    """When the month's report was filed, and how many days after its deadline (迟报)."""
    report = next((r for r in p.reports if r.month == month), None)
    if report is None:
        return None, None
    late = (report.filed - settings.deadline(month)).days
    return report.filed, late if late > 0 else None


def _project_facts(settings: Settings, p: Project, plan: list[PlanEntry], month: Month,
                   parts_figures: dict[Month, float]) -> Facts:
    row, original = row_at(plan, month), row_at(p.plan, month)
    report = next((r for r in p.reports if r.month == month), None)
    cumulative = None
    if report is not None and p.numeric:
        cumulative = report.cumulative if report.cumulative is not None else parts_figures.get(month)
    done_before = [r for r in p.reports if r.month <= month and r.month <= settings.as_of]
    completed = any(r.completed is not None for r in done_before) or (
        p.numeric and any((r.cumulative if r.cumulative is not None else parts_figures.get(r.month, -1)) >= p.target  # type: ignore[operator]
                          for r in done_before))
    return Facts(
        month=month, due=month <= settings.as_of, started=row is not None, numeric=p.numeric,
        reported=report is not None and (cumulative is not None or not p.numeric),
        completed=completed, deferral=deferral_at(p, month),
        cumulative=cumulative, planned=row.planned if row else None,
        planned_original=original.planned if original else None,
        milestone_changed=row is not None and original is not None and row is not original and
        (row.planned != original.planned or row.milestone != original.milestone),
        result=report.milestone if report else None,
    )


def _part_status(settings: Settings, p: Project, part: Part) -> PartStatus:
    facts, milestones = [], []
    for month in settings.months:
        row = row_at(part.plan, month)
        report = next((r for r in part.reports if r.month == month), None)
        cumulative = report.cumulative if report else None
        numeric = part.target is not None
        facts.append(Facts(
            month=month, due=month <= settings.as_of, started=row is not None, numeric=numeric,
            reported=report is not None and (cumulative is not None or not numeric),
            completed=numeric and any(r.cumulative is not None and r.cumulative >= part.target  # type: ignore[operator]
                                      for r in part.reports if r.month <= month <= settings.as_of),
            deferral=deferral_at(p, month), cumulative=cumulative,
            planned=row.planned if row else None, planned_original=row.planned if row else None,
            milestone_changed=False, result=report.milestone if report else None,
        ))
        text = row.milestone if row and row.month == month else None
        milestones.append((text, text))
    return PartStatus(part, _track(settings, settings.months, facts, part.target, milestones))


def _parts_figures(p: Project) -> dict[Month, float]:
    """Sum of the parts' cumulative figures, for months where every part reported."""
    months = {r.month for part in p.parts for r in part.reports}
    return {m: total for m in months if (total := parts_total(p, m)) is not None}


def derive_status(settings: Settings, p: Project) -> ProjectStatus:
    """Status of ``p`` for every reporting month of the year."""
    parts_figures = _parts_figures(p)
    plan = effective_plan(p)
    facts, milestones = [], []
    for month in settings.months:
        facts.append(_project_facts(settings, p, plan, month, parts_figures))
        row, original = row_at(plan, month), row_at(p.plan, month)
        milestones.append((row.milestone if row and row.month == month else None,
                           original.milestone if original and original.month == month else None))
    filings = [_filing(settings, p, month) for month in settings.months]
    months = _track(settings, settings.months, facts, p.target, milestones, filings)
    return ProjectStatus(p, months, [_part_status(settings, p, part) for part in p.parts])
