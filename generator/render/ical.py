"""The deadline calendar (iCalendar, RFC 5545), written as text.

Every deadline still ahead on the public record's date: each project's milestones at month end,
each month's reporting deadline (报送期限), each open rectification's deadline (完成时限) and the
year-end special report (25 December). One calendar for the whole site, one per unit, so an
office or a newsroom can subscribe. Events are all-day dates, so no time zone can shift them; ids
and the stamp come from the data (never the clock), so a rebuild writes the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from ..data.plan import deferral_at
from ..engine.accountability import RectState
from ..engine.model import SiteModel
from ..engine.periods import SPECIAL_REPORT_DUE
from ..formats import qty
from ..settings import Settings
from .feeds import entry_id

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


_ZONE = (  # written out rather than taken from the system's tz database, whose history (China's DST of
    # 1986–1991) differs between versions: the same bytes on every machine
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZNAME:CST\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 §3.3.11), line breaks as ``\\n``."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _line(line: str) -> str:
    """A content line, folded (RFC 5545 §3.1) as the ``icalendar`` library folds: a break before
    the character that would bring the line to 75 octets, never between a character and the
    backslash or caret before it (that one moves to the next line), each further line led by a
    space; UTF-8 characters are never split."""
    if len(line.encode("utf-8")) < 75:
        return line + "\r\n"
    lines: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = 1 if char < "\x80" else 2 if char < "\u0800" else 3 if char < "\U00010000" else 4
        if current and count + size >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                lines.append("".join(current))
                current, count = [carried], 1
            else:
                lines.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    lines.append("".join(current))
    return "\r\n ".join(lines) + "\r\n"


def ical(settings: Settings, name: str, items: list[Deadline], events: dict[str, bytes] | None = None) -> bytes:
    """A calendar of ``items``: all-day events, stamped with the public record's date. ``events``
    keeps each event's text by key, so that the site's calendar and the units' write each event
    once. Written as text, property by property in the order the ``icalendar`` library writes
    them (it took 0.28 ms an event, 1.3 s for the calendars of 1,000 projects);
    ``tests/test_reuse.py`` has the library read every calendar of the sample and write it again:
    the same bytes."""
    name += "（预览，未发布）" if settings.preview else ""
    head = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + _line("PRODID:" + _text("-//Duban//督办 截止日期//ZH"))
            + "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n" + _line("X-WR-CALNAME:" + _text(name))
            + "X-WR-TIMEZONE:Asia/Shanghai\r\n" + _ZONE)
    stamp = datetime.combine(settings.as_of_date, datetime.min.time(), _CST).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    done = {} if events is None else events
    body = [done.get(x.key) or done.setdefault(x.key, _event(settings, x, stamp)) for x in items]
    return b"".join([head.encode("utf-8"), *body, b"END:VCALENDAR\r\n"])


def _event(settings: Settings, x: Deadline, stamp: str) -> bytes:
    url = _line("URL:" + settings.absolute(x.path)) if settings.site_url else ""  # a URI: not escaped
    return "".join([
        "BEGIN:VEVENT\r\n", _line("SUMMARY:" + _text(x.title)),
        f"DTSTART;VALUE=DATE:{x.day:%Y%m%d}\r\nDTEND;VALUE=DATE:{x.day + timedelta(days=1):%Y%m%d}\r\n",
        f"DTSTAMP:{stamp}\r\n", _line("UID:" + _text(entry_id(settings, f"deadline/{x.key}"))),
        _line("CATEGORIES:" + _text(x.kind)), _line("DESCRIPTION:" + _text(x.description)),
        "TRANSP:TRANSPARENT\r\n", url, "END:VEVENT\r\n"]).encode("utf-8")


def unit_calendars(model: SiteModel, items: list[Deadline]) -> dict[str, list[Deadline]]:
    """Each unit's deadlines: every unit with a task or a rectification gets a calendar, even an empty one."""
    units = sorted({*model.roles, *(v.order.unit for v in model.rectifications)})
    mine: dict[str, list[Deadline]] = {u: [] for u in units}
    for x in items:  # grouped once: linear in units and deadlines
        for u in x.units:
            if u in mine:
                mine[u].append(x)
    return mine
