"""Accountability in public: rectification lifecycle, suspected concealment, feedback reply
times, the coordination ledger and the unit scorecard.

Every date is judged against the as-of date (the last day of the as-of month), never the
clock. The scorecard's rule is :data:`SCORING`; the unit pages print it from there.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from enum import Enum

from ..data.models import Case, CaseKind, CoordinationItem, Feedback, FeedbackStatus, Inspection, Rectification
from ..dates import Month, month_of
from ..settings import Settings
from .status import ProjectStatus, Status

__all__ = [
    "SCORE_BASE", "SCORING", "Discrepancy", "FeedbackStats", "RectState", "RectificationView", "ScoreLine", "ScoreRule",
    "Scorecard", "closed_late", "coordination_days", "discrepancies", "feedback_stats", "rectification_state",
    "rectifications", "scorecard", "scoring",
]


class RectState(str, Enum):
    """Lifecycle of a rectification order on the as-of date."""

    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    CLOSED = "closed"
    CLOSED_LATE = "closed_late"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        """Chinese wording."""
        return {
            "open": "整改中", "due_soon": "即将到期", "overdue": "逾期未销号", "closed": "按期销号",
            "closed_late": "逾期销号", "reopened": "销号后再次滞后（恢复整改）",
        }[self.value]

    @property
    def alarming(self) -> bool:
        """Shown highlighted (overdue or reopened)."""
        return self in (RectState.OVERDUE, RectState.REOPENED)


def _months_after(month: Month, n: int) -> list[Month]:
    out, m = [], month
    for _ in range(n):
        m = m.next()
        out.append(m)
    return out


def closed_late(r: Rectification) -> bool:
    """Closed (销号) after its deadline."""
    return r.closed is not None and r.closed > r.deadline


def rectification_state(r: Rectification, today: date, behind: set[Month], due_soon_days: int = 7,
                        reopen_months: int = 3) -> RectState:
    """Open, due soon, overdue, closed on time, closed late — or reopened (纸面销号).

    ``behind`` are the project's months lagging or not reported (up to the as-of month). A
    closure dated after ``today`` is not known yet and does not count.
    """
    if r.closed is None or r.closed > today:
        if today > r.deadline:
            return RectState.OVERDUE
        if (r.deadline - today).days <= due_soon_days:
            return RectState.DUE_SOON
        return RectState.OPEN
    if any(m in behind for m in _months_after(month_of(r.closed), reopen_months)):
        return RectState.REOPENED
    return RectState.CLOSED_LATE if closed_late(r) else RectState.CLOSED


@dataclass(frozen=True)
class RectificationView:
    """A rectification with its project and computed state."""

    project: ProjectStatus
    order: Rectification
    state: RectState


def _behind(s: ProjectStatus) -> set[Month]:
    return {m.month for m in s.months if m.due and m.status.behind}


def rectifications(settings: Settings, statuses: list[ProjectStatus]) -> list[RectificationView]:
    """Every rectification order with its state, newest first."""
    today = settings.as_of_date
    out = [RectificationView(s, r, rectification_state(r, today, _behind(s), settings.due_soon_days,
                                                       settings.reopen_months))
           for s in statuses for r in s.project.rectifications]
    return sorted(out, key=lambda v: (v.order.issued, v.project.project.order, v.order.id), reverse=True)


@dataclass(frozen=True)
class Discrepancy:
    """An inspection that counted less on site than the unit reported (疑似瞒报).

    Once a published bulletin named it, it stays on the record: a later correction of the
    figure marks it 已更正 (``corrected``) but never removes it.
    """

    project: ProjectStatus
    inspection: Inspection | None
    """The inspection record (None if it was removed from the data after a bulletin named it)."""
    inspected: date
    month: Month
    """The report month it checked."""
    reported: float
    """What the unit had reported when the inspection found the difference."""
    observed: float
    sealed_in: Month | None = None
    """The published bulletin that named it, if any."""
    corrected_on: date | None = None
    """Date of the correction record, when the figure was corrected afterwards."""
    corrected: bool = False
    """The reported figure has since been corrected down to what was counted on site."""

    @property
    def key(self) -> tuple[str, date, Month]:
        """Project, inspection date and month checked: the same finding in every bulletin."""
        return self.project.project.id, self.inspected, self.month


def discrepancies(statuses: list[ProjectStatus]) -> list[Discrepancy]:
    """Inspections whose observed figure is below the reported cumulative for that month."""
    out = []
    for s in statuses:
        for i in s.project.inspections:
            if i.month is None or i.observed is None or not s.project.numeric:
                continue
            reported = next((m.cumulative for m in s.months if m.month == i.month and m.due), None)
            report = next((r for r in s.project.reports if r.month == i.month), None)
            if report is not None and reported is not None and i.observed < reported:
                out.append(Discrepancy(s, i, i.date, i.month, reported, i.observed))
    return out


@dataclass(frozen=True)
class FeedbackStats:
    """Reply times of one unit."""

    unit: str
    items: int
    answered: int
    median_days: float | None
    """Median days from receipt to reply; None below the minimum number of items."""
    on_time_share: float | None
    """Share (%) answered within the deadline; None below the minimum number of items."""
    late: int
    """Answered late, or unanswered past the deadline on the as-of date."""

    MIN_ITEMS = 5
    """Statistics are shown only for units with at least this many items."""


def feedback_stats(settings: Settings, items: list[Feedback]) -> FeedbackStats:
    """Reply statistics for one unit's feedback items (all with the same ``unit``)."""
    today, limit = settings.as_of_date, settings.feedback_days
    answered = [f for f in items if f.status == FeedbackStatus.ANSWERED and f.replied is not None]
    days = [(f.replied - f.received).days for f in answered]  # type: ignore[operator]
    late = sum(1 for d in days if d > limit) + sum(
        1 for f in items if f.status != FeedbackStatus.ANSWERED and (today - f.received).days > limit)
    enough = len(items) >= FeedbackStats.MIN_ITEMS
    return FeedbackStats(
        unit=items[0].unit if items else "", items=len(items), answered=len(answered),
        median_days=float(statistics.median(days)) if enough and days else None,
        on_time_share=round(sum(1 for d in days if d <= limit) / len(items) * 100, 1) if enough else None,
        late=late,
    )


