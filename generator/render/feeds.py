"""Feeds (Atom 1.0 and JSON Feed 1.1): what the office has published, as dated entries.

One entry per published thing — a bulletin, a quarterly or annual report, a special report, a
case, a monthly report, a rectification order, a correction — with an id and dates taken from
the data (never the build time), so a rebuild changes nothing a reader has seen. The feeds
are cut like the pages: a public build derives from the public view, so nothing after the
latest published bulletin is in any of them. The writers are in :mod:`.feedwriter`.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from ..data.models import Case
from ..data.snapshots import BulletinRow
from ..dates import Month
from ..engine.accountability import RectificationView
from ..engine.bulletins import Bulletin, Correction, Naming
from ..engine.model import SiteModel
from ..engine.periods import SpecialReport, periods
from ..engine.status import ProjectStatus
from ..formats import amount, pct, show
from ..settings import Settings
from .paging import Part

__all__ = ["Entry", "Feed", "entry_id", "feeds"]


@dataclass(frozen=True)
class Entry:
    """One dated thing the office published."""

    key: str
    """Stable key (``bulletin/2022-08``, ``report/gas-safety/2022-08`` …): the entry's id is made from it."""
    kind: str
    """Chinese name of the kind (月度通报, 进展报告 …): the entry's category."""
    title: str
    path: str
    """The page (and anchor) that shows it, relative to the site root."""
    published: date
    updated: date
    text: list[str]
    """Its content as plain-text paragraphs (escaped by the writers)."""


@dataclass(frozen=True)
class Feed:
    """One feed: a page's worth of entries, newest first."""

    slug: str
    """``site``, ``bulletins``, ``cases``, ``projects/<id>`` or ``units/<id>``: the feed is at
    ``feeds/<slug>.xml`` (Atom) and ``feeds/<slug>.json`` (JSON Feed)."""
    title: str
    description: str
    page: str
    """The page this feed follows, relative to the site root (its ``<link rel="alternate">``)."""
    entries: list[Entry]
    updated: date
    """The newest entry's date, or the public record's date when there is none."""

    @property
    def atom(self) -> str:
        """Path of the Atom file in the site."""
        return f"feeds/{self.slug}.xml"

    @property
    def json(self) -> str:
        """Path of the JSON Feed file in the site."""
        return f"feeds/{self.slug}.json"


_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes


