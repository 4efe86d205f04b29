"""Everything for media editors and re-users, rendered in one step after the pages: feeds, the
deadline calendars, embeds, open data, share images, ``robots.txt``, the 订阅与嵌入 and 开放数据
pages, and what each page tells sharers (its last change, its share image, its feeds).

All of it comes from the same model as the pages, so a public build carries only what the office
has published and a preview carries the draft month, marked.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from ..data.statuses import Status
from ..engine.bulletins import Bulletin
from ..engine.model import SiteModel
from ..engine.periods import SpecialReport
from ..settings import Settings
from . import embeds, feedwriter, ical, opendata
from .datafields import RESOURCES, SCHEMA_VERSION, Resource
from .feeds import Feed, feeds
from .pages import _ENV, AssetSpec, PageSpec, _render
from .share import SITE_IMAGE, bulletin_image_path, project_image_path, share_images
from .views import context

__all__ = ["FeedLink", "PageShare", "Reuse", "render_reuse"]

SCHEMA = "data/schema/project.json"
"""The JSON Schema of the project files, when the site publishes it."""


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel="alternate">`` of a page: fixed label, type and path (no data text)."""

    label: str
    type: str
    href: str
    """Relative to the site root."""


@dataclass(frozen=True)
class PageShare:
    """What a page tells sharers and crawlers."""

    updated: date
    """The day of the latest record the page shows: the sitemap's ``lastmod`` (never the build date)."""
    image: str
    """Its share image, relative to the site root."""
    kind: str = "website"
    """Open Graph type: ``article`` for a column, a bulletin, a report or a case."""
    feeds: list[FeedLink] = field(default_factory=list)


@dataclass(frozen=True)
class Reuse:
    """What this step adds to the render phase's output."""

    pages: list[PageSpec]
    assets: list[AssetSpec]
    sharing: dict[str, PageShare]
    """By page source path (``projects/gas-safety.md``); pages not listed use :attr:`default`."""
    default: PageShare


# ---------------------------------------------------------------- the two pages


@dataclass(frozen=True)
class CalendarFile:
    """One calendar on the 订阅与嵌入 page."""

    name: str
    path: str
    events: int


@dataclass(frozen=True)
class EmbedFolder:
    """One project's embeds on the 订阅与嵌入 page."""

    title: str
    folder: str


@dataclass(frozen=True)
class Cut:
    """For each list of the 订阅与嵌入 page cut at ``page_size``, how many it has in all (0: not
    cut). The page of a 10,000-project list stays small; every column and unit page links its own
    feed, calendar and embed, by the address rule the page states."""

    projects: int = 0
    units: int = 0
    calendars: int = 0
    """Unit calendars (the site's calendar is always listed)."""
    embeds: int = 0


@dataclass(frozen=True)
class FeedsView:
    """The 订阅与嵌入 page: every feed, every calendar, the embeds."""

    settings: Settings
    site: list[Feed]
    projects: list[Feed]
    units: list[Feed]
    calendars: list[CalendarFile]
    """The site-wide calendar first, then one per unit."""
    embeds: list[EmbedFolder]
    bulletin_embed: str | None
    more: Cut
    """How many of each list there are in all, where the page shows only ``page_size`` of them."""
    shown: int
    """``page_size``: how many of a cut list are shown."""


@dataclass(frozen=True)
class DataFile:
    """One exported table on the data page."""

    resource: Resource
    path: str
    rows: int


@dataclass(frozen=True)
class DataView:
    """The 开放数据 page."""

    settings: Settings
    files: list[DataFile]
    statuses: list[Status]
    version: str
    schema: str | None
    """The project files' JSON Schema, when published."""


def _calendars(model: SiteModel) -> tuple[list[AssetSpec], list[CalendarFile]]:
    d = model.data
    settings = d.settings
    items = ical.deadlines(model)
    events: dict[str, bytes] = {}  # each event written once, for the site's calendar and its units'
    # Each calendar is assembled from those bytes as its file is written (not all held at once).
    site_title = f"{settings.site_title} · 截止日期"
    assets = [AssetSpec(ical.calendar_path(), functools.partial(ical.ical, settings, site_title, items, events))]
    listed = [CalendarFile("全市", ical.calendar_path(), len(items))]
    for unit, mine in ical.unit_calendars(model, items).items():
        name = d.units[unit].name
        make = functools.partial(ical.ical, settings, f"{name} · 截止日期", mine, events)
        assets.append(AssetSpec(ical.calendar_path(unit), make))
        listed.append(CalendarFile(name, ical.calendar_path(unit), len(mine)))
    return assets, listed


def _embeds(model: SiteModel, bulletins: list[Bulletin]) -> list[AssetSpec]:
    latest = next((b for b in reversed(bulletins) if b.published or model.data.settings.preview), None)
    published = latest.published if latest else None
    out = []
    for s in model.statuses:
        folder = embeds.embed_path(s.project.id)
        card = embeds.project_card(model, s, published)
        out.append(AssetSpec(folder + "index.html", functools.partial(_fill, "embed_project.html", card)))
        out.append(AssetSpec(folder + "badge.svg", functools.partial(_fill, "badge.svg", embeds.badge(model, s))))
    for b in bulletins:
        keys = [str(b.month)] + (["latest"] if b is latest else [])
        for key in keys:
            view = embeds.bulletin_card(model, b, key)
            out.append(AssetSpec(embeds.embed_path(f"bulletins/{key}") + "index.html",
                                 functools.partial(_fill, "embed_bulletin.html", view)))
    return out


def _fill(template: str, view: object) -> str:
    return _ENV.get_template(template).render(**context(view))