def coordination_days(c: CoordinationItem, today: date) -> int:
    """Days from raised to resolved, or open so far."""
    return ((c.resolved or today) - c.raised).days


@dataclass(frozen=True)
class ScoreRule:
    """One line of the scorecard rule: what is counted and the points per occurrence."""

    key: str
    label: str
    points: int


SCORING: list[ScoreRule] = [
    ScoreRule("missed", "未完成节点目标（项目·月）", -5),
    ScoreRule("not_reported", "未报送（漏报，项目·月）", -10),
    ScoreRule("late", "逾期报送（迟报，项目·月）", -3),
    ScoreRule("overdue", "整改逾期未销号（项）", -5),
    ScoreRule("reopened", "销号后再次滞后（项）", -10),
    ScoreRule("feedback_late", "市民意见逾期答复或逾期未答复（件）", -2),
    ScoreRule("exposed", "被公开曝光的反面典型（件）", -10),
    ScoreRule("discrepancies", "督查发现疑似瞒报（次）", -10),
    ScoreRule("praise", "被宣传推广的好经验好做法（件）", +2),
]
"""The scorecard rule with its default points, printed on the unit pages (see :func:`scoring`)."""
SCORE_BASE = 100


def scoring(settings: Settings) -> list[ScoreRule]:
    """The scorecard rule in force: :data:`SCORING` with the points for 漏报 and 迟报 set in ``mkdocs.yml``."""
    points = {"not_reported": settings.points_not_reported, "late": settings.points_late}
    return [ScoreRule(r.key, r.label, points.get(r.key, r.points)) for r in SCORING]


@dataclass(frozen=True)
class ScoreLine:
    """One rule applied to one unit."""

    rule: ScoreRule
    count: int

    @property
    def points(self) -> int:
        """Points of this line (count × points per occurrence)."""
        return self.count * self.rule.points


@dataclass(frozen=True)
class Scorecard:
    """One lead unit's record, and its score by :data:`SCORING`."""

    unit: str
    projects: int
    met: int
    """Due project-months with the milestone met (including approved adjustments and deferrals)."""
    counts: dict[str, int]
    open_rectifications: int
    feedback: FeedbackStats
    rules: list[ScoreRule]
    """The rule in force (:func:`scoring`)."""

    @property
    def lines(self) -> list[ScoreLine]:
        """Each rule with this unit's count, in rule order."""
        return [ScoreLine(rule, self.counts[rule.key]) for rule in self.rules]

    @property
    def score(self) -> int:
        """Base 100, plus the points of :data:`SCORING`, kept within 0–100."""
        return max(0, min(100, SCORE_BASE + sum(line.points for line in self.lines)))


def scorecard(settings: Settings, unit: str, statuses: list[ProjectStatus], rects: list[RectificationView],
              feedback: list[Feedback], cases: list[Case], found: list[Discrepancy]) -> Scorecard:
    """The scorecard of ``unit``: milestones, reporting and suspected concealment over the projects it
    leads (as the sealed record has them: ``statuses`` and ``found`` come with the published
    judgments applied); rectification orders addressed to it; feedback forwarded to it; cases naming it."""
    led = [s for s in statuses if s.project.lead_unit == unit]
    due = [m for s in led for m in s.months if m.due and m.status != Status.NOT_DUE]
    mine = [v for v in rects if v.order.unit == unit]
    stats = feedback_stats(settings, [f for f in feedback if f.unit == unit])
    counts = {
        "missed": sum(1 for m in due if m.status == Status.LAGGING),
        "not_reported": sum(1 for m in due if m.status == Status.NOT_REPORTED),
        "late": sum(1 for m in due if m.late_days),
        "overdue": sum(1 for v in mine if v.state == RectState.OVERDUE),
        "reopened": sum(1 for v in mine if v.state == RectState.REOPENED),
        "feedback_late": stats.late,
        "exposed": sum(1 for c in cases if c.kind == CaseKind.EXPOSED and c.responsible_unit == unit),
        "discrepancies": sum(1 for d in found if d.project.project.lead_unit == unit),
        "praise": sum(1 for c in cases if c.kind == CaseKind.PRAISE and unit in c.units),
    }
    met = sum(1 for m in due if not m.status.behind)
    return Scorecard(unit, len(led), met, counts,
                     sum(1 for v in mine if v.state in (RectState.OPEN, RectState.DUE_SOON)), stats, scoring(settings))
