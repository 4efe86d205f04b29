"""Material's markup where no partial can be overridden, made valid HTML; its navigation
sidebar rendered once for the pages that share it.

Material's ``base.html`` (not a partial) writes the drawer and search toggles as
``<input type="checkbox" … autocomplete="off">``; ``autocomplete`` is not allowed on a checkbox
(the Nu HTML checker's error on every page). Material sets it so that Firefox does not restore a
toggle's state when a reader comes back with the back button; ``theme/assets/duban-input.js``
clears both toggles on ``pageshow`` instead. Every other invalid pattern is fixed by a partial in
``theme/partials/``.

Material renders the whole navigation sidebar for every page: a tenth of the parent process's
time in a 1,000-project build. On a page outside the navigation (every column, unit, bulletin,
numbered page) no entry is active, so the sidebar depends on the page only through its relative
links; ``theme/partials/nav.html`` asks :class:`NavCache` for the sidebar of those links and
renders it only when it is new. Two more parts are the same on many pages and are kept in a
:class:`Rendered` of the build: the search dialog (``theme/partials/search.html``: the same on
every page) and the ``__config`` script (``theme/main.html``: the same for each ``base_url``).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

__all__ = ["NavCache", "Rendered", "valid_toggles"]

_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
                     r'id="__(?:drawer|search)") autocomplete="off">')


def valid_toggles(page_html: str) -> str:
    """``page_html`` with the two toggles' ``autocomplete`` attribute removed."""
    return _TOGGLE.sub(r"\1>", page_html, count=2)


class Rendered:
    """Parts of the theme rendered once in a build for each key: what the part depends on."""

    def __init__(self) -> None:
        self.rendered: dict[Any, str] = {}

    def get(self, key: Any) -> str | None:
        return self.rendered.get(key)

    def keep(self, key: Any, html: str) -> str:
        self.rendered[key] = html
        return html


class NavCache(Rendered):
    """The navigation sidebars of one build, by the relative links of the page they are on."""

    def __init__(self, nav: Navigation, config: MkDocsConfig) -> None:
        super().__init__()
        self.in_nav = {page.file.src_uri for page in nav.pages}
        homepage = config.extra.get("homepage") or (nav.homepage.url if nav.homepage is not None else "")
        logo = config.theme.get("logo")
        # Every address the sidebar's templates pass to MkDocs' `url` filter.
        self.targets = tuple(str(t) for t in (homepage, logo, *_urls(nav.items)) if t is not None)

    def key(self, page: Page | None) -> tuple[str, ...] | None:
        """What the sidebar of ``page`` depends on (``None``: render it, it is not shared): the
        ``url`` filter's answer for each address, as the theme would compute it on this page."""
        if page is None or page.file.src_uri in self.in_nav:
            return None
        return tuple(normalize_url(target, page=page) for target in self.targets)


def _urls(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if getattr(item, "url", None) is not None:
            out.append(item.url)
        out += _urls(getattr(item, "children", None) or [])
    return out
