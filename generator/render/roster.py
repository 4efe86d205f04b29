"""The column's team section: who was responsible in each month, and the handovers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..data.loader import Dataset
from ..data.models import Project, RosterRole
from ..data.roster import team_at

__all__ = ["HandoverLine", "RosterView", "TeamRow", "roster_view"]


@dataclass(frozen=True)
class TeamRow:
    """One reporting month and who answered for it."""

    month: str
    leader: str
    contact: str
    staff: str


@dataclass(frozen=True)
class HandoverLine:
    """One handover as the column prints it."""

    date: date
    role: str
    before: str
    after: str
    reason: str | None


@dataclass(frozen=True)
class RosterView:
    """Months up to the as-of month with their team; the handovers, in date order."""

    rows: list[TeamRow]
    handovers: list[HandoverLine]


def _leader(d: Dataset, ident: str) -> str:
    leader = d.leaders.get(ident)
    return f"{leader.name}（{leader.post}）" if leader else ident


def roster_view(p: Project, d: Dataset) -> RosterView | None:
    """The section, for a project whose team changed during the year (None otherwise)."""
    if not p.handovers:
        return None
    names = d.registry.names
    rows = []
    for month in d.settings.due_months:
        team = team_at(p, month, names)
        rows.append(TeamRow(month.label, _leader(d, team.leader), team.contact or "—", "、".join(team.staff)))
    lines = []
    for h in sorted(p.handovers, key=lambda h: h.date):
        show = (lambda v: _leader(d, names.lookup("leaders", v) or v)) if h.role == RosterRole.LEADER else (lambda v: v)
        lines.append(HandoverLine(h.date, h.role.label, show(h.from_), show(h.to), h.reason))
    return RosterView(rows, lines)
