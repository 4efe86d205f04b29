"""Embeds for news sites, without JavaScript: a status badge (SVG) and a card (HTML) per project,
and a card per published bulletin (the latest one also at a fixed address).

A card is one self-contained file: its only style is one ``<style>`` block, allowed by its hash
in the card's own Content-Security-Policy; no script, no font, no request to any host; links open
the column in a new window (a news CMS puts it in an ``<iframe>``). The badge's text is fitted
with ``textLength``, so it reads right at any size and in whatever Chinese system font the reader
has; it never needs a web font.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from ..data.models import Project
from ..data.snapshots import BulletinRow
from ..engine.bulletins import Bulletin, Naming
from ..engine.model import SiteModel
from ..engine.status import HEADLINE_ORDER, MonthStatus, ProjectStatus, StatusCount
from ..formats import amount, pct
from ..settings import Settings
from .chart import LIGHT_COLOURS
from .paging import Part

__all__ = ["CARD_CSS", "EMBED_CSP", "Badge", "BulletinCard", "ProjectCard", "badge", "bulletin_card", "embed_path",
           "project_card"]

FONTS = ('-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
         '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')
"""System fonts with Chinese glyphs on every common platform: no web font is ever loaded."""

CARD_CSS = (
    "*{box-sizing:border-box}"
    f"body{{margin:0;font:14px/1.6 {FONTS};color:#212121;background:#fff}}"
    ".card{border:1px solid #e0e0e0;border-left:6px solid #616161;padding:10px 14px;max-width:560px}"
    ".card--green{border-left-color:#1b7f3b}.card--red{border-left-color:#c62828}"
    ".card--blue{border-left-color:#1565c0}.card--grey{border-left-color:#9e9e9e}.card--yellow{border-left-color:#b58100}"
    "p,h1,ul{margin:0 0 6px}h1{font-size:17px;line-height:1.4}a{color:#0d47a1}"
    ".site,.meta,.duban-sample,.duban-preview{font-size:12px;color:#616161}.site a{color:inherit;text-decoration:none}"
    ".status{display:flex;align-items:center;gap:6px}.dot{width:12px;height:12px;flex:none}"
    ".bar{display:block;width:100%;height:8px;margin:0 0 6px}"
    ".warning{color:#8a6200;font-size:13px}.mark{display:inline-block;font-size:12px;padding:0 6px;"
    "background:#fff3cd;color:#5d4200;border-radius:3px;margin-right:6px}"
    "ul{padding-left:18px;font-size:13px}.counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px}"
    ".more{font-size:13px}"
)
"""The cards' only style (their policy allows exactly this text, by hash)."""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


EMBED_CSP = f"default-src 'none'; style-src {_hash(CARD_CSS)}; img-src 'self' data:; base-uri 'none'; form-action 'none'"
"""The cards' own policy (a ``<meta>``): no script at all, no request to any host. A web server
serving ``/embed/`` must let other sites frame it (no ``X-Frame-Options``; ``frame-ancestors *``)."""


def embed_path(key: str) -> str:
    """The folder of an embed in the site: ``embed/<project-id>/`` or ``embed/bulletins/<yyyy-mm|latest>/``."""
    return f"embed/{key}/"


@dataclass(frozen=True)
class Common:
    """What every card says besides its subject: whose site, as of when, whether sample or preview."""

    site: str
    home: str
    office: str
    as_of: str
    published: date | None
    sample: bool
    preview: bool
    robots: str
    """Never indexed by itself (the column is the page to find); a preview is not followed either."""
    css: Markup
    """:data:`CARD_CSS`, unescaped: its hash is in :data:`EMBED_CSP`."""
    csp: str
    style: str
    """How prose states large quantities (``Settings.quantity_style``)."""


def _common(settings: Settings, published: date | None, root: str) -> Common:
    return Common(settings.site_title, _link(settings, root, ""), settings.office, settings.as_of_label, published,
                  settings.sample, settings.preview, "noindex, nofollow" if settings.preview else "noindex",
                  Markup(CARD_CSS), EMBED_CSP, settings.quantity_style)  # noqa: S704 - a constant of this module


def _link(settings: Settings, root: str, path: str) -> str:
    """Absolute with ``site_url`` (the card may be copied elsewhere); else relative to the card."""
    return settings.absolute(path) if settings.site_url else root + path


