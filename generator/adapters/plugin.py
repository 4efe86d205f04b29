"""The MkDocs adapter: options in, page specs out as virtual files. No business logic.

Each event does one job and delegates (mkdocs-gen-files' ``plugin.py``): ``on_config``
turns the options into core settings, ``on_files`` runs the core pipeline and adds its
pages, ``on_page_markdown`` sets escaped titles (and takes generated pages off Markdown),
``on_page_context`` renders a generated page's HTML as it is written and indexes it for
search, ``on_post_page`` frees it, ``on_page_content`` sanitizes editors' pages. While
serving, :mod:`.serving` reuses pages that did not change.
"""

from __future__ import annotations

import calendar
import html
import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.templates import TemplateContext

from ..errors import DataErrors
from ..pipeline import Output, build
from ..render.markup import Heading, Html
from ..render.pages import PageSpec, use_template_cache
from ..render.sanitize import sanitize_html
from ..settings import Settings
from .config import DubanConfig, settings_from
from .search import add_entry, add_words, index_as_utf8, load_search_terms, material_search, template_cache
from .serving import LiveCache, fast_polling, nav_fingerprint, remember_theme_listing, with_unchanged_template

log = logging.getLogger("mkdocs.plugins.duban")

__all__ = ["DubanPlugin"]


def _meta(title: str, description: str, extra: dict[str, object] | None = None) -> dict[str, object]:
    # MkDocs renders titles and meta without autoescape: escape here. Meta is set on the
    # page object, never written as YAML front matter that data could break out of.
    return {"title": html.escape(title), "description": html.escape(description), **(extra or {})}


class DubanPlugin(BasePlugin[DubanConfig]):  # type: ignore[type-var,valid-type]
    """Generates the project columns, unit pages, bulletins and reports from ``data/``."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.output: Output | None = None
        self.pages: dict[str, PageSpec] = {}
        self.serving = False
        self.live = LiveCache()
        self.nav = ""
        self.anchored: set[str] = set()
        self.search: Any | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether MkDocs is serving (then this plugin object lives across rebuilds)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the options into core settings and watch the data folder."""
        if not config.use_directory_urls:
            raise PluginError("duban: use_directory_urls must stay true (column URLs are /projects/<id>/)")
        settings = settings_from(self.config, config.config_file_path, config.docs_dir)
        if self.serving:  # a saved change should show at once: Word and WeChat files wait for `duban build`
            settings = replace(settings, documents=False)
            self.live.start(config)
            remember_theme_listing(config)
        self.settings = settings
        use_template_cache(template_cache())
        config.watch.append(str(settings.data_dir))
        # MkDocs stamps the sitemap (and its gzip header) with the build date; make that the
        # data's as-of date so the same data builds byte-identical output.
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(settings.as_of.last_day.timetuple()))
        config.extra["duban"] = {
            "sample": settings.sample, "office": settings.office, "city": settings.city,
            "as_of": f"{settings.as_of.year} 年 {settings.as_of.month} 月底",
        }
        load_search_terms(settings.data_dir / "search-terms.txt")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Run the core pipeline, then add every page and file it made as a virtual file."""
        assert self.settings is not None
        try:
            self.output = output = build(self.settings)
        except DataErrors as exc:
            raise PluginError(exc.report()) from None
        for src_uri in output.not_pages:
            file = files.get_file_from_path(src_uri)
            if file is not None:
                files.remove(file)
        self.pages = {spec.path: spec for spec in output.pages}
        add_words([d.name for d in output.derived.model.data.districts.values()])
        self.search = search = material_search(config)
        if search is not None:
            index_as_utf8(search)
        docs_dir, root = Path(config.docs_dir).resolve(), self.settings.project_root
        for spec in output.pages:
            if files.get_file_from_path(spec.path) is not None:
                raise PluginError(f"duban: {config.docs_dir}/{spec.path} 与自动生成的页面冲突 / "
                                  "conflicts with a generated page; rename or remove it")
            file = File.generated(config, spec.path, content="")  # the body is rendered when the page is written
            if spec.source is not None:  # edit links open the data file the page comes from
                file.edit_uri = Path(os.path.relpath(root / spec.source, docs_dir)).as_posix()
            files.append(file)
        for asset in output.assets:
            files.append(File.generated(config, asset.path, content=asset.content))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """While serving, note the navigation (a page that is reused must show the same one)."""
        if self.serving:
            self.nav = nav_fingerprint(nav)
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give generated pages and case pages their (escaped) title and description."""
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            page.meta = _meta(spec.title, spec.description, spec.meta)
            _without_markdown(page)
            if self.serving:
                self.live.prepare(page, spec, self.nav)
        case = self.output.case_pages.get(page.file.src_uri) if self.output else None
        if case is not None:
            # Front matter is editors' text: MkDocs would show it unescaped, so replace it.
            page.meta = _meta(case.title, case.title)
        return markdown

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Keep the theme's compiled templates between builds (Jinja's own per-user cache), and
        note which pages hand-written pages link into with an ``#anchor`` (MkDocs checks those)."""
        self.anchored = _anchored(files)
        env.bytecode_cache = template_cache()
        return with_unchanged_template(env) if self.serving else env

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Notice saved files sooner (see :mod:`.serving`)."""
        fast_polling(server)
        return server

    @event_priority(50)  # before Material's search plugin reads the page
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Render a generated page's body now, as it is written, and index what citizens search."""
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            _fill(page, self.live.html(spec.path) or spec.html(), spec.path in self.anchored)
            context["duban_output"] = self.live.previous(spec.path) if self.serving else None  # type: ignore[typeddict-unknown-key]
            if self.search is not None and not spec.search_page:
                add_entry(self.search, page, spec)
        return context

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Free the page's body once it is written: a big site never holds every body at once."""
        if self.serving:
            self.live.remember(page.file.src_uri, output)
        page.content = None
        page.toc = TableOfContents([])
        return output

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitize hand-written pages (and case articles): editors' raw HTML never runs."""
        if page.file.src_uri in self.pages:
            return html_text  # generated: every value escaped at render time
        return _with_case_head(self.output, page, sanitize_html(html_text))


def _with_case_head(output: Output | None, page: Page, html_text: str) -> str:
    """A case page's facts block (escaped HTML from the core) above the editor's article: added
    as HTML, after the article is sanitized, rather than handed to Markdown to read back."""
    case = output.case_pages.get(page.file.src_uri) if output else None
    return html_text if case is None else f"{case.head}\n{html_text}"


def _without_markdown(page: Page) -> None:
    """A generated page is not parsed as Markdown: its HTML comes from the core when it is written."""
    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""  # filled in on_page_context, just before the theme renders the page

    setattr(page, "render", render)  # noqa: B010 - replaces the method on this one page object


def _toc(headings: list[Heading]) -> list[AnchorLink]:
    links = []
    for h in headings:
        link = AnchorLink(h.title, h.id, h.level)
        link.children = _toc(h.children)
        links.append(link)
    return links


def _anchored(files: Files) -> set[str]:
    """Pages that a Markdown page links to with an anchor (``projects/gas-safety.md#plan``)."""
    return {target.src_uri for file in files.documentation_pages() if file.page is not None
            for target in (file.page.links_to_anchors or {})}


def _fill(page: Page, body: Html, anchored: bool) -> None:
    """What MkDocs' Markdown rendering would have set on the page. The page's ids are kept only
    where a hand-written page links to one of them (MkDocs checks those links at the end)."""
    page.content = body.content
    page.toc = TableOfContents(_toc(body.toc))
    page.present_anchor_ids = set(body.ids) if anchored else None
