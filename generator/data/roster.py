"""Who was responsible when: a project's team (leader, contact, staff) replayed through its
dated handovers, so a month lagging in May stays with whoever held the place in May.

``leader``, ``contact`` and ``staff`` in a project file say who holds each place *now*; each
handover says who held it before. :func:`team_at` walks the handovers backwards from today's team;
:func:`check_handovers` makes sure the chain is consistent (each ``to`` is the holder after it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..dates import Month
from .models import Handover, Project, RosterRole
from .names import Names

__all__ = ["Team", "check_handovers", "team_at", "team_on"]


@dataclass(frozen=True)
class Team:
    """The team of a project on one day: leader id, contact name (or None), staff names."""

    leader: str
    contact: str | None
    staff: tuple[str, ...]


def _person(h: Handover, value: str, names: Names | None) -> str:
    if h.role == RosterRole.LEADER and names is not None:
        return names.lookup("leaders", value) or value
    return value


def _current(p: Project) -> Team:
    return Team(p.leader, p.contact.name if p.contact else None, tuple(s.name for s in p.staff))


def _undo(team: Team, h: Handover, names: Names | None) -> Team:
    """The team before ``h``."""
    before, after = _person(h, h.from_, names), _person(h, h.to, names)
    if h.role == RosterRole.LEADER:
        return Team(before, team.contact, team.staff)
    if h.role == RosterRole.CONTACT:
        return Team(team.leader, before, team.staff)
    return Team(team.leader, team.contact, tuple(before if s == after else s for s in team.staff))


def team_on(p: Project, day: date, names: Names | None = None) -> Team:
    """Who held each place on ``day`` (a handover takes effect on its date)."""
    team = _current(p)
    for h in sorted(p.handovers, key=lambda h: h.date, reverse=True):
        if h.date > day:
            team = _undo(team, h, names)
    return team


def team_at(p: Project, month: Month, names: Names | None = None) -> Team:
    """Who answered for ``month``: the team at the month's end, when the month is reported."""
    return team_on(p, month.last_day, names)


def check_handovers(p: Project, names: Names | None) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, zh, en) for every handover that does not fit the chain."""
    team = _current(p)
    order = sorted(range(len(p.handovers)), key=lambda i: p.handovers[i].date, reverse=True)
    for i in order:
        h = p.handovers[i]
        if h.role == RosterRole.LEADER and names is not None and names.knows("leaders"):
            for attr, value in (("from", h.from_), ("to", h.to)):
                if names.lookup("leaders", value) is None:
                    hint_zh, hint_en = names.hint("leaders", value)
                    yield (("handovers", i, attr), f"责任领导“{value}”不在 leaders.yaml 中{hint_zh}",
                           f"unknown leader {value!r}{hint_en}")
        places: dict[RosterRole, set[str | None]] = {RosterRole.LEADER: {team.leader}, RosterRole.CONTACT: {team.contact},
                                                     RosterRole.STAFF: set(team.staff)}
        holders = places[h.role]
        if _person(h, h.to, names) not in holders:
            now = "、".join(sorted(str(x) for x in holders if x)) or "无"
            yield (("handovers", i, "to"), f"接任人“{h.to}”不是此后的{h.role.label}（按项目中的名单和更晚的交接，应为 {now}）",
                   f"{h.to!r} is not the {h.role.value} after this handover (expected {now})")
        team = _undo(team, h, names)
