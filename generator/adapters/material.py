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

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

__all__ = ["NavCache", "Rendered", "quick_theme_listing", "valid_toggles"]

_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
                     r'id="__(?:drawer|search)") autocomplete="off">')


_LISTINGS: dict[str, list[str]] = {}


def quick_theme_listing(config: MkDocsConfig, remember: bool) -> None:
    """Have MkDocs list the theme's files without walking hidden folders; with ``remember`` (while
    serving), list Material's installed files once per process.

    MkDocs copies the theme's static files: it lists every file of the theme's folders through
    Jinja's loader and drops, among others, every path with a part that starts with a dot. Material
    keeps its 14,500 icons in ``.icons``, so the listing and its filter took 0.07 s of each build
    for the 50 files copied. Hidden folders are not walked: the files MkDocs copies are the same.
    Material's folders do not change while serving; the project's own theme folder, which may, is
    listed every time."""
    theme = config.theme
    original: Callable[[], Environment] = theme.get_env
    custom = {str(Path(theme.custom_dir).resolve())} if theme.custom_dir else set()

    def get_env() -> Environment:
        env = original()
        loader = env.loader
        if not isinstance(loader, FileSystemLoader):
            return env
        own = [p for p in loader.searchpath if str(Path(p).resolve()) in custom]
        fixed = [p for p in loader.searchpath if p not in own]

        def listing() -> list[str]:
            if not remember:
                return _without_hidden(loader.searchpath)
            key = repr(fixed)
            if key not in _LISTINGS:
                _LISTINGS[key] = _without_hidden(fixed)
            return sorted(set(_LISTINGS[key]) | set(_without_hidden(own)))

        loader.list_templates = listing  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _without_hidden(folders: list[str]) -> list[str]:
    """What Jinja's ``FileSystemLoader.list_templates`` lists, less the files in hidden folders."""
    found: set[str] = set()
    for folder in folders:
        for path, subfolders, names in os.walk(folder):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            where = path[len(folder):].strip(os.path.sep).replace(os.path.sep, "/")
            found.update(f"{where}/{name}" if where else name for name in names)
    return sorted(found)


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