def _robots(settings: Settings) -> AssetSpec:
    if settings.preview:  # a preview is never for search engines
        return AssetSpec("robots.txt", "User-agent: *\nDisallow: /\n")
    lines = ["User-agent: *", "Allow: /"]
    if settings.site_url:
        lines.append(f"Sitemap: {settings.absolute('sitemap.xml')}")
    return AssetSpec("robots.txt", "\n".join(lines) + "\n")


# ---------------------------------------------------------------- what each page tells sharers


def _sharing(model: SiteModel, bulletins: list[Bulletin], all_feeds: list[Feed], pages: list[PageSpec]) -> dict[str, PageShare]:
    settings = model.data.settings
    record = settings.as_of_date
    by_slug = {f.slug: f for f in all_feeds}

    def links(*slugs: str) -> list[FeedLink]:
        out = []
        for slug in slugs:
            f = by_slug[slug]
            out += [FeedLink(f"{_LABELS.get(slug, '动态')}（Atom）", "application/atom+xml", f.atom),
                    FeedLink(f"{_LABELS.get(slug, '动态')}（JSON Feed）", "application/feed+json", f.json)]
        return out

    site = links("site", "bulletins", "cases")
    out = {spec.path: PageShare(record, SITE_IMAGE) for spec in pages}
    out["index.md"] = out["feeds/index.md"] = PageShare(record, SITE_IMAGE, "website", site)
    out["bulletins/index.md"] = PageShare(by_slug["bulletins"].updated, SITE_IMAGE, "website", links("bulletins"))
    for kind in ("praise", "exposed"):
        out[f"cases/{kind}/index.md"] = PageShare(by_slug["cases"].updated, SITE_IMAGE, "website", links("cases"))
    for b in bulletins:
        day = max([b.published or record, *(c.when for c in b.corrections if c.when)])
        out[f"bulletins/{b.month}.md"] = PageShare(day, bulletin_image_path(b.month), "article", links("bulletins"))
    for s in model.statuses:
        f = by_slug[f"projects/{s.project.id}"]
        out[f"projects/{s.project.id}.md"] = PageShare(max(f.updated, record), project_image_path(s.project.id), "article",
                                                       links(f.slug))
    for unit in model.roles:
        f = by_slug[f"units/{unit}"]
        out[f"units/{unit}.md"] = PageShare(max(f.updated, record), SITE_IMAGE, "website",
                                            [*links(f.slug), FeedLink("截止日期日历（iCalendar）", "text/calendar",
                                                                      ical.calendar_path(unit))])
    for c in model.cases:
        out[f"cases/{c.kind.value}/{c.slug}.md"] = PageShare(max([c.date, *(u.date for u in c.updates)]), SITE_IMAGE, "article",
                                                            links("cases"))
    for sr_path in [p.path for p in pages if p.path.startswith("reports/")]:
        out[sr_path] = PageShare(record, SITE_IMAGE, "article", links("site"))
    return out


_LABELS = {"site": "全站动态", "bulletins": "月度通报", "cases": "典型案例"}


def render_reuse(model: SiteModel, bulletins: list[Bulletin], specials: list[SpecialReport], pages: list[PageSpec],
                 assets: list[AssetSpec]) -> Reuse:
    """Feeds, calendars, embeds, open data, share images, robots.txt and their two pages."""
    d = model.data
    settings = d.settings
    all_feeds = feeds(model, bulletins, specials)
    # Feeds, embeds and share images are made as each file is written, not all held at once.
    out = [AssetSpec(f.atom, functools.partial(feedwriter.atom, settings, f)) for f in all_feeds]
    out += [AssetSpec(f.json, functools.partial(feedwriter.json_feed, settings, f)) for f in all_feeds]
    calendars, listed = _calendars(model)
    out += calendars
    out += _embeds(model, bulletins)
    exports = opendata.export_files(model, bulletins)
    out += [AssetSpec(path, content) for path, content in exports.items()]
    out += [AssetSpec(path, content) for path, content in share_images(model, bulletins).items()]
    out.append(_robots(settings))
    latest = "bulletins/latest" if any(b.published or settings.preview for b in bulletins) else None
    project_feeds = [f for f in all_feeds if f.slug.startswith("projects/")]
    unit_feeds = [f for f in all_feeds if f.slug.startswith("units/")]
    folders = [EmbedFolder(s.project.title, embeds.embed_path(s.project.id)) for s in model.statuses]
    size = settings.page_size
    more = Cut(*(len(v) if len(v) > size else 0 for v in (project_feeds, unit_feeds, listed[1:], folders)))
    feeds_view = FeedsView(settings, [f for f in all_feeds if "/" not in f.slug], project_feeds[:size], unit_feeds[:size],
                           listed[: size + 1], folders[:size], embeds.embed_path(latest) if latest else None, more, size)
    published = {a.path for a in [*assets, *out]}
    counts = [opendata.count(model, r) for r in RESOURCES]
    data_view = DataView(settings, [DataFile(r, f"data/{r.name}.csv", n) for r, n in zip(RESOURCES, counts, strict=True)],
                         list(Status), SCHEMA_VERSION, SCHEMA if SCHEMA in published else None)
    new_pages = [
        PageSpec("feeds/index.md", "订阅与嵌入", _render("feeds.md", "feeds/index.md", feeds_view),
                 description="订阅月度通报、项目专栏和责任单位的动态（Atom、JSON Feed），截止日期日历，嵌入卡片和状态徽章"),
        PageSpec("data/index.md", "开放数据", _render("data.md", "data/index.md", data_view),
                 description="项目、逐月计划与状态、整改、市民意见和案例的开放数据（CSV、JSON）及其字段说明"),
    ]
    sharing = _sharing(model, bulletins, all_feeds, [*pages, *new_pages])
    return Reuse(new_pages, out, sharing, PageShare(settings.as_of_date, SITE_IMAGE))
