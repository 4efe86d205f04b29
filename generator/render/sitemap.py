"""The 网站地图 (every section of the site, and what each holds) and the accessibility statement
(无障碍声明) that Chinese government sites carry.

The site map follows the navigation of ``mkdocs.yml`` (handed over by the adapter as plain
:class:`MapEntry` values, so hand-written pages appear under their own titles) and adds, under
each generated index, the pages it leads to (every column, district, bulletin, report, unit …).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.bulletins import Bulletin
from ..engine.model import SiteModel
from ..engine.periods import periods
from ..settings import Settings

__all__ = ["AccessibilityView", "MapEntry", "SiteMapView", "accessibility_view", "site_map"]


@dataclass(frozen=True)
class MapEntry:
    """A section or page of the site map: title, address (relative to the site root), sub-pages."""

    title: str
    url: str
    children: list[MapEntry] = field(default_factory=list)
    linked: bool = True
    """False for a section of the navigation that is only a heading (it has no page of its own)."""


@dataclass(frozen=True)
class SiteMapView:
    """The 网站地图 page."""

    settings: Settings
    sections: list[MapEntry]


def _generated(model: SiteModel, bulletins: list[Bulletin]) -> dict[str, list[MapEntry]]:
    """The pages under each generated index, by the index's address: at most ``page_size`` of
    them, then a line leading to the index for the rest (a map of 10,000 columns would be a
    megabyte; the index pages list them all, page by page)."""
    d = model.data
    size = d.settings.page_size
    return {url: pages if len(pages) <= size else [*pages[:size], MapEntry(f"……全部 {len(pages)} 个，见索引页", url)]
            for url, pages in _every(model, bulletins).items()}


def _every(model: SiteModel, bulletins: list[Bulletin]) -> dict[str, list[MapEntry]]:
    d = model.data
    return {
        "projects/": [MapEntry(f"{s.project.order}. {s.project.title}", f"projects/{s.project.id}/") for s in model.statuses],
        "districts/": [MapEntry(x.name, f"districts/{x.id}/") for x in d.districts.values()],
        "bulletins/": [MapEntry(f"{b.month.year}年{b.month.month}月通报", f"bulletins/{b.month}/") for b in reversed(bulletins)],
        "reports/": [MapEntry(f"{p.title}报告", f"reports/{p.slug}/") for p in periods(model)],
        "units/": [MapEntry(u.name, f"units/{u.id}/") for u in model.units],
        "leaders/": [MapEntry(f"{x.name}（{x.post}）", f"leaders/{x.id}/") for x in d.leaders.values()],
        "cases/praise/": [MapEntry(c.title, f"cases/praise/{c.slug}/") for c in model.cases if c.kind.value == "praise"],
        "cases/exposed/": [MapEntry(c.title, f"cases/exposed/{c.slug}/") for c in model.cases if c.kind.value == "exposed"],
    }


def site_map(model: SiteModel, bulletins: list[Bulletin], nav: list[MapEntry]) -> SiteMapView:
    """The site map: the navigation's sections, each generated index with its pages, and the
    reader's pages (accessibility statement, this map) that are linked from every page's toolbar."""
    under = _generated(model, bulletins)

    def fill(entry: MapEntry) -> MapEntry:
        return MapEntry(entry.title, entry.url, [fill(c) for c in entry.children] + under.get(entry.url, []), entry.linked)

    sections = [fill(e) for e in nav]
    listed = {e.url for e in sections} | {c.url for e in sections for c in e.children}
    sections += [e for e in (MapEntry("无障碍声明", "accessibility/"), MapEntry("网站地图", "sitemap/")) if e.url not in listed]
    return SiteMapView(model.data.settings, sections)


@dataclass(frozen=True)
class AccessibilityView:
    """The accessibility statement (无障碍声明)."""

    settings: Settings


def accessibility_view(settings: Settings) -> AccessibilityView:
    """The statement's view: what the site meets and how to reach the office."""
    return AccessibilityView(settings)
