"""The deadline calendar (iCalendar, RFC 5545), written with the ``icalendar`` library.

Every deadline still ahead on the public record's date: each project's milestones at month end,
each month's reporting deadline (报送期限), each open rectification's deadline (完成时限) and the
year-end special report (25 December). One calendar for the whole site, one per unit, so an
office or a newsroom can subscribe. Events are all-day dates, so no time zone can shift them; ids
and the stamp come from the data (never the clock), so a rebuild writes the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ..data.plan import deferral_at
from ..engine.accountability import RectState
from ..engine.model import SiteModel
from ..engine.periods import SPECIAL_REPORT_DUE
from ..formats import qty
from ..settings import Settings
from .feeds import entry_id

if TYPE_CHECKING:  # imported where a calendar is written (0.08 s): by the writer's child process
    from icalendar import Timezone

__all__ = ["Deadline", "calendar_path", "deadlines", "ical", "unit_calendars"]

_OPEN = (RectState.OPEN, RectState.DUE_SOON)
_CST = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Deadline:
    """One deadline ahead: a day, what is due, who must deliver it."""

    key: str
    """Stable key; the event's UID is made from it."""
    day: date
    kind: str
    """节点任务, 报送期限, 整改时限 or 专项报告."""
    title: str
    description: str
    path: str
    """The page that explains it, relative to the site root."""
    units: frozenset[str]
    """The units whose calendars carry it (the site-wide calendar carries every one)."""


def _sentence(text: str) -> str:
    return text.rstrip("。") + "。"


def _milestones(model: SiteModel, today: date) -> list[Deadline]:
    out = []
    for s in model.statuses:
        p = s.project
        units = frozenset({p.lead_unit, *p.co_units, *(part.unit for part in p.parts)})
        for ms in s.months:
            if ms.due or ms.milestone is None or ms.month.last_day < today:
                continue
            planned = f"计划累计完成 {qty(ms.planned)} {p.measure}。" if p.numeric and ms.planned is not None else ""
            deferred = "（经市政府同意暂缓实施）" if deferral_at(p, ms.month) else ""
            out.append(Deadline(f"milestone/{p.id}/{ms.month}", ms.month.last_day, "节点任务",
                                f"【节点任务】{p.title}：{ms.month.month}月节点{deferred}",
                                f"{_sentence(ms.milestone)}{planned}牵头单位：{model.data.units[p.lead_unit].name}。",
                                f"projects/{p.id}/#plan-{ms.month}", units))
    return out


def _reporting(model: SiteModel, today: date) -> list[Deadline]:
    settings = model.data.settings
    leads = frozenset(s.project.lead_unit for s in model.statuses)
    return [Deadline(f"reporting/{m}", settings.deadline(m), "报送期限", f"【报送期限】{m.month}月进展报告",
                     f"各牵头单位报送 {m.month} 月进展的期限；逾期报送为迟报，通报发布时仍未报送为漏报。",
                     "rules/#reporting", leads)
            for m in settings.months if m > settings.as_of and settings.deadline(m) >= today]


def _rectifications(model: SiteModel, today: date) -> list[Deadline]:
    d = model.data
    return [Deadline(f"rectification/{v.project.project.id}/{v.order.id}", v.order.deadline, "整改时限",
                     f"【整改时限】{v.project.project.title}（{v.order.month.month}月节点）",
                     f"{_sentence(v.order.requirement)}责任单位：{d.units[v.order.unit].name}。",
                     f"projects/{v.project.project.id}/#rect-{v.order.id}", frozenset({v.order.unit}))
            for v in model.rectifications if v.state in _OPEN and v.order.deadline >= today]


def _special(model: SiteModel, today: date) -> list[Deadline]:
    settings = model.data.settings
    due = date(settings.year, *SPECIAL_REPORT_DUE)
    pending = frozenset(s.project.lead_unit for s in model.statuses) - set(model.data.special_reports)
    if due < today or not pending:
        return []
    return [Deadline(f"special/{settings.year}", due, "专项报告", f"【专项报告】牵头单位报送{settings.year}年专项报告",
                     f"各牵头单位于 {due.month} 月 {due.day} 日前报送全年专项报告。", "reports/", pending)]


def deadlines(model: SiteModel) -> list[Deadline]:
    """Every deadline on or after the public record's date, by day."""
    today = model.data.settings.as_of_date
    found = [*_milestones(model, today), *_reporting(model, today), *_rectifications(model, today), *_special(model, today)]
    return sorted(found, key=lambda x: (x.day, x.key))


def calendar_path(unit: str | None = None) -> str:
    """Where a calendar is in the site: the site-wide one, or a unit's."""
    return f"calendar/units/{unit}.ics" if unit else "calendar/deadlines.ics"


def _zone() -> Timezone:
    from icalendar import Timezone, TimezoneStandard

    # Written out rather than taken from the system's tz database, whose history (China's DST of
    # 1986–1991) differs between versions: the same bytes on every machine.
    zone = Timezone()
    zone.add("tzid", "Asia/Shanghai")
    std = TimezoneStandard()
    std.add("dtstart", datetime(1970, 1, 1))
    std.add("tzoffsetfrom", timedelta(hours=8))
    std.add("tzoffsetto", timedelta(hours=8))
    std.add("tzname", "CST")
    zone.add_component(std)
    return zone


def ical(settings: Settings, name: str, items: list[Deadline], events: dict[str, bytes] | None = None) -> bytes:
    """A calendar of ``items``: all-day events, stamped with the public record's date. ``events``
    keeps each event's text by key, so that the site's calendar and the units' write each event
    once (the library's folding and escaping were most of the time: 465 calendars of a
    1,000-project list took 21 s); the calendar is the same bytes as one the library wrote whole."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Duban//督办 截止日期//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name + ("（预览，未发布）" if settings.preview else ""))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add_component(_zone())  # RFC 5545 wants one component at least, even with nothing ahead
    stamp = datetime.combine(settings.as_of_date, datetime.min.time(), _CST).astimezone(UTC)
    done = {} if events is None else events
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    body = [done.get(x.key) or done.setdefault(x.key, _event(settings, x, stamp)) for x in items]
    return b"".join([head[: -len(end)], *body, end])


def _event(settings: Settings, x: Deadline, stamp: datetime) -> bytes:
    from icalendar import Event

    ev = Event()
    ev.add("uid", entry_id(settings, f"deadline/{x.key}"))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", x.day)
    ev.add("dtend", x.day + timedelta(days=1))
    ev.add("summary", x.title)
    ev.add("description", x.description)
    ev.add("categories", [x.kind])
    ev.add("transp", "TRANSPARENT")
    if settings.site_url:
        ev.add("url", settings.absolute(x.path))
    return bytes(ev.to_ical())


def unit_calendars(model: SiteModel, items: list[Deadline]) -> dict[str, list[Deadline]]:
    """Each unit's deadlines: every unit with a task or a rectification gets a calendar, even an empty one."""
    units = sorted({*model.roles, *(v.order.unit for v in model.rectifications)})
    mine: dict[str, list[Deadline]] = {u: [] for u in units}
    for x in items:  # grouped once: linear in units and deadlines
        for u in x.units:
            if u in mine:
                mine[u].append(x)
    return mine