def entry_id(settings: Settings, key: str) -> str:
    """The entry's permanent id: a name-based UUID of the city, the year and the key, so that it stays
    the same across rebuilds and when the site moves to another address."""
    # uuid.uuid5, without its objects (a third of the time; 43,000 ids at 1,000 projects): the SHA-1
    # of the namespace and the name, with the version (5) and the RFC 4122 variant bits set
    digest = bytearray(hashlib.sha1(_URL_NAMESPACE + f"duban:{settings.city}:{settings.year}:{key}".encode(),
                                    usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _bulletin_title(month: Month) -> str:
    return f"{month.year}年{month.month}月重点民生实事项目推进情况通报"


def _bulletin(b: Bulletin, settings: Settings, mine: tuple[list[Naming], list[BulletinRow]] | None = None) -> Entry:
    """A bulletin as a feed entry: its headline, the units it names and the lagging projects, at
    most ``page_size`` of each (the bulletin page has them all); in a unit's feed (``mine``: the
    namings and rows of that unit's projects) only what concerns the unit. The entry keeps the
    bulletin's id in every feed: it is the same bulletin, told to each reader in part."""
    day = b.published or settings.as_of_date  # a draft (preview only) has no publication date yet
    records = [c.when for c in b.corrections if c.when is not None]
    size = settings.page_size
    named_rows, behind_rows = mine if mine is not None else (b.named, b.behind)
    named, behind = Part.of(named_rows, size), Part.of(behind_rows, size)
    text = [b.headline]
    text += [f"{n.kind}：{n.unit}（{n.title}）{n.detail}。" for n in named.shown]
    if named.more:
        text.append(f"另有 {named.more} 处点名，见通报页。")
    text += [f"未完成节点目标：{r.title}（{r.lead_unit_name or r.lead_unit}）。" for r in behind.shown]
    if behind.more:
        text.append(f"另有 {behind.more} 个项目未完成节点目标，见通报页。")
    if b.corrections:
        text.append(f"本期通报发布后有 {len(b.corrections)} 处更正，见通报页的更正说明。")
    if mine is not None:
        text.append("以上是本期通报中涉及本单位的内容，通报全文见通报页。")
    return Entry(f"bulletin/{b.month}", "月度通报", _bulletin_title(b.month) + ("" if b.published else "（预览，未发布）"),
                 f"bulletins/{b.month}/", day, max([day, *records]), text)


def _period_entries(model: SiteModel, bulletins: list[Bulletin]) -> list[Entry]:
    """Quarterly and annual reports once their last month's bulletin is out (before that they change)."""
    out = {b.month: b for b in bulletins}
    entries = []
    for period in periods(model):
        last = out.get(period.months[-1])
        if not period.complete or last is None:
            continue
        day = last.published or model.data.settings.as_of_date
        entries.append(Entry(f"period/{period.slug}", "季报年报", f"{period.title}报告", f"reports/{period.slug}/", day, day,
                             [f"{period.title}重点民生实事项目推进情况报告：各月状态统计、项目完成情况、整改和市民意见。"]))
    return entries


def _special(sr: SpecialReport, model: SiteModel) -> Entry | None:
    if sr.data is None:
        return None
    name = model.data.units[sr.unit].name
    return Entry(f"special/{sr.unit}", "专项报告", f"{name}专项报告", f"reports/special/{sr.unit}/", sr.data.filed,
                 sr.data.filed, [sr.data.summary])


def _case(c: Case) -> Entry:
    text = [c.problem] if c.problem else []
    text += [f"处理：{c.sanction}"] if c.sanction else []
    text += [f"{u.date} 后续进展：{u.text}" for u in c.updates]
    return Entry(f"case/{c.kind.value}/{c.slug}", c.kind.label, c.title, f"cases/{c.kind.value}/{c.slug}/", c.date,
                 max([c.date, *(u.date for u in c.updates)]), text or [c.title])


def _reports(s: ProjectStatus, style: str) -> list[Entry]:
    p = s.project
    out = []
    for r in p.reports:
        ms = s.at(r.month)
        figures = (f"累计完成 {amount(ms.cumulative, p.measure, style)}，占全年目标的 {pct(ms.percent_of_target)}。"
                   if p.numeric else "")
        text = [f"{r.month.label}状态：{ms.text}。{figures}", r.progress]
        text += [f"未完成原因：{r.explanation}"] if r.explanation else []
        text += [f"整改措施：{r.measures}"] if r.measures else []
        out.append(Entry(f"report/{p.id}/{r.month}", "进展报告", f"{p.title}：{r.month.month}月进展（{ms.status.short}）",
                         f"projects/{p.id}/#report-{r.month}", r.filed, r.filed, text))
    return out


def _rectification(v: RectificationView, model: SiteModel) -> Entry:
    r, p = v.order, v.project.project
    unit = model.data.units[r.unit].name
    text = [f"{r.month.label}节点未完成。责任单位：{unit}；完成时限：{r.deadline}；当前状态：{v.state.label}。", r.requirement]
    text += [f"单位答复（{r.replied}）：{r.reply}"] if r.reply else []
    days = [d for d in (r.issued, r.replied, r.closed) if d is not None]
    return Entry(f"rectification/{p.id}/{r.id}", "整改要求", f"{p.title}：整改要求（{r.month.month}月节点）",
                 f"projects/{p.id}/#rect-{r.id}", r.issued, max(days), text)


def _correction(c: Correction, published: dict[Month, date]) -> Entry:
    day = c.when or published.get(c.month) or c.month.last_day
    change = "有改动" if c.text else f"由 {show(c.field, c.old)} 改为 {show(c.field, c.new)}"
    title = f"{c.title}：{c.month.year}年{c.month.month}月通报更正（{c.field_label}）"
    return Entry(f"correction/{c.project}/{c.month}/{c.field}", "更正", title,
                 f"projects/{c.project}/#corrections", day, day, [f"{c.field_label}{change}。{c.why}。"])


def _newest_first(entries: list[Entry]) -> list[Entry]:
    unique = {e.key: e for e in entries}
    return sorted(unique.values(), key=lambda e: (-e.updated.toordinal(), -e.published.toordinal(), e.key))


def _feed(settings: Settings, slug: str, title: str, description: str, page: str, entries: list[Entry]) -> Feed:
    entries = _newest_first(entries)
    mark = "（预览，未发布）" if settings.preview else ""
    return Feed(slug, title + mark, description, page, entries, entries[0].updated if entries else settings.as_of_date)


def feeds(model: SiteModel, bulletins: list[Bulletin], specials: list[SpecialReport]) -> list[Feed]:
    """Every feed of the site: the whole site, bulletins, cases, each project column and each unit."""
    d = model.data
    settings = d.settings
    site = settings.site_title
    bulletin_entries = {b.month: _bulletin(b, settings) for b in bulletins}
    cases = [_case(c) for c in model.cases]
    published = {b.month: b.published for b in bulletins if b.published}
    corrections = [c for b in bulletins for c in b.corrections]
    out = [
        _feed(settings, "site", site, "新发布的月度通报、季报年报、专项报告和典型案例", "",
              [*bulletin_entries.values(), *_period_entries(model, bulletins),
               *(e for sr in specials if (e := _special(sr, model)) is not None), *cases]),
        _feed(settings, "bulletins", f"{site} · 月度通报", "每月公开通报节点任务完成情况", "bulletins/",
              list(bulletin_entries.values())),
        _feed(settings, "cases", f"{site} · 典型案例", "好经验好做法和反面典型曝光", "cases/praise/", cases),
    ]
    # Every record's entry made once, then grouped by project and by unit: linear in the number of records.
    by_project: dict[str, list[Entry]] = {}
    by_unit: dict[str, list[Entry]] = {}
    lead = {st.project.id: st.project.lead_unit for st in model.statuses}
    for st in model.statuses:
        reports = _reports(st, settings.quantity_style)
        by_project.setdefault(st.project.id, []).extend(reports)
        by_unit.setdefault(st.project.lead_unit, []).extend(reports)
    for v in model.rectifications:
        entry = _rectification(v, model)
        by_project.setdefault(v.project.project.id, []).append(entry)
        by_unit.setdefault(v.order.unit, []).append(entry)
    for c, entry in zip(model.cases, cases, strict=True):
        for pid in dict.fromkeys(c.projects):
            by_project.setdefault(pid, []).append(entry)
        for unit in dict.fromkeys([*c.units, *([c.responsible_unit] if c.responsible_unit else [])]):
            by_unit.setdefault(unit, []).append(entry)
    for fix in corrections:
        entry = _correction(fix, published)
        by_project.setdefault(fix.project, []).append(entry)
        by_unit.setdefault(lead[fix.project], []).append(entry)
    for b in bulletins:  # a unit's feed carries the bulletins that name it (漏报, 迟报, 疑似瞒报), told for the unit
        named: dict[str, list[Naming]] = {}
        for n in b.named:
            if n.project in lead:
                named.setdefault(lead[n.project], []).append(n)
        behind: dict[str, list[BulletinRow]] = {}
        for r in b.behind:
            if r.project in lead:
                behind.setdefault(lead[r.project], []).append(r)
        for unit, mine in named.items():
            by_unit.setdefault(unit, []).append(_bulletin(b, settings, (mine, behind.get(unit, []))))
    for st in model.statuses:
        p = st.project
        out.append(_feed(settings, f"projects/{p.id}", f"{p.title} · 项目专栏", "本项目的月度进展报告、整改要求、典型案例和更正",
                         f"projects/{p.id}/", by_project.get(p.id, [])))
    for unit in sorted({*model.roles, *(v.order.unit for v in model.rectifications)}):
        out.append(_feed(settings, f"units/{unit}", f"{d.units[unit].name} · 责任单位",
                         "本单位牵头项目的进展报告、下达本单位的整改要求、涉及本单位的案例、更正和通报点名",
                         f"units/{unit}/" if unit in model.roles else "rectifications/", by_unit.get(unit, [])))
    return out
