"""Derive phase: statuses for every project, headline counts, who is responsible for what.

The result is plain data (no HTML), kept for pages now and for feeds and open-data
exports later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .accountability import Discrepancy, RectificationView, Scorecard, discrepancies, rectifications, scorecard
from .fields import Month
from .loader import Dataset
from .models import Case, Feedback, Item, Project, Unit
from .status import PartStatus, ProjectStatus, Status, derive_status, headline_counts
from .status import headline as headline_sentence

__all__ = ["ItemGroup", "Overview", "SiteModel", "UnitRole", "build_model"]


@dataclass(frozen=True)
class Overview:
    """Headline figures at the as-of month."""

    as_of: Month
    total: int
    counts: list[tuple[Status, int]]
    """Count per status, in bulletin order (zero counts included)."""
    average_percent: float | None
    """Mean % of annual target over projects with a numeric target."""
    numeric_projects: int
    warnings: int
    """Projects under an early warning."""

    @property
    def headline(self) -> str:
        """The bulletin's opening sentence."""
        return headline_sentence(self.as_of, self.counts)


@dataclass(frozen=True)
class ItemGroup:
    """One item with its projects' statuses."""

    item: Item
    projects: list[ProjectStatus]


@dataclass(frozen=True)
class UnitRole:
    """A unit's involvement in one project."""

    role: str
    """牵头 (lead), 配合 (co-unit) or 分解任务 (part)."""
    project: ProjectStatus
    part: PartStatus | None = None


@dataclass(frozen=True)
class SiteModel:
    """Everything pages (and later feeds and exports) are rendered from."""

    data: Dataset
    statuses: list[ProjectStatus]
    overview: Overview
    items: list[ItemGroup]
    roles: dict[str, list[UnitRole]] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)
    """Praise and exposed cases, by date."""
    rectifications: list[RectificationView] = field(default_factory=list)
    """Every rectification order with its state, newest first."""
    discrepancies: list[Discrepancy] = field(default_factory=list)
    """Suspected concealments found by inspections."""
    scorecards: dict[str, Scorecard] = field(default_factory=dict)
    """Scorecard per unit that leads a project or has a record (order, feedback, case)."""
    feedback: list[tuple[ProjectStatus, Feedback]] = field(default_factory=list)
    """Every citizen opinion with its project, newest first."""

    def status_of(self, project_id: str) -> ProjectStatus:
        """The status of one project."""
        return next(s for s in self.statuses if s.project.id == project_id)

    def behind_count(self, unit_id: str) -> int:
        """How many of a unit's tasks lag or went unreported in the as-of month."""
        behind = (Status.LAGGING, Status.NOT_REPORTED)
        return sum(1 for r in self.roles.get(unit_id, [])
                   if (r.part.current if r.part else r.project.current).status in behind)

    @property
    def units(self) -> list[Unit]:
        """Units with at least one role, sorted by name for a stable order."""
        return sorted((self.data.units[u] for u in self.roles), key=lambda u: (u.kind.value, u.id))


def _overview(as_of: Month, statuses: list[ProjectStatus]) -> Overview:
    current = [s.current for s in statuses]
    # A numeric project that never reported counts as 0%, so silence cannot flatter the mean.
    numeric = [m.percent_of_target or 0.0 for s, m in zip(statuses, current, strict=True) if s.project.numeric]
    return Overview(
        as_of=as_of, total=len(statuses), counts=headline_counts(m.status for m in current),
        average_percent=round(sum(numeric) / len(numeric), 1) if numeric else None,
        numeric_projects=len(numeric), warnings=sum(1 for m in current if m.warning),
    )


def _roles(statuses: list[ProjectStatus]) -> dict[str, list[UnitRole]]:
    roles: dict[str, list[UnitRole]] = {}
    for s in statuses:
        p: Project = s.project
        roles.setdefault(p.lead_unit, []).append(UnitRole("牵头", s))
        for unit in p.co_units:
            roles.setdefault(unit, []).append(UnitRole("配合", s))
        for part in s.parts:
            roles.setdefault(part.part.unit, []).append(UnitRole("分解任务", s, part))
    return dict(sorted(roles.items()))


def build_model(data: Dataset, cases: list[Case] | None = None) -> SiteModel:
    """Derive every status and summary from the loaded data (and the editors' cases)."""
    settings = data.settings
    cases = cases or []
    statuses = [derive_status(settings, p) for p in data.projects]
    items = [ItemGroup(item, [s for s in statuses if s.project.item == no])
             for no, item in sorted(data.items.items())]
    rects = rectifications(settings, statuses)
    found = discrepancies(statuses)
    feedback = sorted(((s, f) for s in statuses for f in s.project.feedback),
                      key=lambda sf: (sf[1].received, sf[1].code), reverse=True)
    all_feedback = [f for _, f in feedback]
    units = sorted({s.project.lead_unit for s in statuses} | {v.order.unit for v in rects}
                   | {f.unit for f in all_feedback} | {c.responsible_unit for c in cases if c.responsible_unit}
                   | {u for c in cases for u in c.units})
    cards = {u: scorecard(settings, u, statuses, rects, all_feedback, cases, found) for u in units}
    return SiteModel(data, statuses, _overview(settings.as_of, statuses), items, _roles(statuses),
                     cases, rects, found, cards, feedback)
