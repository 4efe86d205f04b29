"""The 引用与嵌入 (cite and embed) box of a column: permalinks, citation lines and embed snippets.

The citation is dated by the data — the as-of month and the publication date of the latest
bulletin — never by the clock: a static page cannot know when it is read, so the reader adds the
date of access where the citation style asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import escape

from ..data.horizon import published_through
from ..dates import Month
from ..engine.model import SiteModel
from ..engine.status import ProjectStatus
from .embeds import embed_path

__all__ = ["CiteBox", "cite_box"]


@dataclass(frozen=True)
class CiteBox:
    """Everything the box prints, as plain text (the template escapes it)."""

    permalink: str
    """The column's address (absolute with ``site_url``)."""
    sealed: str | None
    """The project's line in the latest published bulletin: a record that no longer changes."""
    sealed_path: str
    """The same, relative to the site root."""
    sealed_label: str
    citation: str
    """The line a newsroom prints."""
    reference: str
    """GB/T 7714-2015 style, for papers."""
    iframe: str
    badge: str
    """The badge's path, relative to the site root (shown next to its snippet)."""
    badge_snippet: str
    feed: str
    """The column's Atom feed, relative to the site root."""
    relative: bool
    """No ``site_url``: the snippets' addresses are relative and need the site's address in front."""


def _day(d: date) -> str:
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def cite_box(model: SiteModel, s: ProjectStatus, row_pages: dict[tuple[Month, str], str]) -> CiteBox:
    """The box of one column; ``row_pages`` as :func:`views.report_groups` takes it."""
    settings = model.data.settings
    p = s.project
    url = settings.absolute(f"projects/{p.id}/")
    month = published_through(model.data)
    latest = model.data.snapshots[month] if month else None
    sealed_path = f"{row_pages.get((latest.month, p.id), f'bulletins/{latest.month}/')}#row-{p.id}" if latest else ""
    sealed = settings.absolute(sealed_path) if latest else None
    sealed_label = f"{latest.month.year}年{latest.month.month}月通报中的本项目（已发布，不再改动）" if latest else ""
    if settings.preview:
        when = "预览，未发布，不得引用"
    else:
        when = f"截至 {settings.as_of_label}" + (f"，{_day(latest.published)}发布" if latest and latest.published else "")
    citation = f"{settings.office}，《{p.title}》（{settings.site_title}），{when}，{url}，访问于（填写访问日期）。"
    published = f"({latest.published.isoformat()})" if latest and latest.published else ""
    reference = f"{settings.office}. {p.title}[EB/OL]. {published}[引用日期]. {url}."
    embed = settings.absolute(embed_path(p.id))
    title = f"{p.title}：督办进展"
    iframe = (f'<iframe src="{escape(embed)}" title="{escape(title)}" width="400" height="300" loading="lazy" '
              'style="border:0;max-width:100%" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>')
    alt = f"{p.title}：{s.current.status.label}（截至 {settings.as_of_label}）"
    badge_snippet = (f'<a href="{escape(url)}"><img src="{escape(settings.absolute(embed_path(p.id) + "badge.svg"))}" '
                     f'alt="{escape(alt)}" height="20"></a>')
    return CiteBox(url, sealed, sealed_path, sealed_label, citation, reference, iframe, f"{embed_path(p.id)}badge.svg",
                   badge_snippet, f"feeds/projects/{p.id}.xml", not settings.site_url)