@dataclass(frozen=True)
class ProjectCard:
    """A project's card: status light and wording, figures, as-of month, link to the column."""

    c: Common
    p: Project
    ms: MonthStatus
    colour: str
    bar: float
    """Width of the progress bar's filled part, 0–100."""
    lead_unit: str
    column: str


def project_card(model: SiteModel, s: ProjectStatus, published: date | None) -> ProjectCard:
    """The card of a project at the as-of month (``published``: the latest bulletin's date)."""
    settings = model.data.settings
    root = "../../"
    p, ms = s.project, s.current
    return ProjectCard(_common(settings, published, root), p, ms, LIGHT_COLOURS[ms.light],
                       min(ms.percent_of_target or 0.0, 100.0), model.data.units[p.lead_unit].name,
                       _link(settings, root, f"projects/{p.id}/"))


@dataclass(frozen=True)
class BulletinCard:
    """A bulletin's card: headline counts, the units it names, the lagging projects, a link to it."""

    c: Common
    b: Bulletin
    title: str
    counts: list[StatusCount]
    """Non-zero counts, in bulletin order."""
    colours: dict[object, str]
    link: str
    behind: Part[BulletinRow]
    named: Part[Naming]
    """At most :data:`CARD_LINES` of each: a card stays a card however long the list."""


CARD_LINES = 10
"""Lagging projects and namings a bulletin's card lists (the rest: 另有 N …)."""


def bulletin_card(model: SiteModel, b: Bulletin, key: str) -> BulletinCard:
    """The card of bulletin ``b``, placed at ``embed/bulletins/<key>/``."""
    settings = model.data.settings
    root = "../../../"
    title = f"{b.month.year}年{b.month.month}月重点民生实事项目推进情况通报"
    return BulletinCard(_common(settings, b.published, root), b, title, [c for c in b.counts if c.n],
                        {s: LIGHT_COLOURS[s.base_light] for s in HEADLINE_ORDER}, _link(settings, root, f"bulletins/{b.month}/"),
                        Part.of(b.behind, CARD_LINES), Part.of(b.named, CARD_LINES))


# ---------------------------------------------------------------- badge


_SIZE = 11
_PAD = 6


def _width(text: str) -> float:
    """Text width in px at the badge's font size: Chinese characters are square, others about 0.62 em."""
    return sum(_SIZE if ord(ch) >= 0x2E80 else _SIZE * 0.62 for ch in text)


@dataclass(frozen=True)
class Segment:
    """One coloured part of the badge with its text."""

    x: float
    width: float
    text: str
    text_width: float
    fill: str

    @property
    def centre(self) -> float:
        """Where the text is centred."""
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Badge:
    """The SVG badge: its parts, size and accessible title."""

    title: str
    segments: list[Segment]
    width: float
    height: int
    fonts: str


def _segments(parts: list[tuple[str, str]]) -> list[Segment]:
    out, x = [], 0.0
    for text, fill in parts:
        tw = round(_width(text), 1)
        w = round(tw + 2 * _PAD, 1)
        out.append(Segment(round(x, 1), w, text, tw, fill))
        x += w
    return out


def badge(model: SiteModel, s: ProjectStatus) -> Badge:
    """The badge of ``p`` at the as-of month: title, status light and wording, % of the annual target."""
    settings = model.data.settings
    month = settings.as_of
    p, ms = s.project, s.current
    value = ms.status.short + (f" {pct(ms.percent_of_target)}" if p.numeric and ms.due else "")
    parts = [(f"{p.title}（{month.month}月）", "#424242"), (f"● {value}", LIGHT_COLOURS[ms.light])]
    if settings.sample:
        parts.append(("示例", "#5d4200"))
    if settings.preview:
        parts.append(("预览", "#b71c1c"))
    figures = (f"，累计完成 {amount(ms.cumulative, p.measure, settings.quantity_style)}，占全年目标的 {pct(ms.percent_of_target)}"
               if p.numeric and ms.due else "")
    title = (f"{p.title}：{ms.status.label}{figures}（截至 {settings.as_of_label}，{settings.office}）"
             + ("，示例数据" if settings.sample else "") + ("，预览，未发布" if settings.preview else ""))
    segments = _segments(parts)
    return Badge(title, segments, round(sum(s.width for s in segments), 1), 20, FONTS)
