"""The derive phase's result: statuses for every project, headline counts, who does what.

The :class:`SiteModel` is plain data (no HTML), from which pages, and later feeds and
open-data exports, are rendered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from ..data.fields import LabeledEnum
from ..data.loader import Dataset
from ..data.models import Case, Feedback, Item, Project, Unit
from ..dates import Month
from ..settings import Settings
from .accountability import Discrepancy, RectificationView, Scorecard, rectifications, scorecard
from .record import concealments, seal
from .status import PartStatus, ProjectStatus, StatusCount, derive_status, headline_counts
from .status import headline as headline_sentence

__all__ = ["FeedbackEntry", "ItemGroup", "Overview", "Role", "SiteModel", "UnitRole", "build_model"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class Overview:
    """Headline figures at the as-of month."""

    as_of: Month
    total: int
    counts: list[StatusCount]
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


class Role(LabeledEnum):
    """How a unit takes part in a project."""

    LEAD = ("lead", "牵头")
    CO = ("co", "配合")
    PART = ("part", "分解任务")


@dataclass(frozen=True)
class UnitRole:
    """A unit's involvement in one project."""

    role: Role
    project: ProjectStatus
    part: PartStatus | None = None


@dataclass(frozen=True)
class FeedbackEntry:
    """A citizen opinion with the project it is about."""

    project: ProjectStatus
    item: Feedback


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
    feedback: list[FeedbackEntry] = field(default_factory=list)
    """Every citizen opinion with its project, newest first."""

    def status_of(self, project_id: str) -> ProjectStatus:
        """The status of one project."""
        return next(s for s in self.statuses if s.project.id == project_id)

    def behind_count(self, unit_id: str) -> int:
        """How many of a unit's tasks lag or went unreported in the as-of month."""
        return sum(1 for r in self.roles.get(unit_id, []) if (r.part.current if r.part else r.project.current).status.behind)

    @property
    def units(self) -> list[Unit]:
        """Units with at least one role, sorted by kind and id for a stable order."""
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
    for status in statuses:
        p: Project = status.project
        roles.setdefault(p.lead_unit, []).append(UnitRole(Role.LEAD, status))
        for unit in p.co_units:
            roles.setdefault(unit, []).append(UnitRole(Role.CO, status))
        for part in status.parts:
            roles.setdefault(part.part.unit, []).append(UnitRole(Role.PART, status, part))
    return dict(sorted(roles.items()))


def _by(pairs: Iterable[tuple[str, _T]]) -> dict[str, list[_T]]:
    out: dict[str, list[_T]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def _scorecards(settings: Settings, units: list[str], statuses: list[ProjectStatus], rects: list[RectificationView],
                feedback: list[Feedback], cases: list[Case], found: list[Discrepancy]) -> dict[str, Scorecard]:
    """Every unit's scorecard, each from its own share of the records (grouped once, so that
    10,000 projects and 5,000 units cost 15,000 steps, not 50 million)."""
    led = _by((s.project.lead_unit, s) for s in statuses)
    orders = _by((v.order.unit, v) for v in rects)
    forwarded = _by((f.unit, f) for f in feedback)
    naming = _by((u, c) for c in cases for u in {*c.units, *([c.responsible_unit] if c.responsible_unit else [])})
    concealed = _by((x.project.project.lead_unit, x) for x in found)
    return {u: scorecard(settings, u, led.get(u, []), orders.get(u, []), forwarded.get(u, []), naming.get(u, []),
                         concealed.get(u, [])) for u in units}


def build_model(data: Dataset) -> SiteModel:
    """Derive every status and summary from the loaded data (projects, cases, …)."""
    settings, cases = data.settings, data.cases
    # The published bulletins' judgments stand (record.py): statuses carry them from here on.
    statuses = seal([derive_status(settings, p) for p in data.projects], data.snapshots)
    items = [ItemGroup(item, [s for s in statuses if s.project.item == no]) for no, item in sorted(data.items.items())]
    rects = rectifications(settings, statuses)
    found = concealments(statuses, data.snapshots)
    feedback = sorted((FeedbackEntry(s, f) for s in statuses for f in s.project.feedback),
                      key=lambda e: (e.item.received, e.item.code), reverse=True)
    all_feedback = [e.item for e in feedback]
    units = sorted({s.project.lead_unit for s in statuses} | {v.order.unit for v in rects}
                   | {f.unit for f in all_feedback} | {c.responsible_unit for c in cases if c.responsible_unit}
                   | {u for c in cases for u in c.units})
    cards = _scorecards(settings, units, statuses, rects, all_feedback, cases, found)
    return SiteModel(data, statuses, _overview(settings.as_of, statuses), items, _roles(statuses),
                     cases, rects, found, cards, feedback)
