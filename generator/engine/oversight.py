"""Inspections and leaders in the open: every site inspection with its findings and warning
(预警, shown on the column until lifted), and every responsible leader's projects and dispatch
meetings (定期调度), flagging a leader with no meeting for ``meeting_months`` months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from ..data.models import Inspection, Leader, Meeting
from ..data.roster import team_at
from ..dates import Month
from .accountability import Discrepancy
from .model import SiteModel
from .status import MonthStatus, ProjectStatus

__all__ = ["EarlierTerm", "InspectionEntry", "LeaderRecord", "active_warnings", "inspection_entries", "leader_records",
           "months_before"]


@dataclass(frozen=True)
class InspectionEntry:
    """One inspection of one project, with what came of it."""

    project: ProjectStatus
    inspection: Inspection
    finding: Discrepancy | None
    """The suspected concealment it found, if any."""
    warning_active: bool
    """It raised a warning that had not been lifted on the as-of date."""


def _active(i: Inspection, today: date) -> bool:
    return i.warning is not None and (i.lifted is None or i.lifted > today)


def active_warnings(s: ProjectStatus, today: date) -> list[Inspection]:
    """The project's inspection warnings not lifted by ``today``, oldest first."""
    return sorted((i for i in s.project.inspections if _active(i, today)), key=lambda i: i.date)


def inspection_entries(model: SiteModel) -> list[InspectionEntry]:
    """Every inspection of every project, newest first."""
    today = model.data.settings.as_of_date
    found: dict[tuple[str, date, Month | None], Discrepancy] = {x.key: x for x in model.discrepancies}
    out = [InspectionEntry(s, i, found.get((s.project.id, i.date, i.month)), _active(i, today))
           for s in model.statuses for i in s.project.inspections]
    return sorted(out, key=lambda e: (e.inspection.date, e.project.project.order), reverse=True)


def months_before(day: date, n: int) -> date:
    """The same day ``n`` months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - n
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class EarlierTerm:
    """A project the leader answered for in some months and then handed over: those months stay theirs."""

    project: ProjectStatus
    months: list[MonthStatus]

    @property
    def span(self) -> str:
        """``2月至5月``."""
        first, last = self.months[0].month, self.months[-1].month
        return first.label if first == last else f"{first.label}至{last.label}"

    @property
    def behind(self) -> int:
        """Of those months, how many lagged or went unreported."""
        return sum(1 for m in self.months if m.status.behind)


@dataclass(frozen=True)
class LeaderRecord:
    """A responsible city leader (责任领导): projects, dispatch meetings, and whether they lapsed."""

    leader: Leader
    projects: list[ProjectStatus]
    meetings: list[Meeting]
    """Dispatch meetings the leader chaired, by date."""
    since: date
    """Meetings after this day count as recent."""
    earlier: list[EarlierTerm] = field(default_factory=list)
    """Projects the leader was responsible for earlier in the year, before a handover (交接)."""

    @property
    def last_meeting(self) -> date | None:
        """Date of the latest dispatch meeting."""
        return self.meetings[-1].date if self.meetings else None

    @property
    def lapsed(self) -> bool:
        """No dispatch meeting since :attr:`since`."""
        return self.last_meeting is None or self.last_meeting <= self.since

    @property
    def behind(self) -> int:
        """Projects lagging or not reported in the as-of month."""
        return sum(1 for s in self.projects if s.current.status.behind)


def leader_records(model: SiteModel) -> list[LeaderRecord]:
    """Each leader responsible for at least one project, in the order of ``leaders.yaml``."""
    settings = model.data.settings
    since = months_before(settings.as_of_date, settings.meeting_months)
    out = []
    earlier = _earlier_terms(model)
    projects: dict[str, list[ProjectStatus]] = {}
    for s in model.statuses:
        projects.setdefault(s.project.leader, []).append(s)
    meetings: dict[str, list[Meeting]] = {}
    for m in model.data.meetings:
        meetings.setdefault(m.leader, []).append(m)
    for lid, leader in model.data.leaders.items():
        if lid in projects or lid in earlier:
            mine = sorted(meetings.get(lid, []), key=lambda m: m.date)
            out.append(LeaderRecord(leader, projects.get(lid, []), mine, since, earlier.get(lid, [])))
    return out


def _earlier_terms(model: SiteModel) -> dict[str, list[EarlierTerm]]:
    """For each leader, the due months of projects they answered for before a handover."""
    names = model.data.registry.names
    out: dict[str, list[EarlierTerm]] = {}
    for s in model.statuses:
        if not s.project.handovers:
            continue
        by_leader: dict[str, list[MonthStatus]] = {}
        for ms in s.months:
            holder = team_at(s.project, ms.month, names).leader
            if ms.due and holder != s.project.leader:
                by_leader.setdefault(holder, []).append(ms)
        for lid, months in by_leader.items():
            out.setdefault(lid, []).append(EarlierTerm(s, months))
    return out
